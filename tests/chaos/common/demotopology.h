#pragma once

// A built-in demo mesh ("shop", "tickets") refreshed once as the window does it, for chaos tests
// that need a real topology and its graph facts. Header-only.

#include "core/demo/demosource.h"
#include "core/session/refreshengine.h"

#include <QTest>

#include <optional>

namespace meshscope::chaos::fixtures {

inline std::optional<core::RefreshResult> demoSnapshot(const QString &mesh)
{
    auto source = core::DemoSource::create(mesh, 7, [] { return qint64(1'700'000'000'000); });
    if (!source)
        return std::nullopt;
    core::RefreshEngine engine(source.value());
    core::RefreshRequest request;
    request.historyCapacity = 0;
    auto result = engine.refresh(request);
    if (!result)
        return std::nullopt;
    return std::move(result).value();
}

} // namespace meshscope::chaos::fixtures
