#pragma once

// The report of a finished run, written to a folder: report.html (self-contained: charts and
// graphs as inline SVG, no script, no external file), journal.json (the run's journal) and
// manifest.yaml (the CR as created). Readable in any browser, attachable to a ticket.

#include "chaos/experiment/experimentrun.h"
#include "chaos/report/experimentfigures.h"
#include "core/result.h"

#include <QString>

namespace meshscope::chaos {

class HtmlReport
{
public:
    static QString render(const ExperimentRun &run, const ExperimentFigures &figures);
    // Writes the three files into `folder` (created if needed); the path of report.html.
    static Result<QString> write(const ExperimentRun &run, const QString &folder);
};

} // namespace meshscope::chaos
