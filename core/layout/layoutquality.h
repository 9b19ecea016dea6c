#pragma once

// Layout quality measures exactly as shared/reference/LAYOUT-QUALITY.md defines them, so that
// our layouts and Graphviz sfdp's are compared with the same yardstick.

#include "core/layout/layoutgraph.h"

#include <QPointF>

#include <vector>

namespace meshscope::core {

// Scale-normalised stress over hop distances from `sources` seeded random source nodes (all
// nodes when there are fewer): 1 - A^2 / (B P), A = sum x/d, B = sum x^2/d^2 over the P sampled
// reachable pairs. 0 is perfect; independent of the drawing's scale. Returns 0 when no pair is
// sampled and 1 when every sampled pair is drawn on one point.
double normalisedStress(const LayoutGraph &graph, const std::vector<QPointF> &positions,
                        int sources = 200, quint64 seed = 1);

// 1-hop neighbourhood preservation: for each sampled source of degree k > 0, the Jaccard
// similarity of its graph neighbours and its k nearest nodes in the layout; the mean over the
// sources. 1 is perfect.
double neighbourhoodPreservation(const LayoutGraph &graph, const std::vector<QPointF> &positions,
                                 int sources = 200, quint64 seed = 1);

// Mean displacement of the nodes present in both layouts (same index = same node) divided by the
// diagonal of `before`'s bounding box. 0 when nothing moved.
double stability(const std::vector<QPointF> &before, const std::vector<QPointF> &after);

// Straight-line edge crossings; pairs of edges that share an endpoint are not counted. Exact,
// O(m^2) with a bounding-box reject: meant for graphs up to a few thousand edges.
qint64 edgeCrossings(const LayoutGraph &graph, const std::vector<QPointF> &positions);

} // namespace meshscope::core
