#include "core/topology/focusfilter.h"

#include "core/topology/graphanalytics.h"

#include <algorithm>

namespace meshscope::core {

std::optional<NodeIdSet> FocusFilter::focus(const Topology &topology, const HealthScores &scores,
                                            const FocusCriteria &criteria)
{
    const QString text = criteria.text.trimmed();
    if (text.isEmpty() && !criteria.unhealthyOnly && !criteria.around.isValid())
        return std::nullopt;
    const int hops = std::clamp(criteria.hops, kMinHops, kMaxHops);
    std::optional<NodeIdSet> focus;
    const auto narrow = [&focus](NodeIdSet set) {
        focus = focus ? focus->intersect(set) : std::move(set);
    };
    const auto around = [&](const std::vector<int> &seeds) {
        NodeIdSet set;
        for (int i : GraphAnalytics::neighbourhood(topology, seeds, hops))
            set.insert(topology.nodes()[size_t(i)].id);
        return set;
    };
    if (criteria.unhealthyOnly) {
        std::vector<int> seeds;
        const bool scored = scores.nodes.size() == size_t(topology.nodeCount());
        for (int i = 0; scored && i < topology.nodeCount(); ++i) {
            const HealthBand band = scores.nodes[size_t(i)].band;
            if (band == HealthBand::Degraded || band == HealthBand::Failing)
                seeds.push_back(i);
        }
        narrow(around(seeds));
    }
    if (criteria.around.isValid()) {
        const int centre = topology.nodeIndex(criteria.around);
        narrow(centre >= 0 ? around({centre}) : NodeIdSet{});
    }
    if (!text.isEmpty()) {
        NodeIdSet named;
        for (const NodeId &id : matches(topology, text))
            named.insert(id);
        narrow(std::move(named));
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
