#pragma once

// The legend of the topology view: the health colour ramp with band names and thresholds, the
// node shapes by kind, and what edge width means. Painted by the view as an overlay in viewport
// coordinates and by the exporter next to the graph, so both always show the same thing.

#include <QPointF>
#include <QSizeF>

class QPainter;

namespace meshscope::widgets {

class LegendPainter
{
public:
    // Size at scale 1 (device pixels, or points in a PDF).
    static QSizeF size();
    // Paints the legend with its top-left corner at `topLeft` in the painter's current
    // coordinates. Thresholds are the health model's band boundaries.
    static void paint(QPainter *painter, const QPointF &topLeft, double healthyMin = 75.0,
                      double degradedMin = 50.0);
};

} // namespace meshscope::widgets
