#pragma once

// Building blocks of the force layout (used by LayoutEngine; not a public API of its own).

#include "core/layout/layoutengine.h"

#include <vector>

namespace meshscope::core::layoutstress {

// Stress layout of one connected component: PivotMDS start (Brandes & Pich 2006), sparse stress
// majorisation (Ortmann, Klimenta & Brandes 2016), overlap removal. Median edge ~ edgeLength.
std::vector<QPointF> layoutComponent(const LayoutAdjacency &adj, const LayoutOptions &options,
                                     quint64 seed);

// Gauss-Seidel stress sweeps over the nodes with movable[i], against their graph neighbours only
// (target distance edgeLength). Used to settle new nodes on a refresh.
void relaxLocally(const LayoutAdjacency &adj, std::vector<QPointF> &positions,
                  const std::vector<int> &movable, double edgeLength, int iterations);

// Nodes of each connected component, each list ascending, components ordered by smallest node.
std::vector<std::vector<int>> components(const LayoutAdjacency &adj);

} // namespace meshscope::core::layoutstress
