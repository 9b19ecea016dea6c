#pragma once

// The graph as the view shows it when some groups are collapsed: every collapsed group becomes
// one node, and the calls between two shown nodes merge into one edge (rates summed, latency
// request-weighted). A collapsed group is judged by its worst member; an aggregated edge's score
// is the request-weighted mean of its calls' scores, its breakdown that of its busiest call
// (docs/groups.md). Pure functions over values; safe on any thread.

#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/grouping.h"
#include "core/topology/topology.h"

#include <QHash>
#include <QSet>

#include <memory>
#include <vector>

namespace meshscope::core {

struct GroupedGraph
{
    TopologyPtr topology; // what is shown; the full snapshot itself when nothing is collapsed
    std::shared_ptr<const HealthScores> scores; // indexed like `topology`
    std::vector<int> shownOf;                   // full node index -> node index in `topology`
    QHash<NodeId, int> collapsedGroups;         // node id of a collapsed group -> group index
};

class GroupedView
{
public:
    // Collapsed groups are drawn as nodes of the reserved cluster "@group"; the namespace and the
    // name are the group's name, so the node's label reads as the group.
    static NodeId groupNodeId(const QString &group);
    static bool isGroupNode(const NodeId &id);
    static QString groupOf(const NodeId &groupNode); // empty for an ordinary node

    static GroupedGraph build(const TopologyPtr &topology,
                              const std::shared_ptr<const HealthScores> &scores,
                              const GroupAssignment &groups, const QSet<QString> &collapsed);

    // Positions of what `grouped` shows: ordinary nodes where `full` has them, a collapsed group
    // at the centre of its members (so it sits where its members were drawn).
    static Positions positions(const GroupedGraph &grouped, const GroupAssignment &groups,
                               const Topology &full, const Positions &fullPositions);

    // Groups holding a Degraded or Failing service. `scores` indexed like the assigned topology.
    static QSet<QString> unhealthyGroups(const GroupAssignment &groups, const HealthScores &scores);
    // What a large mesh opens with: above `threshold` services every group collapsed except
    // those holding unhealthy services, worst first (most Failing, then most Degraded
    // services), as long as the services they show together stay within `threshold` (the worst
    // group always opens): when trouble is everywhere the view stays readable and shows where
    // it is worst. At or below the threshold, nothing collapsed.
    static QSet<QString> defaultCollapsed(const GroupAssignment &groups, const HealthScores &scores,
                                          int serviceCount, int threshold);

    // Worse verdict first: Failing > Degraded > Healthy > no data, then the lower score.
    static bool isWorse(const HealthVerdict &a, const HealthVerdict &b);
};

} // namespace meshscope::core
