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
        if (criteria.opaque.isEmpty()) {
            for (int i : GraphAnalytics::neighbourhood(topology, seeds, hops))
                set.insert(topology.nodes()[size_t(i)].id);
            return set;
        }
        // Breadth-first, either direction; an opaque node is reached but not crossed (unless it
        // is a seed: focusing on a collapsed group shows its neighbours).
        std::vector<int> distance(size_t(topology.nodeCount()), -1);
        std::vector<int> frontier;
        for (int s : seeds) {
            if (s >= 0 && s < topology.nodeCount() && distance[size_t(s)] < 0) {
                distance[size_t(s)] = 0;
                frontier.push_back(s);
            }
        }
        for (size_t next = 0; next < frontier.size(); ++next) {
            const int u = frontier[next];
            const NodeId &id = topology.nodes()[size_t(u)].id;
            set.insert(id);
            if (distance[size_t(u)] >= hops ||
                (distance[size_t(u)] > 0 && criteria.opaque.contains(id)))
                continue;
            const auto visit = [&](int v) {
                if (distance[size_t(v)] < 0) {
                    distance[size_t(v)] = distance[size_t(u)] + 1;
                    frontier.push_back(v);
                }
            };
            for (int e : topology.outEdges(u))
                visit(topology.edges()[size_t(e)].target);
            for (int e : topology.inEdges(u))
                visit(topology.edges()[size_t(e)].source);
        }
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
