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

// Pushes apart pairs of nodes closer than minSeparation until none is (or maxPasses ran out).
// Nodes with fixed[i] never move (fixed may be empty). Returns the number of overlapping pairs
// found in the last pass. With `only`, just the pairs involving those nodes are checked.
int removeOverlaps(std::vector<QPointF> &positions, const std::vector<bool> &fixed,
                   double minSeparation, int maxPasses, const std::vector<int> *only = nullptr);

// Nodes of each connected component, each list ascending, components ordered by smallest node.
std::vector<std::vector<int>> components(const LayoutAdjacency &adj);

// Shifts the blocks (each a list of node indices with positions already set) so that their
// bounding boxes, padded by `gap`, sit side by side in rows, largest first.
void packBlocks(std::vector<QPointF> &positions, const std::vector<std::vector<int>> &blocks,
                double gap);

} // namespace meshscope::core::layoutstress
