#pragma once

// Exports of one refresh (topology, scores, positions, pins) as JSON, Graphviz DOT and GraphML,
// and the JSON reader behind "open snapshot". Formats, attributes and units:
// docs/export-formats.md. Pure functions over values; safe on any thread.

#include "core/io/graphwriters.h"
#include "core/io/jsonsnapshot.h"
#include "core/io/snapshotview.h"
#include "core/result.h"

#include <QString>

namespace meshscope::core {

// Chooses the format by the file's extension: .json, .dot/.gv, .graphml. Writes atomically
// (QSaveFile): an existing file is replaced only by a complete export.
Result<void> writeSnapshotFile(const SnapshotView &view, const QString &path);
Result<LoadedSnapshot> readSnapshotFile(const QString &path);

} // namespace meshscope::core
