#include "widgets/historychart.h"

#include <QAreaSeries>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

constexpr qreal kLabelPointSize = 7.5; // readable in a ~360 px dock without crowding the plot

QFont smallFont(const QFont &base, bool bold = false)
{
    QFont f = base;
    f.setPointSizeF(kLabelPointSize);
    f.setBold(bold);
    return f;
}

} // namespace

HistoryChart::HistoryChart(const QString &title, QWidget *parent) : QChartView(parent)
{
    m_chart = new QChart;
    m_chart->setAnimationOptions(
        QChart::NoAnimation); // every refresh would animate: CPU for nothing
    m_chart->setTitle(title);
    m_chart->setTitleFont(smallFont(font(), true));
    m_chart->setMargins(QMargins(2, 0, 2, 0));
    m_chart->layout()->setContentsMargins(0, 0, 0, 0);
    m_chart->setBackgroundRoundness(0);
    m_chart->legend()->setAlignment(Qt::AlignBottom);
    m_chart->legend()->setFont(smallFont(font()));
    m_chart->legend()->setMarkerShape(QLegend::MarkerShapeFromSeries);

    m_timeAxis = new QDateTimeAxis;
    m_timeAxis->setFormat(QStringLiteral("HH:mm"));
    m_timeAxis->setLabelsFont(smallFont(font()));
    m_timeAxis->setGridLineColor(QColor(0xe0, 0xe0, 0xe0));
    m_chart->addAxis(m_timeAxis, Qt::AlignBottom);
    m_leftAxis = axisFor(Qt::AlignLeft);

    setChart(m_chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);
    setFrameShape(QFrame::NoFrame);
}

HistoryChart::~HistoryChart() = default;

QValueAxis *HistoryChart::axisFor(Qt::Alignment alignment)
{
    QValueAxis *&axis = alignment == Qt::AlignRight ? m_rightAxis : m_leftAxis;
    if (!axis) {
        axis = new QValueAxis;
        axis->setLabelFormat(QStringLiteral("%g"));
        axis->setLabelsFont(smallFont(font()));
        axis->setGridLineColor(QColor(0xe8, 0xe8, 0xe8));
        axis->setRange(0.0, 1.0);
        if (alignment == Qt::AlignRight)
            axis->setGridLineVisible(false); // one grid is enough; two disagreeing grids confuse
        m_chart->addAxis(axis, alignment);
    }
    return axis;
}

void HistoryChart::hideFromLegend(QAbstractSeries *series)
{
    const QList<QLegendMarker *> markers = m_chart->legend()->markers(series);
    for (QLegendMarker *marker : markers)
        marker->setVisible(false);
}

int HistoryChart::addLine(const QString &name, const QColor &color, Qt::PenStyle style, qreal width,
                          Qt::Alignment axis)
{
    Line line;
    line.name = name;
    line.pen = QPen(color, width, style, Qt::RoundCap, Qt::RoundJoin);
    line.axis = axisFor(axis);
    if (axis == Qt::AlignRight)
        m_rightAxis->setLabelsColor(color); // the axis belongs to the line of the same colour
    m_lines.push_back(line);
    Line &stored = m_lines.back();
    newSegment(stored); // the first segment carries the legend entry, even while empty

    stored.dots = new QScatterSeries;
    stored.dots->setName(name);
    stored.dots->setColor(color);
    stored.dots->setBorderColor(color);
    stored.dots->setMarkerSize(std::max(4.0, width * 3.0));
    m_chart->addSeries(stored.dots);
    stored.dots->attachAxis(m_timeAxis);
    stored.dots->attachAxis(stored.axis);
    hideFromLegend(stored.dots);
    return int(m_lines.size()) - 1;
}

QLineSeries *HistoryChart::newSegment(Line &line)
{
    auto *series = new QLineSeries;
    series->setName(line.name);
    series->setPen(line.pen);
    m_chart->addSeries(series);
    series->attachAxis(m_timeAxis);
    series->attachAxis(line.axis);
    if (!line.segments.empty())
        hideFromLegend(series);
    line.segments.push_back(series);
    return series;
}

void HistoryChart::addBand(double from, double to, const QColor &fill)
{
    Band band;
    band.from = from;
    band.to = to;
    band.lower = new QLineSeries(this);
    band.upper = new QLineSeries(this);
    auto *area = new QAreaSeries(band.upper, band.lower);
    area->setBrush(fill);
    area->setPen(Qt::NoPen);
    m_chart->addSeries(area);
    area->attachAxis(m_timeAxis);
    area->attachAxis(m_leftAxis);
    hideFromLegend(area);
    m_bands.push_back(band);
}

std::pair<double, double> HistoryChart::bandRange(int band) const
{
    const Band &b = m_bands[size_t(band)];
    return {b.from, b.to};
}

void HistoryChart::setBandRange(int band, double from, double to)
{
    Band &b = m_bands[size_t(band)];
    b.from = from;
    b.to = to;
    if (b.lower->count() == 2) { // else the next setTimeWindow places it
        const double x0 = b.lower->at(0).x();
        const double x1 = b.lower->at(1).x();
        b.lower->replace({QPointF(x0, from), QPointF(x1, from)});
        b.upper->replace({QPointF(x0, to), QPointF(x1, to)});
    }
}

void HistoryChart::setLineName(int line, const QString &name)
{
    Line &l = m_lines[size_t(line)];
    if (l.name == name)
        return;
    l.name = name;
    for (QLineSeries *s : l.segments)
        s->setName(name);
    l.dots->setName(name);
}

void HistoryChart::setLinePoints(int line, const QList<QPointF> &points)
{
    Line &l = m_lines[size_t(line)];
    QList<QPointF> dots;
    QList<QPointF> run;
    int used = 0;
    auto flush = [&]() {
        if (run.size() == 1) {
            dots.append(run.front());
        } else if (run.size() > 1) {
            QLineSeries *segment =
                used < int(l.segments.size()) ? l.segments[size_t(used)] : newSegment(l);
            segment->replace(run);
            ++used;
        }
        run.clear();
    };
    run.reserve(points.size());
    for (const QPointF &p : points) {
        if (std::isnan(p.y()))
            flush();
        else
            run.append(p);
    }
    flush();
    // Empty the pieces this refresh did not need (kept for the next gap rather than deleted).
    for (size_t i = size_t(used);
         i < size_t(std::max(used, l.usedSegments)) && i < l.segments.size(); ++i)
        l.segments[i]->clear();
    l.usedSegments = used;
    if (!dots.isEmpty() || l.dots->count() > 0)
        l.dots->replace(dots);
}

void HistoryChart::setTimeWindow(qint64 fromMs, qint64 toMs, int tickCount)
{
    const QDateTime from = QDateTime::fromMSecsSinceEpoch(fromMs);
    const QDateTime to = QDateTime::fromMSecsSinceEpoch(toMs);
    if (m_timeAxis->min() != from || m_timeAxis->max() != to)
        m_timeAxis->setRange(from, to);
    if (m_timeAxis->tickCount() != tickCount)
        m_timeAxis->setTickCount(tickCount);
    for (Band &band : m_bands) {
        band.lower->replace({QPointF(double(fromMs), band.from), QPointF(double(toMs), band.from)});
        band.upper->replace({QPointF(double(fromMs), band.to), QPointF(double(toMs), band.to)});
    }
}

void HistoryChart::setValueRange(Qt::Alignment axis, double min, double max, int tickCount)
{
    QValueAxis *a = axisFor(axis);
    if (a->min() != min || a->max() != max)
        a->setRange(min, max);
    if (a->tickCount() != tickCount)
        a->setTickCount(tickCount);
}

QList<QPointF> HistoryChart::drawnPoints(int line) const
{
    const Line &l = m_lines[size_t(line)];
    QList<QPointF> all;
    for (const QLineSeries *s : l.segments)
        all.append(s->points());
    all.append(l.dots->points());
    std::sort(all.begin(), all.end(),
              [](const QPointF &a, const QPointF &b) { return a.x() < b.x(); });
    return all;
}

int HistoryChart::pieceCount(int line) const
{
    const Line &l = m_lines[size_t(line)];
    return l.usedSegments + int(l.dots->count());
}

double HistoryChart::niceMax(double value, int intervals)
{
    if (!std::isfinite(value) || value <= 0.0)
        return 1.0;
    // Step from the 1-2-2.5-5 sequence so that tick labels stay short.
    const double raw = value / intervals;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 2.5, 5.0, 10.0}) {
        if (m * magnitude >= raw * (1.0 - 1e-9))
            return m * magnitude * intervals;
    }
    return 10.0 * magnitude * intervals;
}

} // namespace meshscope::widgets
