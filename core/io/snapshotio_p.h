#pragma once

// Private to the snapshot I/O .cpp files: helpers shared by the JSON, DOT and GraphML writers.

#include "core/io/snapshotview.h"
#include "core/result.h"

class QIODevice;

#include <QByteArray>

#include <optional>

namespace meshscope::core::snapshotio {

// Machine-friendly band names used in every export: "noData", "healthy", "degraded", "failing".
QString bandKey(HealthBand band);
std::optional<HealthBand> bandFromKey(const QString &key);

// The node's traffic figure in exports: inbound req/s, or outbound for nodes without callers
// (gateways), as TopologyNode documents.
double nodeRate(const TopologyNode &node);

// The verdicts of the view when they belong to its topology, else null.
const HealthVerdict *nodeVerdict(const SnapshotView &view, int node);
const HealthVerdict *edgeVerdict(const SnapshotView &view, int edge);

std::optional<QPointF> positionOf(const SnapshotView &view, const NodeId &id);

// Writes all of `bytes` or fails naming the device's error.
Result<void> writeAll(QIODevice &device, const QByteArray &bytes, const char *format);

// "No topology" and "device not writable" checks shared by every writer.
Result<void> checkWritable(const SnapshotView &view, QIODevice &device, const char *format);

} // namespace meshscope::core::snapshotio
