#pragma once

#include "app/commandline.h"

#include <QTextStream>

namespace meshscope::app {

// `meshscope export`: runs the demo mesh for the requested simulated time (refreshing every
// 10 simulated seconds so that baselines and the incremental layout evolve as in the window),
// then writes the snapshot. With --prometheus: one refresh of the store (its backfill warms the
// baselines), every request bounded by --timeout, so a dead or silent server gives exit 1. Needs a
// QApplication (offscreen platform is fine) for image formats. Returns the process exit code;
// messages go to `err`.
int runHeadlessExport(const CommandLine &command, QTextStream &out, QTextStream &err);

} // namespace meshscope::app
