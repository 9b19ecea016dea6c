#pragma once

// The drift chart of a guided chaos experiment (Qt Charts): the health scores over the run of
// the fault's targets, of the predicted services (the blast radius, weighted by dependency
// strength) and of the whole mesh, against the targets' baseline band (baseline mean ± the
// recovery tolerance); the phases shaded behind, and a vertical marker where a run was aborted
// or halted. x is seconds since the baseline started, so the axis reads as the run's plan
// (baseline + inject + recover-within) while it runs. Redrawn from the run at every sample:
// series are refilled (QXYSeries::replace), never rebuilt; no animations.

#include "chaos/experiment/experimentrun.h"

#include <QChartView>
#include <QHash>
#include <QList>
#include <QPointF>
#include <QStringList>

#include <vector>

class QAreaSeries;
class QLineSeries;
class QValueAxis;

namespace meshscope::widgets {

class DriftChart : public QChartView
{
    Q_OBJECT
public:
    struct PhaseSpan
    {
        chaos::ExperimentPhase phase = chaos::ExperimentPhase::Baseline;
        double fromS = 0.0;
        double toS = 0.0;
    };
    struct Marker
    {
        double atS = 0.0;
        QString text; // "aborted", "halted"
    };

    explicit DriftChart(QWidget *parent = nullptr);
    ~DriftChart() override;

    // The lines follow these services (keys "namespace/name"); a new run starts with this.
    void setServices(const QStringList &targets, const QHash<QString, double> &predicted);
    void setRun(const chaos::ExperimentRun &run);
    void clear();

    // What is drawn, for tests and exports: x in seconds since the baseline began, y a score.
    QList<QPointF> targetPoints(int target = 0) const;
    QList<QPointF> predictedPoints() const; // dependency-weighted mean of the predicted services
    QList<QPointF> meshPoints() const;
    // The band's score range; (NaN, NaN) before the baseline has a sample.
    std::pair<double, double> baselineBand() const;
    const std::vector<PhaseSpan> &phases() const { return m_spans; }
    const std::vector<Marker> &markers() const { return m_markers; }

    static QColor phaseColor(chaos::ExperimentPhase phase);

private:
    QLineSeries *addLine(const QString &name, const QColor &color, qreal width,
                         Qt::PenStyle style = Qt::SolidLine);
    void drawPhases();
    void drawMarkers();

    QChart *m_chart = nullptr;
    QValueAxis *m_timeAxis = nullptr;
    QValueAxis *m_scoreAxis = nullptr;
    QStringList m_targets;
    QHash<QString, double> m_predicted;
    std::vector<QLineSeries *> m_targetLines;
    QLineSeries *m_predictedLine = nullptr;
    QLineSeries *m_meshLine = nullptr;
    QLineSeries *m_bandLower = nullptr;
    QLineSeries *m_bandUpper = nullptr;
    QAreaSeries *m_band = nullptr;
    std::vector<QAreaSeries *> m_phaseAreas; // one per span, made once
    std::vector<QLineSeries *> m_markerLines;
    std::vector<PhaseSpan> m_spans;
    std::vector<Marker> m_markers;
    std::pair<double, double> m_bandRange;
};

} // namespace meshscope::widgets
