#pragma once

// Keeping laid out nodes apart: overlap removal and packing of separate components side by
// side (used by LayoutEngine and the stress layout; not a public API of its own).

#include <QPointF>

#include <vector>

namespace meshscope::core::layoutpacking {

// Pushes apart pairs of nodes closer than minSeparation until none is (or maxPasses ran out).
// Nodes with fixed[i] never move (fixed may be empty). Returns the number of overlapping pairs
// found in the last pass. With `only`, just the pairs involving those nodes are checked.
int removeOverlaps(std::vector<QPointF> &positions, const std::vector<bool> &fixed,
                   double minSeparation, int maxPasses, const std::vector<int> *only = nullptr);

// Shifts the blocks (each a list of node indices with positions already set) so that their
// bounding boxes, padded by `gap`, sit side by side in rows, largest first.
void packBlocks(std::vector<QPointF> &positions, const std::vector<std::vector<int>> &blocks,
                double gap);

// Scales the drawing about its centre so that 3 in 4 nodes have their nearest neighbour at least
// `target` away (within one `cell`); stress is scale-invariant. Returns the factor (1: as it was).
double spreadForLegibility(std::vector<QPointF> &positions, double target, double cell);

} // namespace meshscope::core::layoutpacking
