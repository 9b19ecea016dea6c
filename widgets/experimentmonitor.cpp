#include "widgets/experimentmonitor.h"

#include "chaos/experiment/steadystate.h"
#include "widgets/driftchart.h"

#include <QDesktopServices>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QUrl>
#include <QVBoxLayout>

namespace meshscope::widgets {

namespace {

using chaos::ExperimentPhase;

QString duration(std::optional<qint64> ms)
{
    return ms ? ExperimentMonitor::tr("%1 s").arg(double(*ms) / 1000.0, 0, 'f', 0)
              : ExperimentMonitor::tr("–");
}

QLabel *wrapped(QWidget *parent)
{
    auto *label = new QLabel(parent);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

// The phase whose conditions are judged now: the baseline until the fault, then the fault's.
ExperimentPhase judgedPhase(const chaos::ExperimentRun &run)
{
    return run.injectStartMs ? ExperimentPhase::Observe : ExperimentPhase::Baseline;
}

} // namespace

ExperimentMonitor::ExperimentMonitor(QWidget *parent) : QWidget(parent)
{
    auto *content = new QWidget;
    auto *layout = new QVBoxLayout(content);
    layout->setContentsMargins(6, 6, 6, 6);
    m_title = wrapped(content);
    QFont bold = m_title->font();
    bold.setBold(true);
    bold.setPointSizeF(bold.pointSizeF() + 1);
    m_title->setFont(bold);
    m_title->setText(tr("No experiment is running"));
    layout->addWidget(m_title);

    auto *stateRow = new QHBoxLayout;
    m_state = wrapped(content);
    m_state->setObjectName(QStringLiteral("experimentState"));
    m_state->setText(tr("Chaos ▸ Run Experiment File… starts one on the demo mesh."));
    stateRow->addWidget(m_state, 1);
    m_halt = new QPushButton(tr("Halt"), content);
    m_halt->setObjectName(QStringLiteral("experimentHaltButton"));
    m_halt->setToolTip(tr("Stop the run: pause and delete every fault Meshscope created"));
    m_halt->setStyleSheet(QStringLiteral("QPushButton:enabled { color: white; background: "
                                         "#c62828; font-weight: bold; padding: 3px 12px; }"));
    m_halt->setEnabled(false);
    connect(m_halt, &QPushButton::clicked, this, &ExperimentMonitor::haltRequested);
    stateRow->addWidget(m_halt, 0, Qt::AlignTop);
    layout->addLayout(stateRow);

    m_hypothesis = wrapped(content);
    m_hypothesis->setStyleSheet(QStringLiteral("color: #444; font-style: italic;"));
    layout->addWidget(m_hypothesis);
    m_chart = new DriftChart(content);
    // The result below the chart makes the page scroll rather than squeeze the chart.
    m_chart->setMinimumHeight(300);
    layout->addWidget(m_chart, 1);
    m_conditions = wrapped(content);
    m_conditions->setTextFormat(Qt::RichText);
    layout->addWidget(m_conditions);
    m_schedule = wrapped(content);
    m_schedule->setObjectName(QStringLiteral("scheduleLabel"));
    m_schedule->hide();
    layout->addWidget(m_schedule);
    m_warnings = wrapped(content);
    m_warnings->setStyleSheet(QStringLiteral("color: #b26a00;"));
    m_warnings->hide();
    layout->addWidget(m_warnings);
    m_verdict = wrapped(content);
    m_verdict->setObjectName(QStringLiteral("experimentVerdict"));
    m_verdict->hide();
    layout->addWidget(m_verdict);
    m_figures = wrapped(content);
    m_figures->setTextFormat(Qt::RichText);
    m_figures->hide();
    layout->addWidget(m_figures);
    m_open = new QPushButton(tr("Open Report"), content);
    m_open->setObjectName(QStringLiteral("experimentOpenReport"));
    m_open->hide();
    connect(m_open, &QPushButton::clicked, this, &ExperimentMonitor::openReport);
    layout->addWidget(m_open, 0, Qt::AlignLeft);

    // A narrow dock scrolls rather than squeezing the chart to nothing.
    auto *scroll = new QScrollArea(this);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setWidget(content);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(scroll);
    content->setMinimumHeight(420);
}

void ExperimentMonitor::begin(const chaos::Experiment &experiment, const QStringList &targets,
                              const QHash<QString, double> &predicted)
{
    m_title->setText(experiment.name.isEmpty() ? experiment.id : experiment.name);
    m_hypothesis->setText(tr("Hypothesis: %1").arg(experiment.hypothesis));
    m_state->setText(tr("waiting for the next refresh to start the baseline"));
    m_targets = targets;
    m_chart->setServices(targets, predicted);
    m_conditions->clear();
    m_warningTexts.clear();
    m_warnings->hide();
    m_schedule->hide();
    m_verdict->hide();
    m_figures->hide();
    m_open->hide();
    m_reportPath.clear();
    m_halt->setEnabled(true);
}

void ExperimentMonitor::showRun(const chaos::ExperimentRun &run)
{
    m_chart->setRun(run);
    if (!run.timeline.empty()) {
        const chaos::TimelineEntry &t = run.timeline.back();
        const qint64 start = run.baselineStartMs ? run.baselineStartMs : t.atMs;
        m_state->setText(tr("<b>%1</b> — %2 <span style='color:#666'>(+%3 s)</span>")
                             .arg(chaos::phaseName(t.phase).toHtmlEscaped(), t.note.toHtmlEscaped())
                             .arg((t.atMs - start) / 1000));
        if (!run.samples.empty())
            m_state->setText(
                m_state->text() +
                tr(" · last refresh +%1 s").arg((run.samples.back().atMs - start) / 1000));
    }
    QStringList lines;
    const ExperimentPhase phase = judgedPhase(run);
    const auto &conditions = run.experiment.steadyState;
    for (size_t i = 0; i < conditions.size() && !run.samples.empty(); ++i) {
        const chaos::ConditionResult r =
            chaos::SteadyState::evaluate(conditions[i], int(i), run, phase);
        lines << tr("<span style='color:%1'>%2</span> %3 <span style='color:#666'>— %4</span>")
                     .arg(r.held ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"),
                          r.held ? QStringLiteral("✔") : QStringLiteral("✘"),
                          r.text.toHtmlEscaped(), r.observed.toHtmlEscaped());
    }
    m_conditions->setText(
        lines.isEmpty() ? QString()
                        : tr("<b>Steady state (%1)</b><br>%2")
                              .arg(chaos::phaseName(phase), lines.join(QStringLiteral("<br>"))));
    for (const QString &w : run.warnings)
        if (!m_warningTexts.contains(w))
            addWarning(w);
    showSchedule(run);
    m_halt->setEnabled(!chaos::isFinal(run.phase));
}

void ExperimentMonitor::addWarning(const QString &text)
{
    m_warningTexts << text;
    m_warnings->setText(tr("⚠ %1").arg(m_warningTexts.join(QStringLiteral("\n⚠ "))));
    m_warnings->show();
}

void ExperimentMonitor::showResult(const chaos::ExperimentRun &run,
                                   const chaos::ExperimentFigures &figures,
                                   const QString &reportPath, const QString &reportError)
{
    showRun(run);
    m_halt->setEnabled(false);
    QString verdict;
    QString colour = QStringLiteral("#c62828");
    switch (run.outcome) {
    case chaos::ExperimentOutcome::Held:
        verdict = tr("Hypothesis held");
        colour = QStringLiteral("#2e7d32");
        break;
    case chaos::ExperimentOutcome::NotHeld:
        verdict = tr("Hypothesis did not hold");
        break;
    case chaos::ExperimentOutcome::Aborted:
        verdict = tr("Aborted: %1").arg(run.error);
        colour = QStringLiteral("#b26a00");
        break;
    case chaos::ExperimentOutcome::Error:
        verdict = tr("Failed: %1").arg(run.error);
        break;
    }
    m_verdict->setText(verdict);
    m_verdict->setStyleSheet(
        QStringLiteral("color: %1; font-weight: bold; font-size: 13pt;").arg(colour));
    m_verdict->show();

    // The verdict's own conditions (recovery included) replace the live ones.
    QStringList lines;
    for (const chaos::ConditionResult &r : run.conditions)
        lines << QStringLiteral("<span style='color:%1'>%2</span> %3 "
                                "<span style='color:#666'>— %4</span>")
                     .arg(r.held ? QStringLiteral("#2e7d32") : QStringLiteral("#c62828"),
                          r.held ? QStringLiteral("✔") : QStringLiteral("✘"),
                          r.text.toHtmlEscaped(), r.observed.toHtmlEscaped());
    if (!lines.isEmpty())
        m_conditions->setText(tr("<b>Verdict</b><br>%1").arg(lines.join(QStringLiteral("<br>"))));

    QString rows;
    int shown = 0;
    for (const chaos::ServiceFigures &s : figures.services) {
        if (shown++ >= 6)
            break; // worst drift first: the rest is in the report
        rows += QStringLiteral("<tr><td>%1%2</td><td align=right>%3</td><td align=right>%4</td>"
                               "<td align=right>%5</td><td align=right>%6</td></tr>")
                    .arg(s.service.toHtmlEscaped(),
                         m_targets.contains(s.service) ? tr(" (target)") : QString(),
                         duration(s.timeToDetectMs))
                    .arg(s.maxDrift, 0, 'f', 1)
                    .arg(s.driftArea, 0, 'f', 0)
                    .arg(duration(s.timeToRecoverMs));
    }
    m_figures->setText(
        tr("<b>Resilience %1 / 100</b> · detection precision %2, recall %3"
           "<table cellspacing=0 cellpadding=2><tr><th align=left>service</th><th>time to "
           "detect</th><th>max drift</th><th>drift area (pt·s)</th><th>time to recover</th>"
           "</tr>%4</table>")
            .arg(figures.resilience, 0, 'f', 1)
            .arg(figures.detection.precision, 0, 'f', 2)
            .arg(figures.detection.recall, 0, 'f', 2)
            .arg(rows));
    m_figures->show();
    m_reportPath = reportPath;
    if (!reportPath.isEmpty()) {
        m_open->setToolTip(reportPath);
        m_open->show();
    } else if (!reportError.isEmpty()) {
        addWarning(tr("the report could not be written: %1").arg(reportError));
    }
}

void ExperimentMonitor::openReport()
{
    if (!m_reportPath.isEmpty())
        QDesktopServices::openUrl(QUrl::fromLocalFile(m_reportPath));
}

QString ExperimentMonitor::stateText() const
{
    return m_state->text();
}

QString ExperimentMonitor::conditionsText() const
{
    return m_conditions->text();
}

QString ExperimentMonitor::verdictText() const
{
    return m_verdict->isHidden() ? QString() : m_verdict->text();
}

QString ExperimentMonitor::figuresText() const
{
    return m_figures->isHidden() ? QString() : m_figures->text();
}

bool ExperimentMonitor::isHaltEnabled() const
{
    return m_halt->isEnabled();
}

void ExperimentMonitor::showSchedule(const chaos::ExperimentRun &run)
{
    if (!run.schedule) {
        m_schedule->hide();
        return;
    }
    const chaos::ScheduleState &s = *run.schedule;
    const auto at = [](const QDateTime &t, const QString &none) {
        return t.isValid() ? t.toLocalTime().toString(QStringLiteral("HH:mm:ss")) : none;
    };
    m_schedule->setText(tr("Schedule %1: last run %2 · next run %3 · %n active", nullptr, s.active)
                            .arg(s.expression.isEmpty() ? tr("(no expression)") : s.expression,
                                 at(s.lastRun, tr("not yet")),
                                 s.paused ? tr("paused") : at(s.nextRun, tr("none due"))) +
                        tr(" (%n spawned)", nullptr, s.spawned));
    m_schedule->show();
}

QString ExperimentMonitor::scheduleText() const
{
    return m_schedule->isHidden() ? QString() : m_schedule->text();
}

} // namespace meshscope::widgets
