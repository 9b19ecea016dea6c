#pragma once

// What a snapshot export takes (SnapshotView) and what reading one gives (LoadedSnapshot).

#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/topology.h"

#include <QDateTime>
#include <QString>

#include <memory>

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
    // JSON only: "replay": true, the topology is a past moment replayed, not the live graph
    // ("timestamp" is that moment).
    bool replay = false;
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
    // Set when the file has "evidence" on its edges (written with traces in the graph); each
    // edge's EdgeSample::evidence and traceCallCount are read back either way.
    bool evidence = false;
    // Set when the file has "alerts" on its nodes (written with Alertmanager): every alert
    // placed on the node it was written under. Null otherwise.
    std::shared_ptr<const AlertSnapshot> alerts;
};

} // namespace meshscope::core
