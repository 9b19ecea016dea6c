#pragma once

// Shared helpers of the chaos tests: the reference Chaos Mesh data and the CRD registries.

#include "chaos/manifest/crdregistry.h"

#include <QDir>
#include <QString>
#include <QTest>

#include <memory>

namespace meshscope::chaos::fixtures {

inline QString referenceDir()
{
    return QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/chaos-mesh");
}

// Every CRD of the reference (Workflow, TimeChaos, StatusCheck... as well as the shipped ones).
inline std::shared_ptr<const CrdRegistry> referenceRegistry()
{
    static std::shared_ptr<const CrdRegistry> registry = [] {
        auto loaded = CrdRegistry::loadDirectory(referenceDir() + QStringLiteral("/crds"));
        if (!loaded)
            qFatal("reference CRDs: %s", qPrintable(loaded.error()));
        return std::make_shared<const CrdRegistry>(std::move(loaded.value()));
    }();
    return registry;
}

inline std::shared_ptr<const CrdRegistry> builtInRegistry()
{
    const auto &builtIn = CrdRegistry::builtIn();
    if (!builtIn)
        qFatal("built-in CRDs: %s", qPrintable(builtIn.error()));
    return *builtIn;
}

} // namespace meshscope::chaos::fixtures
