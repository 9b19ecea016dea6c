#pragma once

// The colour ramp every view, legend and export uses for health. Colour-blind safe: the bands
// differ in hue on the blue/orange/red axis (distinguishable with protanopia and deuteranopia)
// and in lightness, and each band has its own step so that a band boundary is visible.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"

#include <QColor>

namespace meshscope::widgets {

class HealthPalette
{
public:
    // Score in [0,100]; NaN gives the no-data grey. The band (and the place on its ramp) is
    // decided on the score as shown (core::shownScore) against the active settings' bands, so
    // the colour always matches the number and the band name next to it.
    static QColor colorForScore(double score, const core::HealthSettings::Bands &bands);
    static QColor colorForBand(core::HealthBand band);
    static QColor noDataColor() { return QColor(0x9e, 0x9e, 0x9e); }
    // A text colour readable on top of `background`.
    static QColor textOn(const QColor &background);
};

} // namespace meshscope::widgets
