#pragma once

// The report's pictures as inline SVG text (no GUI module in chaos): the drift chart with the
// baseline band and the phases shaded, and a layered drawing of the graph coloured by health.

#include "chaos/experiment/experimentrun.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace meshscope::chaos {

class ReportSvg
{
public:
    // Scores over time of `services` (the first drawn boldest, with its baseline band of
    // ± tolerance) and of the whole mesh; phases shaded; abort/halt marked.
    static QString driftChart(const ExperimentRun &run, const QStringList &services);
    // The graph of one snapshot: callers left of callees, nodes coloured by band, targets ringed.
    static QString topology(const GraphSnapshot &snapshot, const QStringList &targets);
};

} // namespace meshscope::chaos
