#pragma once

// Graphviz DOT and GraphML writers, through Boost.Graph's. Attributes: docs/export-formats.md.

#include "core/io/snapshotview.h"
#include "core/result.h"

class QIODevice;

namespace meshscope::core {

// Write to an open, writable device; fail with a message on a write error.
Result<void> writeDot(const SnapshotView &view, QIODevice &device);
Result<void> writeGraphMl(const SnapshotView &view, QIODevice &device);

} // namespace meshscope::core
