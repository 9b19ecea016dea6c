#include "widgets/healthhistoryview.h"

#include "widgets/healthpalette.h"
#include "widgets/historychart.h"

#include <QButtonGroup>
#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

// Two refreshes further apart than this many typical intervals mean the entity was missing.
constexpr double kGapFactor = 2.5;
constexpr qint64 kMinuteMs = 60'000;

struct RangeSpec
{
    int minutes;
    qint64 tickMs; // the right edge snaps up to a multiple, so that ticks fall on round clock times
};

// Ticks every 1, 3 and 10 minutes: at most one tick interval (<= 20 % of the width) is empty
// on the right, and no more than seven "HH:mm" labels share ~300 px.
constexpr RangeSpec kRanges[] = {{5, kMinuteMs}, {15, 3 * kMinuteMs}, {60, 10 * kMinuteMs}};
// Room above the highest value, so a flat line never sits on the chart's top border.
constexpr double kHeadroom = 1.15;

const RangeSpec &rangeSpec(int minutes)
{
    for (const RangeSpec &r : kRanges) {
        if (r.minutes == minutes)
            return r;
    }
    return kRanges[1];
}

QColor faint(QColor c)
{
    c.setAlpha(30);
    return c;
}

double nanIfUnknown(float v)
{
    return std::isfinite(v) ? double(v) : core::kNaN;
}

} // namespace

HealthHistoryView::HealthHistoryView(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);

    auto *rangeRow = new QHBoxLayout;
    rangeRow->setSpacing(0);
    auto *caption = new QLabel(tr("History"), this);
    QFont bold = caption->font();
    bold.setBold(true);
    caption->setFont(bold);
    rangeRow->addWidget(caption);
    rangeRow->addStretch(1);
    m_rangeGroup = new QButtonGroup(this);
    for (const RangeSpec &r : kRanges) {
        auto *button = new QToolButton(this);
        button->setText(r.minutes < 60 ? tr("%1 min").arg(r.minutes)
                                       : tr("%1 h").arg(r.minutes / 60));
        button->setObjectName(QStringLiteral("range%1m").arg(r.minutes));
        button->setCheckable(true);
        button->setAutoRaise(true);
        button->setChecked(r.minutes == m_rangeMinutes);
        button->setToolTip(tr("Show the last %1 minutes").arg(r.minutes));
        m_rangeGroup->addButton(button, r.minutes);
        rangeRow->addWidget(button);
    }
    connect(m_rangeGroup, &QButtonGroup::idClicked, this, &HealthHistoryView::setRangeMinutes);
    layout->addLayout(rangeRow);

    m_scoreChart = new HistoryChart(tr("Score and factors"), this);
    m_scoreChart->setObjectName(QStringLiteral("scoreChart"));
    m_scoreChart->addBand(0.0, m_bands.degraded,
                          faint(HealthPalette::colorForBand(core::HealthBand::Failing)));
    m_scoreChart->addBand(m_bands.degraded, m_bands.healthy,
                          faint(HealthPalette::colorForBand(core::HealthBand::Degraded)));
    m_scoreChart->addBand(m_bands.healthy, 100.0,
                          faint(HealthPalette::colorForBand(core::HealthBand::Healthy)));
    // Neutral hues and dash patterns, so the lines never read as health colours and stay
    // distinguishable without colour vision.
    m_scoreChart->addLine(tr("Score"), QColor(0x21, 0x21, 0x21), Qt::SolidLine, 2.2);
    m_scoreChart->addLine(tr("Connectivity"), QColor(0x76, 0x2a, 0x83), Qt::DashLine, 1.3);
    m_scoreChart->addLine(tr("Stability"), QColor(0x1b, 0x78, 0x37), Qt::DotLine, 1.6);
    m_scoreChart->addLine(tr("Protocol"), QColor(0x8c, 0x51, 0x0a), Qt::DashDotLine, 1.3);
    m_scoreChart->setValueRange(Qt::AlignLeft, 0.0, 100.0,
                                5); // ticks at 25s: the default bands fall on ticks
    layout->addWidget(m_scoreChart);

    m_trafficChart = new HistoryChart(tr("Requests and errors"), this);
    m_trafficChart->setObjectName(QStringLiteral("trafficChart"));
    m_trafficChart->addLine(tr("req/s"), QColor(0x37, 0x47, 0x4f), Qt::SolidLine, 1.6);
    m_trafficChart->addLine(tr("error %"), QColor(0xc2, 0x18, 0x5b), Qt::SolidLine, 1.4,
                            Qt::AlignRight);
    layout->addWidget(m_trafficChart);

    m_latencyChart = new HistoryChart(tr("p95 latency (ms)"), this);
    m_latencyChart->setObjectName(QStringLiteral("latencyChart"));
    m_latencyChart->addLine(tr("p95 ms"), QColor(0x54, 0x27, 0x88), Qt::SolidLine, 1.6);
    m_latencyChart->chart()->legend()->setVisible(false); // one line: the title names it
    layout->addWidget(m_latencyChart);
}

void HealthHistoryView::setBands(const core::HealthSettings::Bands &bands)
{
    m_bands = bands;
    m_scoreChart->setBandRange(0, 0.0, bands.degraded);
    m_scoreChart->setBandRange(1, bands.degraded, bands.healthy);
    m_scoreChart->setBandRange(2, bands.healthy, 100.0);
}

void HealthHistoryView::setRangeMinutes(int minutes)
{
    const int valid = rangeSpec(minutes).minutes;
    if (QAbstractButton *b = m_rangeGroup->button(valid); b && !b->isChecked())
        b->setChecked(true);
    if (valid == m_rangeMinutes)
        return;
    m_rangeMinutes = valid;
    rebuild();
}

void HealthHistoryView::setHistory(const std::vector<core::HistoryPoint> &points, qint64 nowMs)
{
    m_points = points;
    m_nowMs = nowMs;
    rebuild();
}

void HealthHistoryView::clear()
{
    m_points.clear();
    rebuild();
}

void HealthHistoryView::rebuild()
{
    const RangeSpec &range = rangeSpec(m_rangeMinutes);
    qint64 now = m_nowMs;
    if (!m_points.empty())
        now = std::max(now, m_points.back().timestampMs);
    const qint64 toMs = ((now + range.tickMs - 1) / range.tickMs) * range.tickMs;
    const qint64 fromMs = toMs - range.minutes * kMinuteMs;
    const int ticks = int(range.minutes * kMinuteMs / range.tickMs) + 1;

    // The points in the window, plus the one just before it so the lines enter from the edge.
    auto first =
        std::lower_bound(m_points.begin(), m_points.end(), fromMs,
                         [](const core::HistoryPoint &p, qint64 t) { return p.timestampMs < t; });
    if (first != m_points.begin())
        --first;
    const qsizetype count = qsizetype(m_points.end() - first);

    // Typical refresh interval (median), to tell a missed refresh from normal spacing.
    std::vector<qint64> steps;
    steps.reserve(size_t(std::max<qsizetype>(0, count - 1)));
    for (auto it = first; it != m_points.end() && std::next(it) != m_points.end(); ++it)
        steps.push_back(std::next(it)->timestampMs - it->timestampMs);
    qint64 typicalStep = 0;
    if (!steps.empty()) {
        std::nth_element(steps.begin(), steps.begin() + qsizetype(steps.size() / 2), steps.end());
        typicalStep = steps[steps.size() / 2];
    }

    QList<QPointF> score, connectivity, stability, protocol, rate, errors, p95;
    for (QList<QPointF> *l : {&score, &connectivity, &stability, &protocol, &rate, &errors, &p95})
        l->reserve(count + 8);
    double maxRate = 0.0, maxErrors = 0.0, maxP95 = 0.0;
    const core::HistoryPoint *previous = nullptr;
    for (auto it = first; it != m_points.end(); ++it) {
        const core::HistoryPoint &p = *it;
        const double x = double(p.timestampMs);
        if (previous && typicalStep > 0 &&
            double(p.timestampMs - previous->timestampMs) > kGapFactor * double(typicalStep)) {
            const QPointF gap(double(previous->timestampMs + typicalStep), core::kNaN);
            for (QList<QPointF> *l :
                 {&score, &connectivity, &stability, &protocol, &rate, &errors, &p95})
                l->append(gap);
        }
        previous = &p;
        score.append(QPointF(x, nanIfUnknown(p.score)));
        connectivity.append(QPointF(x, nanIfUnknown(p.connectivity)));
        stability.append(QPointF(x, nanIfUnknown(p.stability)));
        protocol.append(QPointF(x, nanIfUnknown(p.protocol)));
        rate.append(QPointF(x, nanIfUnknown(p.requestRate)));
        errors.append(
            QPointF(x, std::isfinite(p.errorRatio) ? 100.0 * double(p.errorRatio) : core::kNaN));
        p95.append(QPointF(x, nanIfUnknown(p.p95Ms)));
        if (p.timestampMs >= fromMs) { // the axis scales to what is visible
            maxRate = std::max(maxRate, std::isfinite(p.requestRate) ? double(p.requestRate) : 0.0);
            maxErrors = std::max(maxErrors, errors.back().y() > 0.0 ? errors.back().y() : 0.0);
            maxP95 = std::max(maxP95, std::isfinite(p.p95Ms) ? double(p.p95Ms) : 0.0);
        }
    }

    // Large rates in thousands, so that the axis labels stay narrow.
    const bool kilo = maxRate >= 10'000.0;
    if (kilo) {
        for (QPointF &pt : rate)
            pt.setY(pt.y() / 1000.0);
        maxRate /= 1000.0;
    }
    m_trafficChart->setLineName(TrafficLineRate, kilo ? tr("k req/s") : tr("req/s"));

    for (HistoryChart *chart : {m_scoreChart, m_trafficChart, m_latencyChart})
        chart->setTimeWindow(fromMs, toMs, ticks);
    m_scoreChart->setLinePoints(ScoreLineScore, score);
    m_scoreChart->setLinePoints(ScoreLineConnectivity, connectivity);
    m_scoreChart->setLinePoints(ScoreLineStability, stability);
    m_scoreChart->setLinePoints(ScoreLineProtocol, protocol);
    m_trafficChart->setLinePoints(TrafficLineRate, rate);
    m_trafficChart->setLinePoints(TrafficLineErrors, errors);
    m_trafficChart->setValueRange(Qt::AlignLeft, 0.0, HistoryChart::niceMax(maxRate * kHeadroom));
    // At least 0..1 %: a flat 0 % line must not fill the chart height.
    m_trafficChart->setValueRange(Qt::AlignRight, 0.0,
                                  HistoryChart::niceMax(std::max(maxErrors * kHeadroom, 1.0)));
    m_latencyChart->setLinePoints(0, p95);
    m_latencyChart->setValueRange(Qt::AlignLeft, 0.0,
                                  HistoryChart::niceMax(std::max(maxP95 * kHeadroom, 1.0)));
}

} // namespace meshscope::widgets
