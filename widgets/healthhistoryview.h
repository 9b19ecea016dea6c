#pragma once

// The history part of the details panel: a time range selector (5 min / 15 min / 1 h) and three
// charts over one entity's HistoryPoints — score with its three factors over the health bands,
// request rate with error %, and p95 latency. Missing data breaks the lines.

#include "core/health/healthsettings.h"
#include "core/history/historystore.h"

#include <QWidget>

#include <vector>

class QButtonGroup;

namespace meshscope::widgets {

class HistoryChart;

class HealthHistoryView : public QWidget
{
    Q_OBJECT
public:
    // Line indices in the charts, for tests and exports.
    enum ScoreLine
    {
        ScoreLineScore,
        ScoreLineConnectivity,
        ScoreLineStability,
        ScoreLineProtocol
    };
    enum TrafficLine
    {
        TrafficLineRate,
        TrafficLineErrors
    };

    explicit HealthHistoryView(QWidget *parent = nullptr);

    // `points` oldest first; `nowMs` is the right edge of the window (the latest refresh).
    void setHistory(const std::vector<core::HistoryPoint> &points, qint64 nowMs);
    void clear();

    int rangeMinutes() const { return m_rangeMinutes; }
    void setRangeMinutes(int minutes); // 5, 15 or 60

    // The band boundaries drawn behind the score: the active health settings' bands.
    void setBands(const core::HealthSettings::Bands &bands);
    const core::HealthSettings::Bands &bands() const { return m_bands; }

    HistoryChart *scoreChart() const { return m_scoreChart; }
    HistoryChart *trafficChart() const { return m_trafficChart; }
    HistoryChart *latencyChart() const { return m_latencyChart; }

private:
    void rebuild();

    QButtonGroup *m_rangeGroup = nullptr;
    HistoryChart *m_scoreChart = nullptr;
    HistoryChart *m_trafficChart = nullptr;
    HistoryChart *m_latencyChart = nullptr;
    int m_rangeMinutes = 15;
    core::HealthSettings::Bands m_bands;      // the settings' defaults until setBands
    std::vector<core::HistoryPoint> m_points; // kept so a range change redraws at once
    qint64 m_nowMs = 0;
};

} // namespace meshscope::widgets
