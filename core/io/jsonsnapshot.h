#pragma once

// The JSON snapshot (format "meshscope-snapshot", version 2). Schema: docs/export-formats.md.

#include "core/io/snapshotview.h"
#include "core/result.h"

class QIODevice;

namespace meshscope::core {

// Writes to an open, writable device; fails with a message on a write error.
Result<void> writeJson(const SnapshotView &view, QIODevice &device);

// Reads what writeJson() wrote (format "meshscope-snapshot", version 2; version 1 files read
// without their reasons). Errors name the field ("nodes[3].id: expected a string").
Result<LoadedSnapshot> readJson(QIODevice &device);

} // namespace meshscope::core
