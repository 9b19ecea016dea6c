#pragma once

// The legend of the topology view: the health colour ramp with band names and thresholds, the
// node shapes by kind, and what edge width means. Painted by the view as an overlay in viewport
// coordinates and by the exporter next to the graph, so both always show the same thing.

#include "core/health/healthsettings.h"

#include <QCoreApplication>
#include <QPointF>
#include <QSizeF>

class QPainter;

namespace meshscope::widgets {

class LegendPainter
{
    Q_DECLARE_TR_FUNCTIONS(LegendPainter)
public:
    // Size at scale 1 (device pixels, or points in a PDF).
    // `evidence`: one more row, the pens of calls known from the mesh, traces or both.
    static QSizeF size(bool evidence = false);
    // Paints the legend with its top-left corner at `topLeft` in the painter's current
    // coordinates. `bands` are the active health settings' (the ones the graph is coloured by).
    static void paint(QPainter *painter, const QPointF &topLeft,
                      const core::HealthSettings::Bands &bands, bool evidence = false);
};

} // namespace meshscope::widgets
