#pragma once

// Local validation of a Chaos Mesh manifest before anything reaches a cluster:
//  - validate(): what the API server and Chaos Mesh's webhook would refuse — a known kind and
//    apiVersion, object metadata (DNS-1123 name, label syntax), the CRD's structural schema, and
//    the webhook rules the schema cannot express (a value for counted modes, containerNames for
//    container-kill, stressors for StressChaos, Go durations).
//  - checkPolicy(): Meshscope's own guardrails on top: a duration on every CR, capped.
// Issues carry the field path and, for manifests read from text, the line:column.

#include "chaos/manifest/crdregistry.h"
#include "chaos/manifest/manifesttypes.h"

#include <memory>

namespace meshscope::chaos {

class ManifestValidator
{
public:
    explicit ManifestValidator(std::shared_ptr<const CrdRegistry> registry)
        : m_registry(std::move(registry))
    {
    }

    ValidationIssues validate(const Manifest &manifest) const;
    ValidationIssues checkPolicy(const Manifest &manifest, const ManifestPolicy &policy) const;

    const CrdRegistry &registry() const { return *m_registry; }

private:
    void checkMetadata(const Manifest &manifest, ValidationIssues *issues) const;
    void checkChaosSpec(const QString &kind, const QJsonObject &spec, const QString &path,
                        ValidationIssues *issues) const;

    std::shared_ptr<const CrdRegistry> m_registry;
};

} // namespace meshscope::chaos
