#include "chaos/scenario/targetmapper.h"

namespace meshscope::chaos {

TargetSelector TargetMapper::forNode(const core::NodeId &node) const
{
    TargetSelector t;
    t.ns = node.ns();
    t.labels.insert(m_labelKey, node.name());
    t.displayName = node.name();
    return t;
}

TargetSelector TargetMapper::forPods(const core::NodeId &node, const QStringList &pods) const
{
    TargetSelector t;
    t.ns = node.ns();
    t.pods = pods;
    t.displayName = node.name();
    return t;
}

Scenario TargetMapper::onNode(Scenario scenario, const core::NodeId &node) const
{
    TargetSelector t = forNode(node);
    t.mode = scenario.target.mode;
    t.value = scenario.target.value;
    scenario.target = t;
    return scenario;
}

Result<Scenario> TargetMapper::onCall(Scenario scenario, const core::NodeId &from,
                                      const core::NodeId &to) const
{
    if (chaosKind(scenario.kind) != QLatin1String("NetworkChaos"))
        return Error{QStringLiteral("%1 acts on a service, not on a call: pick a network fault "
                                    "(delay, loss, partition, bandwidth) for %2 -> %3")
                         .arg(faultKindName(scenario.kind), from.name(), to.name())};
    scenario = onNode(std::move(scenario), from);
    TargetSelector peer = forNode(to);
    peer.mode = SelectorMode::All;
    scenario.parameters.peer = peer;
    scenario.parameters.direction = NetworkDirection::To;
    return scenario;
}

} // namespace meshscope::chaos
