#include "core/topology/focusfilter.h"

#include "core/topology/graphanalytics.h"

#include <algorithm>

namespace meshscope::core {

std::optional<NodeIdSet> FocusFilter::focus(const Topology &topology, const HealthScores &scores,
                                            const FocusCriteria &criteria)
{
    const QString text = criteria.text.trimmed();
    if (text.isEmpty() && !criteria.unhealthyOnly)
        return std::nullopt;
    NodeIdSet focus;
    if (criteria.unhealthyOnly) {
        std::vector<int> seeds;
        const bool scored = scores.nodes.size() == size_t(topology.nodeCount());
        for (int i = 0; scored && i < topology.nodeCount(); ++i) {
            const HealthBand band = scores.nodes[size_t(i)].band;
            if (band == HealthBand::Degraded || band == HealthBand::Failing)
                seeds.push_back(i);
        }
        const int hops = std::clamp(criteria.hops, kMinHops, kMaxHops);
        for (int i : GraphAnalytics::neighbourhood(topology, seeds, hops))
            focus.insert(topology.nodes()[size_t(i)].id);
    }
    if (!text.isEmpty()) {
        NodeIdSet named;
        for (const NodeId &id : matches(topology, text))
            named.insert(id);
        focus = criteria.unhealthyOnly ? focus.intersect(named) : named;
    }
    return focus;
}

std::vector<NodeId> FocusFilter::matches(const Topology &topology, const QString &text)
{
    std::vector<NodeId> out;
    const QString needle = text.trimmed();
    if (needle.isEmpty())
        return out;
    for (const TopologyNode &node : topology.nodes()) {
        if (node.name.contains(needle, Qt::CaseInsensitive))
            out.push_back(node.id);
    }
    return out;
}

} // namespace meshscope::core
