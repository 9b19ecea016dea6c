#pragma once

// What a snapshot export takes (SnapshotView) and what reading one gives (LoadedSnapshot).

#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/topology.h"

#include <QDateTime>
#include <QString>

namespace meshscope::core {

struct AlertSnapshot;

// What to export. Only `topology` is required; without scores the health fields are null,
// without positions the position fields are null (JSON), absent (DOT) or NaN (GraphML).
struct SnapshotView
{
    const Topology *topology = nullptr;
    const HealthScores *scores = nullptr; // indexed like topology; ignored if the sizes differ
    const Positions *positions = nullptr;
    const NodeIdSet *pinned = nullptr;
    QDateTime generatedAt; // "generatedAt" in JSON; invalid = now (UTC)
    // JSON only: with traces in the graph, "evidence" (mesh, traces, both) and "traceCalls" per
    // edge; with Alertmanager, "alerts" per node.
    bool evidence = false;
    const AlertSnapshot *alerts = nullptr;
};

struct LoadedSnapshot
{
    // Rebuilt through TopologyBuilder, so node figures are recomputed from the edges and
    // topology->generation() is the builder's; the file's generation is `generation`.
    TopologyPtr topology;
    HealthScores scores; // indexed like topology, generation = topology->generation()
    Positions positions;
    NodeIdSet pinned;
    QString sourceName;
    quint64 generation = 0;
    qint64 timestampMs = 0;
    QDateTime generatedAt;
};

} // namespace meshscope::core
