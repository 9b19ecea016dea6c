#pragma once

// One compact time chart (Qt Charts) whose lines may have gaps: a point with a NaN y value
// breaks the line there instead of being drawn as zero. Made for refresh-rate updates: series
// are created once and refilled with QXYSeries::replace, never rebuilt; no animations.

#include <QChartView>
#include <QList>
#include <QPen>
#include <QPointF>

#include <utility>
#include <vector>

class QDateTimeAxis;
class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace meshscope::widgets {

class HistoryChart : public QChartView
{
    Q_OBJECT
public:
    explicit HistoryChart(const QString &title, QWidget *parent = nullptr);
    ~HistoryChart() override;

    // A line on the left (default) or right value axis; returns its index. The right axis is
    // created on first use.
    int addLine(const QString &name, const QColor &color, Qt::PenStyle style = Qt::SolidLine,
                qreal width = 1.5, Qt::Alignment axis = Qt::AlignLeft);
    // A faint horizontal band on the left axis, e.g. a health band's score range.
    void addBand(double from, double to, const QColor &fill);
    void setBandRange(int band, double from, double to); // bands in the order they were added
    std::pair<double, double> bandRange(int band) const; // the score range it shades

    void setLineName(int line, const QString &name);
    // Oldest first, x = ms since the Unix epoch. NaN y = no data: the line breaks there. A run
    // of one point between gaps is drawn as a dot.
    void setLinePoints(int line, const QList<QPointF> &points);
    void setTimeWindow(qint64 fromMs, qint64 toMs, int tickCount);
    void setValueRange(Qt::Alignment axis, double min, double max, int tickCount = 5);

    // What is drawn, for tests and exports: every point of a line over all its pieces, and the
    // number of unbroken pieces (lines and dots).
    QList<QPointF> drawnPoints(int line) const;
    int pieceCount(int line) const;

    // The smallest "round" upper bound >= value for an axis with `intervals` equal steps.
    static double niceMax(double value, int intervals = 4);

private:
    struct Line
    {
        QString name;
        QPen pen;
        QValueAxis *axis = nullptr;
        std::vector<QLineSeries *> segments; // segments[0] carries the legend entry
        QScatterSeries *dots = nullptr;      // isolated points between gaps
        int usedSegments = 0;
    };

    QLineSeries *newSegment(Line &line);
    QValueAxis *axisFor(Qt::Alignment alignment);
    void hideFromLegend(QAbstractSeries *series);

    QChart *m_chart = nullptr;
    QDateTimeAxis *m_timeAxis = nullptr;
    QValueAxis *m_leftAxis = nullptr;
    QValueAxis *m_rightAxis = nullptr;
    std::vector<Line> m_lines;
    struct Band
    {
        QLineSeries *lower = nullptr;
        QLineSeries *upper = nullptr;
        double from = 0.0;
        double to = 0.0;
    };
    std::vector<Band> m_bands;
};

} // namespace meshscope::widgets
