#pragma once

// From the graph to Chaos Mesh selectors: a node (cluster/namespace/service) becomes its pods
// (namespace + workload label, or pods picked by name); a call A->B becomes a NetworkChaos on A
// whose `target` is B, `direction: to`, so only A's traffic towards B is hit.

#include "chaos/scenario/scenariotypes.h"
#include "core/result.h"
#include "core/telemetry/telemetrytypes.h"

namespace meshscope::chaos {

class TargetMapper
{
public:
    // Istio's and Kiali's workload label; clusters labelled the Kubernetes way use
    // "app.kubernetes.io/name" instead (a setting).
    static constexpr auto kDefaultLabelKey = "app";

    explicit TargetMapper(QString labelKey = QLatin1String(kDefaultLabelKey))
        : m_labelKey(std::move(labelKey))
    {
    }

    TargetSelector forNode(const core::NodeId &node) const;
    TargetSelector forPods(const core::NodeId &node, const QStringList &pods) const;

    // The library scenario aimed at a node; its mode and value (e.g. fixed-percent 15) stay.
    Scenario onNode(Scenario scenario, const core::NodeId &node) const;
    // The library scenario aimed at the call from -> to; only network faults act on a call.
    Result<Scenario> onCall(Scenario scenario, const core::NodeId &from,
                            const core::NodeId &to) const;

private:
    QString m_labelKey;
};

} // namespace meshscope::chaos
