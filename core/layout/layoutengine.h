#pragma once

// Node placement for the topology view. Two modes:
//  - Force: a stress layout over hop distances (PivotMDS start, sparse stress majorisation,
//    overlap removal), incremental across refreshes: known nodes keep their positions, new
//    nodes start next to their placed neighbours, pinned nodes never move.
//  - Layered: left to right by call depth (longest path from the callers-less roots), rows
//    ordered by barycentric sweeps.
// Everything is deterministic for a seed. Pure functions over values: safe to call on a worker
// thread. See docs/layout.md for the algorithm, its parameters and measured figures.

#include "core/layout/layoutgraph.h"
#include "core/layout/layouttypes.h"
#include "core/topology/grouping.h"
#include "core/topology/topology.h"

#include <QPointF>

#include <optional>
#include <vector>

namespace meshscope::core {

struct LayoutOptions
{
    quint64 seed = 1;
    double edgeLength = 100.0; // target median edge length, scene units (nodes are drawn 16-24 px)
    double minSeparation =
        20.0;         // node centres pushed at least this far apart (best effort, see docs)
    int pivots = 100; // PivotMDS / sparse stress pivots per component
    int stressIterations = 60; // upper bound on sparse stress sweeps (stops earlier when still)
    int incrementalIterations = 30; // local sweeps over the new nodes on a refresh
    double layerSpacing = 160.0;    // layered mode: x distance between depths
    double rowSpacing = 48.0;       // layered mode: y distance between nodes of one depth
    // Force mode: keep the members of each group together (GroupLayout, docs/groups.md).
    std::optional<GroupingKey> grouping;
};

enum class LayoutMode
{
    Force,
    Layered
};

class LayoutEngine
{
public:
    // Index level. Force layout from scratch; components packed side by side.
    static std::vector<QPointF> initialLayout(const LayoutGraph &graph,
                                              const LayoutOptions &options);

    // Force layout from previous positions. positions[i] is used where known[i]; nodes that are
    // known and pinned never move; known nodes move only to resolve overlaps with new nodes;
    // new nodes start at the barycentre of their placed neighbours plus a small seeded offset
    // and are relaxed locally. New components are laid out alone and placed to the right.
    // Falls back to initialLayout when nothing is known.
    static std::vector<QPointF> incrementalLayout(const LayoutGraph &graph,
                                                  std::vector<QPointF> positions,
                                                  const std::vector<bool> &known,
                                                  const std::vector<bool> &pinned,
                                                  const LayoutOptions &options);

    // Topology level: what the refresh pipeline calls. Nodes found in `previous` keep their
    // positions (Force, !fromScratch); pinned nodes found in `previous` never move in either
    // mode, also when fromScratch (the fresh layout is rotated and shifted to fit them).
    static Positions layout(const Topology &topology, const Positions &previous,
                            const NodeIdSet &pinned, LayoutMode mode, bool fromScratch,
                            const LayoutOptions &options);

    static LayoutGraph graphOf(const Topology &topology);
};

} // namespace meshscope::core
