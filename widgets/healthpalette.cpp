#include "widgets/healthpalette.h"

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

QColor mix(const QColor &a, const QColor &b, double t)
{
    t = std::clamp(t, 0.0, 1.0);
    return QColor::fromRgbF(float(a.redF() + (b.redF() - a.redF()) * t),
                            float(a.greenF() + (b.greenF() - a.greenF()) * t),
                            float(a.blueF() + (b.blueF() - a.blueF()) * t));
}

// Failing: dark to bright red; Degraded: orange to amber; Healthy: light to deep blue.
const QColor kFailingLow(0x8e, 0x01, 0x1a);
const QColor kFailingHigh(0xd7, 0x30, 0x1f);
const QColor kDegradedLow(0xe8, 0x6a, 0x00);
const QColor kDegradedHigh(0xf2, 0xb7, 0x01);
const QColor kHealthyLow(0x74, 0xad, 0xd1);
const QColor kHealthyHigh(0x21, 0x66, 0xac);

} // namespace

QColor HealthPalette::colorForScore(double score, const core::HealthSettings::Bands &bands)
{
    const core::HealthBand band = bands.bandOf(score);
    if (band == core::HealthBand::NoData)
        return noDataColor();
    score = std::clamp(core::shownScore(score), 0.0, 100.0);
    const double healthyMin = bands.healthy;
    const double degradedMin = bands.degraded;
    if (band == core::HealthBand::Healthy)
        return mix(kHealthyLow, kHealthyHigh,
                   (score - healthyMin) / std::max(1e-9, 100.0 - healthyMin));
    if (band == core::HealthBand::Degraded)
        return mix(kDegradedLow, kDegradedHigh,
                   (score - degradedMin) / std::max(1e-9, healthyMin - degradedMin));
    return mix(kFailingLow, kFailingHigh, score / std::max(1e-9, degradedMin));
}

QColor HealthPalette::colorForBand(core::HealthBand band)
{
    switch (band) {
    case core::HealthBand::Healthy:
        return kHealthyHigh;
    case core::HealthBand::Degraded:
        return kDegradedHigh;
    case core::HealthBand::Failing:
        return kFailingHigh;
    case core::HealthBand::NoData:
        break;
    }
    return noDataColor();
}

QColor HealthPalette::textOn(const QColor &background)
{
    // Relative luminance (sRGB coefficients, without linearisation: good enough for a choice
    // between black and white).
    const double l =
        0.2126 * background.redF() + 0.7152 * background.greenF() + 0.0722 * background.blueF();
    return l > 0.55 ? QColor(Qt::black) : QColor(Qt::white);
}

} // namespace meshscope::widgets
