#pragma once

// Scenario -> Chaos Mesh custom resource, and manifest <-> YAML text. Every CR built here has a
// `duration` within the policy's cap, Meshscope's managed-by and run-id labels, and a name that
// depends only on (kind, action, target, run id), so a crashed run's CRs can be found again.

#include "chaos/manifest/manifesttypes.h"
#include "chaos/scenario/scenariotypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace meshscope::chaos {

class ManifestBuilder
{
public:
    explicit ManifestBuilder(ManifestPolicy policy = {}) : m_policy(policy) {}

    Result<Manifest> build(const Scenario &scenario, const QString &runId) const;

    // The deterministic CR name (a DNS-1123 label of at most 63 characters).
    static QString nameFor(const Scenario &scenario, const QString &runId);

    static QByteArray toYaml(const Manifest &manifest);
    // One YAML document back to a manifest; a syntax error names line:column. The result keeps
    // the positions of its fields so validation errors on an edit can point at a line.
    static Result<Manifest> fromYaml(const QByteArray &text);

    const ManifestPolicy &policy() const { return m_policy; }

private:
    ManifestPolicy m_policy;
};

} // namespace meshscope::chaos
