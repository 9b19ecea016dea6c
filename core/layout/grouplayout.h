#pragma once

// Force layout that keeps the members of a group (namespace, label value) together: every group
// is laid out alone (its internal calls only), then the groups are placed as discs, near the
// groups they call and never overlapping. Incremental like the plain force layout: known nodes
// keep their positions, a new service settles inside its own group's disc, a new group is placed
// next to the groups it talks to. Collapsing or expanding a group in the view never changes
// these positions (the view derives a collapsed group's place from them). docs/groups.md.

#include "core/layout/layoutengine.h"

#include <vector>

namespace meshscope::core {

class GroupLayout
{
public:
    // groupOf[v] in [0, groupCount) for every node of `graph`. positions[v] is used where
    // known[v]; known and pinned nodes never move.
    static std::vector<QPointF> layout(const LayoutGraph &graph, const std::vector<int> &groupOf,
                                       int groupCount, std::vector<QPointF> positions,
                                       const std::vector<bool> &known,
                                       const std::vector<bool> &pinned,
                                       const LayoutOptions &options);
};

} // namespace meshscope::core
