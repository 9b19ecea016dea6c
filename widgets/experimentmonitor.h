#pragma once

// The "Experiment" dock: one guided chaos run as it happens and its result. The state line
// (phase, what it does, time into the run), the hypothesis, the drift chart, the steady-state
// conditions judged live over the current phase, warnings, a Halt button; when the run is over,
// the verdict, the figures (time to detect, maximum drift, area under the drift curve, time to
// recover, resilience) and "Open report". Shows values only: the app's chaos flow runs the
// experiment and feeds it.

#include "chaos/experiment/experimentrun.h"
#include "chaos/report/experimentfigures.h"

#include <QHash>
#include <QWidget>

class QLabel;
class QPushButton;

namespace meshscope::widgets {

class DriftChart;

class ExperimentMonitor : public QWidget
{
    Q_OBJECT
public:
    explicit ExperimentMonitor(QWidget *parent = nullptr);

    // A run of `experiment` is about to start; the chart follows `targets` and `predicted`.
    void begin(const chaos::Experiment &experiment, const QStringList &targets,
               const QHash<QString, double> &predicted);
    // Live: after every recorded refresh and transition.
    void showRun(const chaos::ExperimentRun &run);
    // The run is over; `reportPath` is report.html (empty when it could not be written, then
    // `reportError` says why).
    void showResult(const chaos::ExperimentRun &run, const chaos::ExperimentFigures &figures,
                    const QString &reportPath, const QString &reportError = {});
    void addWarning(const QString &text);

    DriftChart *chart() const { return m_chart; }
    // What the user reads, for tests: the state line, the conditions, the verdict, the figures.
    QString stateText() const;
    QString conditionsText() const;
    QString verdictText() const;
    QString figuresText() const;
    // A Schedule scenario's rhythm: last run, next run, active children (empty otherwise).
    QString scheduleText() const;
    QString reportPath() const { return m_reportPath; }
    bool isHaltEnabled() const;

Q_SIGNALS:
    void haltRequested();

private:
    void openReport();
    void showSchedule(const chaos::ExperimentRun &run);

    QLabel *m_title = nullptr;
    QLabel *m_state = nullptr;
    QLabel *m_hypothesis = nullptr;
    DriftChart *m_chart = nullptr;
    QLabel *m_conditions = nullptr;
    QLabel *m_warnings = nullptr;
    QLabel *m_schedule = nullptr;
    QLabel *m_verdict = nullptr;
    QLabel *m_figures = nullptr;
    QPushButton *m_halt = nullptr;
    QPushButton *m_open = nullptr;
    QStringList m_targets;
    QStringList m_warningTexts;
    QString m_reportPath;
};

} // namespace meshscope::widgets
