#include "chaos/report/htmlreport.h"

#include "chaos/manifest/manifestbuilder.h"
#include "chaos/report/reportsvg.h"

#include <QDateTime>
#include <QDir>
#include <QJsonDocument>
#include <QSaveFile>

#include <algorithm>
#include <cmath>

namespace meshscope::chaos {

namespace {

QString esc(const QString &s)
{
    return s.toHtmlEscaped();
}

QString ms(const std::optional<qint64> &v)
{
    return v ? QStringLiteral("%1 s").arg(double(*v) / 1000.0, 0, 'f', 0) : QStringLiteral("–");
}

QString list(const QStringList &items)
{
    return items.isEmpty() ? QStringLiteral("none") : esc(items.join(QLatin1String(", ")));
}

Result<void> save(const QString &path, const QByteArray &bytes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return Error{QStringLiteral("%1: %2").arg(path, file.errorString())};
    return {};
}

} // namespace

QString HtmlReport::render(const ExperimentRun &run, const ExperimentFigures &figures)
{
    const Experiment &e = run.experiment;
    QStringList targets{e.target};
    if (!e.peer.isEmpty())
        targets << e.peer;
    // Chart the targets, then the predicted services that drifted most.
    QStringList charted = targets;
    for (const ServiceFigures &s : figures.services)
        if (s.predicted && !charted.contains(s.service) && charted.size() < 5)
            charted << s.service;

    const bool held = run.phase == ExperimentPhase::Done && run.outcome == ExperimentOutcome::Held;
    QString h;
    h += QStringLiteral("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                        "<title>Experiment %1</title><style>"
                        "body{font-family:sans-serif;margin:2em;max-width:1000px;color:#222}"
                        "table{border-collapse:collapse;margin:0.5em 0}td,th{border:1px solid "
                        "#ccc;padding:3px 8px;text-align:left}th{background:#f4f4f4}"
                        ".verdict{font-size:1.4em;padding:0.4em;border-radius:4px}"
                        ".held{background:#e3f6ea}.notheld{background:#fdecea}"
                        "pre{background:#f7f7f7;padding:0.6em;overflow:auto}"
                        ".snap{display:inline-block;vertical-align:top;margin-right:1em}"
                        "</style></head><body>\n")
             .arg(esc(e.name));
    h += QStringLiteral("<h1>%1</h1>\n<p><b>Hypothesis:</b> %2</p>\n")
             .arg(esc(e.name), esc(e.hypothesis));
    h += QStringLiteral("<p id=\"verdict\" class=\"verdict %1\">Verdict: <b>%2</b>%3</p>\n")
             .arg(held ? QStringLiteral("held") : QStringLiteral("notheld"),
                  esc(isFinal(run.phase) && run.phase != ExperimentPhase::Done
                          ? phaseName(run.phase)
                          : outcomeName(run.outcome)),
                  run.error.isEmpty() ? QString() : QStringLiteral(" — ") + esc(run.error));
    h += QStringLiteral("<p>Run <code>%1</code> on <code>%2</code>; fault %3 on %4%5; baseline "
                        "%6 s, fault %7 s, recovery allowed %8 s.</p>\n")
             .arg(esc(run.runId), esc(run.executor), esc(faultKindName(e.scenario.kind)),
                  esc(e.target), e.peer.isEmpty() ? QString() : QStringLiteral(" → ") + esc(e.peer))
             .arg(e.baselineMs / 1000)
             .arg(e.injectMs / 1000)
             .arg(e.recoverWithinMs / 1000);

    h += QStringLiteral("<h2>Steady state</h2>\n<table><tr><th>condition</th><th>held</th>"
                        "<th>observed</th></tr>\n");
    for (const ConditionResult &c : run.conditions)
        h += QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td></tr>\n")
                 .arg(esc(c.text), c.held ? QStringLiteral("yes") : QStringLiteral("<b>no</b>"),
                      esc(c.observed));
    h += QStringLiteral("</table>\n");

    h += QStringLiteral("<h2>Drift</h2>\n") + ReportSvg::driftChart(run, charted);

    h += QStringLiteral("<h2>Impact</h2>\n<p>Resilience: <b id=\"resilience\">%1</b> / 100. "
                        "Detection quality of the health score in this run: precision %2, "
                        "recall %3 (%4 true, %5 false alarms, %6 missed).</p>\n")
             .arg(figures.resilience, 0, 'f', 1)
             .arg(figures.detection.precision, 0, 'f', 2)
             .arg(figures.detection.recall, 0, 'f', 2)
             .arg(figures.detection.truePositives)
             .arg(figures.detection.falsePositives)
             .arg(figures.detection.falseNegatives);
    h += QStringLiteral("<p>Predicted and degraded: %1.<br>Predicted only: %2.<br>Degraded, not "
                        "predicted: %3.</p>\n")
             .arg(list(figures.predictedAndDegraded), list(figures.predictedOnly),
                  list(figures.degradedOnly));
    h += QStringLiteral("<table><tr><th>service</th><th>predicted weight</th><th>baseline score"
                        "</th><th>max drift</th><th>area (points·s)</th><th>time to detect</th>"
                        "<th>time to recover</th></tr>\n");
    for (const ServiceFigures &s : figures.services)
        h +=
            QStringLiteral("<tr><td>%1</td><td>%2</td><td>%3</td><td>%4</td><td>%5</td><td>%6"
                           "</td><td>%7</td></tr>\n")
                .arg(esc(s.service),
                     s.predicted ? QString::number(s.predictedWeight, 'f', 3) : QStringLiteral("–"),
                     QString::number(s.baselineMean, 'f', 1), QString::number(s.maxDrift, 'f', 1),
                     QString::number(s.driftArea, 'f', 0), ms(s.timeToDetectMs),
                     ms(s.timeToRecoverMs));
    h += QStringLiteral("</table>\n<h2>Graph before, during and after</h2>\n");
    for (const GraphSnapshot &s : run.snapshots)
        h += QStringLiteral("<div class=\"snap\"><h3>%1</h3>%2</div>\n")
                 .arg(esc(s.label), ReportSvg::topology(s, targets));

    h += QStringLiteral("<h2>Timeline</h2>\n<table><tr><th>time</th><th>phase</th><th>what"
                        "</th></tr>\n");
    for (const TimelineEntry &t : run.timeline)
        h += QStringLiteral("<tr><td>+%1 s</td><td>%2</td><td>%3</td></tr>\n")
                 .arg(double(t.atMs - run.baselineStartMs) / 1000.0, 0, 'f', 0)
                 .arg(phaseName(t.phase), esc(t.note));
    h += QStringLiteral("</table>\n");
    if (!run.warnings.isEmpty())
        h += QStringLiteral("<h2>Warnings</h2><ul><li>%1</li></ul>\n")
                 .arg(esc(run.warnings.join(QLatin1String("\n")))
                          .replace(QLatin1String("\n"), QLatin1String("</li><li>")));
    Manifest m;
    m.object = run.manifest;
    h += QStringLiteral("<h2>Manifest</h2>\n<pre>%1</pre>\n")
             .arg(esc(QString::fromUtf8(ManifestBuilder::toYaml(m))));
    h += QStringLiteral("<p><small>journal.json holds every refresh of the run.</small></p>\n"
                        "</body></html>\n");
    return h;
}

Result<QString> HtmlReport::write(const ExperimentRun &run, const QString &folder)
{
    if (!QDir().mkpath(folder))
        return Error{QStringLiteral("cannot create the report folder %1").arg(folder)};
    const QDir dir(folder);
    const ExperimentFigures figures = ExperimentFigures::compute(run);
    const QString html = dir.filePath(QStringLiteral("report.html"));
    if (auto r = save(html, render(run, figures).toUtf8()); !r)
        return Error{r.error()};
    if (auto r = save(dir.filePath(QStringLiteral("journal.json")),
                      QJsonDocument(run.toJson()).toJson());
        !r)
        return Error{r.error()};
    Manifest m;
    m.object = run.manifest;
    if (auto r = save(dir.filePath(QStringLiteral("manifest.yaml")), ManifestBuilder::toYaml(m));
        !r)
        return Error{r.error()};
    return html;
}

} // namespace meshscope::chaos
