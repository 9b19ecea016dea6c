#pragma once

#include "core/layout/layoutengine.h"

#include <QPointF>

#include <vector>

namespace meshscope::core {

// Layered layout of the directed graph: x by longest-path depth (cycles broken by
// depth-first back edges), y by barycentric crossing reduction; components stacked
// vertically. Pinned nodes take pinnedPositions[i].
std::vector<QPointF> layeredLayout(const LayoutGraph &graph, const std::vector<bool> &pinned,
                                   const std::vector<QPointF> &pinnedPositions,
                                   const LayoutOptions &options);

} // namespace meshscope::core
