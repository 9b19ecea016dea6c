#pragma once

#include "app/commandline.h"

class QTextStream;

namespace meshscope::app {

// `meshscope diff BEFORE.json AFTER.json [-o OUT]`: compares two saved JSON snapshots
// (core::SnapshotDiff) and writes the comparison to OUT (.csv or .json), or prints it as CSV.
// A summary line goes to `out`. Exit status: 0 compared, 1 a file could not be read or written
// (the message names it). Needs no display and no QApplication.
int runHeadlessDiff(const CommandLine &command, QTextStream &out, QTextStream &err);

} // namespace meshscope::app
