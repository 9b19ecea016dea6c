#pragma once

// Exports of one refresh (topology, scores, positions, pins) as JSON, Graphviz DOT and GraphML,
// and the JSON reader behind "open snapshot". Formats, attributes and units:
// docs/export-formats.md. Pure functions over values; safe on any thread.

#include "core/healthtypes.h"
#include "core/layouttypes.h"
#include "core/result.h"
#include "core/topology.h"

#include <QDateTime>
#include <QString>

class QIODevice;

namespace meshscope::core {

// What to export. Only `topology` is required; without scores the health fields are null,
// without positions the position fields are null (JSON), absent (DOT) or NaN (GraphML).
struct SnapshotView
{
    const Topology *topology = nullptr;
    const HealthScores *scores = nullptr; // indexed like topology; ignored if the sizes differ
    const Positions *positions = nullptr;
    const NodeIdSet *pinned = nullptr;
    QDateTime generatedAt; // "generatedAt" in JSON; invalid = now (UTC)
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

// All writers write to an open, writable device and fail with a message on a write error.
Result<void> writeJson(const SnapshotView &view, QIODevice &device);
Result<void> writeDot(const SnapshotView &view, QIODevice &device);
Result<void> writeGraphMl(const SnapshotView &view, QIODevice &device);

// Reads what writeJson() wrote (format "meshscope-snapshot", version 1). Errors name the field
// ("nodes[3].id: expected a string").
Result<LoadedSnapshot> readJson(QIODevice &device);

// Chooses the format by the file's extension: .json, .dot/.gv, .graphml. Writes atomically
// (QSaveFile): an existing file is replaced only by a complete export.
Result<void> writeSnapshotFile(const SnapshotView &view, const QString &path);
Result<LoadedSnapshot> readSnapshotFile(const QString &path);

} // namespace meshscope::core
