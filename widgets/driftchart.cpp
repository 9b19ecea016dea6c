#include "widgets/driftchart.h"

#include <QAreaSeries>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

using chaos::ExperimentPhase;

constexpr double kScoreMax = 100.0;
constexpr int kPhaseAreas = 5;

// The phases a chart shades; the others (draft, validate, inject's instant) have no length
// worth drawing and are folded into their neighbours.
bool shaded(ExperimentPhase phase)
{
    return phase == ExperimentPhase::Baseline || phase == ExperimentPhase::Inject ||
           phase == ExperimentPhase::Observe || phase == ExperimentPhase::Recover ||
           phase == ExperimentPhase::Verify;
}

QString phaseLabel(ExperimentPhase phase)
{
    switch (phase) {
    case ExperimentPhase::Baseline:
        return DriftChart::tr("baseline");
    case ExperimentPhase::Inject:
    case ExperimentPhase::Observe:
        return DriftChart::tr("fault acting");
    case ExperimentPhase::Recover:
    case ExperimentPhase::Verify:
        return DriftChart::tr("recovery");
    default:
        return chaos::phaseName(phase);
    }
}

void hideFromLegend(QChart *chart, QAbstractSeries *series)
{
    for (QLegendMarker *m : chart->legend()->markers(series))
        m->setVisible(false);
}

} // namespace

DriftChart::DriftChart(QWidget *parent) : QChartView(parent)
{
    m_chart = new QChart;
    m_chart->setAnimationOptions(QChart::NoAnimation); // redrawn at every refresh
    m_chart->setMargins(QMargins(2, 2, 2, 2));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);
    QFont small = font();
    small.setPointSizeF(std::max(7.0, small.pointSizeF() - 1.0));
    m_chart->legend()->setFont(small);

    m_timeAxis = new QValueAxis;
    m_timeAxis->setTitleText(tr("seconds since the baseline began"));
    m_timeAxis->setTitleFont(small);
    m_timeAxis->setLabelsFont(small);
    m_timeAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_timeAxis->setGridLineColor(QColor(0xe0, 0xe0, 0xe0));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_scoreAxis = new QValueAxis;
    m_scoreAxis->setRange(0, kScoreMax);
    m_scoreAxis->setTickCount(6);
    m_scoreAxis->setLabelFormat(QStringLiteral("%.0f"));
    m_scoreAxis->setLabelsFont(small);
    m_scoreAxis->setTitleText(tr("score"));
    m_scoreAxis->setTitleFont(small);
    m_scoreAxis->setGridLineColor(QColor(0xe0, 0xe0, 0xe0));
    m_chart->addAxis(m_scoreAxis, Qt::AlignLeft);

    // Shading first, then the band, then the lines: Qt Charts draws in the order of addition.
    // Baseline, fault acting and recovery make three spans; two spare for a run that went back.
    for (int i = 0; i < kPhaseAreas; ++i) {
        auto *area = new QAreaSeries(new QLineSeries(this), new QLineSeries(this));
        area->setPen(Qt::NoPen);
        m_chart->addSeries(area);
        area->attachAxis(m_timeAxis);
        area->attachAxis(m_scoreAxis);
        m_phaseAreas.push_back(area);
    }
    m_bandLower = new QLineSeries(this);
    m_bandUpper = new QLineSeries(this);
    m_band = new QAreaSeries(m_bandUpper, m_bandLower);
    m_band->setName(tr("baseline ± tol."));
    m_band->setBrush(QColor(0x1e, 0x88, 0xe5, 45));
    m_band->setPen(QPen(QColor(0x1e, 0x88, 0xe5, 90), 1.0, Qt::DotLine));
    m_chart->addSeries(m_band);
    m_band->attachAxis(m_timeAxis);
    m_band->attachAxis(m_scoreAxis);
    m_predictedLine = addLine(tr("predicted"), QColor(0xef, 0x8a, 0x17), 2.0);
    m_meshLine = addLine(tr("mesh"), QColor(0x55, 0x55, 0x55), 1.5, Qt::DashLine);

    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(220);
    setFrameShape(QFrame::NoFrame);
    clear();
}

DriftChart::~DriftChart() = default;

QColor DriftChart::phaseColor(ExperimentPhase phase)
{
    switch (phase) {
    case ExperimentPhase::Baseline:
        return QColor(0x43, 0xa0, 0x47, 28);
    case ExperimentPhase::Inject:
    case ExperimentPhase::Observe:
        return QColor(0xe5, 0x39, 0x35, 34);
    case ExperimentPhase::Recover:
    case ExperimentPhase::Verify:
        return QColor(0x1e, 0x88, 0xe5, 26);
    default:
        return QColor(0x9e, 0x9e, 0x9e, 20);
    }
}

QLineSeries *DriftChart::addLine(const QString &name, const QColor &color, qreal width,
                                 Qt::PenStyle style)
{
    auto *line = new QLineSeries;
    line->setName(name);
    line->setPen(QPen(color, width, style));
    m_chart->addSeries(line);
    line->attachAxis(m_timeAxis);
    line->attachAxis(m_scoreAxis);
    return line;
}

void DriftChart::setServices(const QStringList &targets, const QHash<QString, double> &predicted)
{
    m_targets = targets;
    m_predicted = predicted;
    static const QColor kTargetColors[] = {QColor(0xc6, 0x28, 0x28), QColor(0x8e, 0x24, 0xaa),
                                           QColor(0x6d, 0x4c, 0x41)};
    for (QLineSeries *line : m_targetLines) {
        m_chart->removeSeries(line);
        delete line;
    }
    m_targetLines.clear();
    for (int i = 0; i < m_targets.size() && i < 3; ++i)
        m_targetLines.push_back(
            addLine(m_targets.at(i).section(QLatin1Char('/'), -1), kTargetColors[i], 2.5));
    // Short legend entries: a narrow dock still shows them whole.
    m_predictedLine->setName(tr("predicted (%1)").arg(m_predicted.size()));
    clear();
}

void DriftChart::clear()
{
    for (QLineSeries *line : m_targetLines)
        line->clear();
    m_predictedLine->clear();
    m_meshLine->clear();
    m_bandLower->clear();
    m_bandUpper->clear();
    m_bandRange = {core::kNaN, core::kNaN};
    m_spans.clear();
    m_markers.clear();
    drawPhases();
    drawMarkers();
    m_timeAxis->setRange(0, 60);
}

void DriftChart::setRun(const chaos::ExperimentRun &run)
{
    if (run.samples.empty()) {
        clear();
        return;
    }
    const qint64 t0 = run.baselineStartMs ? run.baselineStartMs : run.samples.front().atMs;
    const auto seconds = [t0](qint64 ms) { return double(ms - t0) / 1000.0; };

    std::vector<QList<QPointF>> targets(m_targetLines.size());
    QList<QPointF> predicted;
    QList<QPointF> mesh;
    for (const chaos::ExperimentSample &s : run.samples) {
        const double x = seconds(s.atMs);
        for (size_t i = 0; i < targets.size(); ++i) {
            const double v = s.services.value(m_targets.at(int(i))).score;
            if (std::isfinite(v))
                targets[i].append({x, v});
        }
        double sum = 0.0;
        double weights = 0.0;
        for (auto it = m_predicted.cbegin(); it != m_predicted.cend(); ++it) {
            const double v = s.services.value(it.key()).score;
            if (std::isfinite(v)) {
                sum += it.value() * v;
                weights += it.value();
            }
        }
        if (weights > 0.0)
            predicted.append({x, sum / weights});
        if (std::isfinite(s.meshScore))
            mesh.append({x, s.meshScore});
    }
    for (size_t i = 0; i < targets.size(); ++i)
        m_targetLines[i]->replace(targets[i]);
    m_predictedLine->replace(predicted);
    m_meshLine->replace(mesh);

    const double lastS = seconds(run.samples.back().atMs);
    const chaos::Experiment &e = run.experiment;
    const double planS = double(e.baselineMs + e.injectMs + e.recoverWithinMs) / 1000.0;
    m_timeAxis->setRange(0, std::max({planS, lastS, 1.0}));

    const double base = m_targets.isEmpty() ? core::kNaN : run.baselineMean(m_targets.first());
    if (std::isfinite(base)) {
        const double lo = std::max(0.0, base - e.recoveryTolerance);
        const double hi = std::min(kScoreMax, base + e.recoveryTolerance);
        const double right = std::max(planS, lastS);
        m_bandLower->replace({{0, lo}, {right, lo}});
        m_bandUpper->replace({{0, hi}, {right, hi}});
        m_bandRange = {lo, hi};
    }

    // Phases from the timeline: each shaded one lasts until the next transition (or now).
    m_spans.clear();
    m_markers.clear();
    for (size_t i = 0; i < run.timeline.size(); ++i) {
        const chaos::TimelineEntry &t = run.timeline[i];
        if (t.phase == ExperimentPhase::Aborted)
            m_markers.push_back({seconds(t.atMs), t.note.startsWith(QLatin1String("halt-all"))
                                                      ? tr("halted")
                                                      : tr("aborted")});
        if (!shaded(t.phase))
            continue;
        const double from = std::max(0.0, seconds(t.atMs));
        const double to = i + 1 < run.timeline.size() ? seconds(run.timeline[i + 1].atMs) : lastS;
        // Observe continues Inject (at the same instant): one "fault acting" span that keeps
        // the phase it began with.
        if (!m_spans.empty() && phaseLabel(m_spans.back().phase) == phaseLabel(t.phase) &&
            m_spans.back().toS >= from) {
            m_spans.back().toS = std::max(m_spans.back().toS, to);
            continue;
        }
        m_spans.push_back({t.phase, from, std::max(from, to)});
    }
    std::erase_if(m_spans, [](const PhaseSpan &s) { return s.toS <= s.fromS; });
    drawPhases();
    drawMarkers();
}

void DriftChart::drawPhases()
{
    if (m_spans.size() > m_phaseAreas.size())
        m_spans.resize(m_phaseAreas.size()); // the later ones are not shaded; the lines say it
    QStringList named;
    for (size_t i = 0; i < m_phaseAreas.size(); ++i) {
        QAreaSeries *area = m_phaseAreas[i];
        if (i >= m_spans.size()) {
            area->upperSeries()->clear();
            area->lowerSeries()->clear();
            hideFromLegend(m_chart, area);
            continue;
        }
        const PhaseSpan &s = m_spans[i];
        area->setBrush(phaseColor(s.phase));
        area->setName(phaseLabel(s.phase));
        area->lowerSeries()->replace({{s.fromS, 0}, {s.toS, 0}});
        area->upperSeries()->replace({{s.fromS, kScoreMax}, {s.toS, kScoreMax}});
        // One legend entry per kind of phase.
        const bool first = !named.contains(area->name());
        named << area->name();
        for (QLegendMarker *m : m_chart->legend()->markers(area))
            m->setVisible(first);
    }
}

void DriftChart::drawMarkers()
{
    while (m_markerLines.size() < m_markers.size()) {
        m_markerLines.push_back(addLine(QString(), QColor(0xb7, 0x1c, 0x1c), 2.0, Qt::DashLine));
    }
    for (size_t i = 0; i < m_markerLines.size(); ++i) {
        QLineSeries *line = m_markerLines[i];
        if (i >= m_markers.size()) {
            line->clear();
            hideFromLegend(m_chart, line);
            continue;
        }
        line->setName(m_markers[i].text);
        line->replace({{m_markers[i].atS, 0}, {m_markers[i].atS, kScoreMax}});
        for (QLegendMarker *m : m_chart->legend()->markers(line))
            m->setVisible(true);
    }
}

QList<QPointF> DriftChart::targetPoints(int target) const
{
    return target >= 0 && size_t(target) < m_targetLines.size()
               ? m_targetLines[size_t(target)]->points()
               : QList<QPointF>{};
}

QList<QPointF> DriftChart::predictedPoints() const
{
    return m_predictedLine->points();
}

QList<QPointF> DriftChart::meshPoints() const
{
    return m_meshLine->points();
}

std::pair<double, double> DriftChart::baselineBand() const
{
    return m_bandRange;
}

} // namespace meshscope::widgets
