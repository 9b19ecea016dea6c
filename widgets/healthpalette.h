#pragma once

// The colour ramp every view, legend and export uses for health. Colour-blind safe: the bands
// differ in hue on the blue/orange/red axis (distinguishable with protanopia and deuteranopia)
// and in lightness, and each band has its own step so that a band boundary is visible.

#include "core/health/healthtypes.h"

#include <QColor>

namespace meshscope::widgets {

class HealthPalette
{
public:
    // Score in [0,100]; NaN gives the no-data grey. The band thresholds are the model's defaults
    // (Healthy >= 75, Degraded >= 50); callers with custom thresholds pass them.
    static QColor colorForScore(double score, double healthyMin = 75.0, double degradedMin = 50.0);
    static QColor colorForBand(core::HealthBand band);
    static QColor noDataColor() { return QColor(0x9e, 0x9e, 0x9e); }
    // A text colour readable on top of `background`.
    static QColor textOn(const QColor &background);
};

} // namespace meshscope::widgets
