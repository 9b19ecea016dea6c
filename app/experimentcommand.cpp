#include "app/experimentcommand.h"

#include "chaos/executor/demoexecutor.h"
#include "chaos/experiment/demoobserver.h"
#include "chaos/experiment/experimentparser.h"
#include "chaos/experiment/experimentrunner.h"
#include "chaos/experiment/orphancleanup.h"
#include "chaos/experiment/prometheusobserver.h"
#include "chaos/kube/kubeexecutor.h"
#include "chaos/report/htmlreport.h"

#include <QCoreApplication>
#include <QDir>

namespace meshscope::app {

namespace {
QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::app::ExperimentCommand", text);
}

// Where the run acts and what it reads the mesh from.
struct Backend
{
    std::shared_ptr<chaos::ChaosExecutor> executor;
    std::shared_ptr<chaos::MeshObserver> observer; // null for `cleanup` on a cluster
};

Result<Backend> demoBackend(const ExperimentCommand &c, const QString &journalFolder)
{
    const qint64 start =
        c.at.isValid() ? c.at.toMSecsSinceEpoch() : QDateTime::currentMSecsSinceEpoch();
    auto observer = chaos::DemoObserver::create(c.demo, c.seed, start);
    if (!observer)
        return Error{observer.error()};
    std::shared_ptr<chaos::DemoObserver> demo = std::move(observer.value());
    auto executor = std::make_shared<chaos::DemoExecutor>(
        demo->source(), c.demo, QDir(journalFolder).filePath(QStringLiteral("demo-executor")),
        demo->clock());
    return Backend{executor, demo};
}

// A kubeconfig context with Chaos Mesh; the scores come from the cluster's Prometheus through
// the metric profile, as the window's Prometheus source reads them.
Result<Backend> clusterBackend(const ExperimentCommand &c)
{
    auto executor = chaos::KubeExecutor::fromKubeconfig(c.context, c.kubeconfig);
    if (!executor)
        return Error{QStringLiteral("--context %1: %2").arg(c.context, executor.error())};
    Backend b{std::shared_ptr<chaos::ChaosExecutor>(std::move(executor).value()), nullptr};
    if (c.cleanup)
        return b;
    core::PrometheusSourceOptions options;
    options.endpoint.baseUrl = QUrl(c.prometheus);
    auto profile = core::MetricProfile::find(c.metricProfile);
    if (!profile)
        return Error{QStringLiteral("--metric-profile: ") + profile.error()};
    options.profile = std::move(profile).value();
    auto observer = chaos::PrometheusObserver::create(std::move(options));
    if (!observer)
        return Error{QStringLiteral("--prometheus %1: %2").arg(c.prometheus, observer.error())};
    b.observer = std::shared_ptr<chaos::MeshObserver>(std::move(observer).value());
    return b;
}
} // namespace

QString ExperimentCommand::helpText()
{
    return tr(R"(Usage:
  meshscope experiment run FILE.yaml [--demo MESH] --report DIR [options]
  meshscope experiment run FILE.yaml --context NAME --prometheus URL --report DIR [options]
  meshscope experiment cleanup [--demo MESH | --context NAME] [--journal DIR]

Runs a guided chaos experiment (docs/experiments.md) without a window and writes its report
(report.html, journal.json, manifest.yaml) to DIR. `cleanup` removes what a run that did not
finish left behind (faults still applied, journals not closed) and closes those journals.

Options:
  --demo MESH          run on the demo mesh (default shop); simulated time, no cluster needed
  --context NAME       run on the cluster of this kubeconfig context (Chaos Mesh); real time
  --kubeconfig PATH    kubeconfig file(s), ':'-separated (default $KUBECONFIG, ~/.kube/config)
  --report DIR         where the report goes (required)
  --prometheus URL     Prometheus of the mesh: PromQL conditions; with --context, the scores too
  --metric-profile P   with --context: how the metrics become the graph (default istio)
  --journal DIR        journal folder (default: the data folder's experiments/)
  --seed N             demo mesh seed (default 1)
  --at TIME            demo mesh: simulated start, ISO 8601 (default now)

Exit status: 0 the hypothesis held, 1 it did not, 2 an error or an abort.)");
}

ExperimentCommand ExperimentCommand::parse(const QStringList &arguments, QString *error)
{
    ExperimentCommand c;
    if (arguments.isEmpty() || (arguments.first() != QLatin1String("run") &&
                                arguments.first() != QLatin1String("cleanup"))) {
        *error = tr("experiment: expected 'experiment run FILE.yaml --report DIR' or "
                    "'experiment cleanup'");
        return c;
    }
    c.cleanup = arguments.first() == QLatin1String("cleanup");
    bool demoGiven = false;
    for (int i = 1; i < arguments.size(); ++i) {
        const QString arg = arguments.at(i);
        const auto value = [&](QString *out) {
            if (i + 1 >= arguments.size() || arguments.at(i + 1).isEmpty()) {
                *error = tr("%1 needs a value").arg(arg);
                return false;
            }
            *out = arguments.at(++i);
            return true;
        };
        QString v;
        if (arg == QLatin1String("--demo")) {
            if (!value(&c.demo))
                return c;
            demoGiven = true;
        } else if (arg == QLatin1String("--context")) {
            if (!value(&c.context))
                return c;
        } else if (arg == QLatin1String("--report")) {
            if (!value(&c.report))
                return c;
        } else if (arg == QLatin1String("--journal")) {
            if (!value(&c.journalFolder))
                return c;
        } else if (arg == QLatin1String("--prometheus")) {
            if (!value(&c.prometheus))
                return c;
        } else if (arg == QLatin1String("--kubeconfig")) {
            if (!value(&v))
                return c;
            c.kubeconfig += v.split(QLatin1Char(':'), Qt::SkipEmptyParts);
        } else if (arg == QLatin1String("--metric-profile")) {
            if (!value(&c.metricProfile))
                return c;
        } else if (arg == QLatin1String("--seed")) {
            bool ok = false;
            if (!value(&v))
                return c;
            c.seed = v.toULongLong(&ok);
            if (!ok) {
                *error = tr("--seed needs a non-negative whole number, got '%1'").arg(v);
                return c;
            }
        } else if (arg == QLatin1String("--at")) {
            if (!value(&v))
                return c;
            c.at = QDateTime::fromString(v, Qt::ISODate);
            if (!c.at.isValid()) {
                *error = tr("--at: '%1' is not an ISO 8601 time").arg(v);
                return c;
            }
        } else if (arg.startsWith(QLatin1Char('-'))) {
            *error = tr("unknown option '%1' for experiment run").arg(arg);
            return c;
        } else if (c.file.isEmpty()) {
            c.file = arg;
        } else {
            *error = tr("unexpected argument '%1'").arg(arg);
            return c;
        }
    }
    if (c.cleanup && !c.file.isEmpty())
        *error = tr("experiment cleanup takes no file");
    else if (c.cleanup)
        return c;
    else if (c.file.isEmpty())
        *error = tr("experiment run needs an experiment file (FILE.yaml)");
    else if (c.report.isEmpty())
        *error = tr("experiment run needs --report DIR");
    else if (demoGiven && !c.context.isEmpty())
        *error = tr("--demo and --context exclude each other: run on the demo mesh or a cluster");
    else if (!c.context.isEmpty() && c.prometheus.isEmpty())
        *error = tr("--context needs --prometheus URL: on a cluster the health scores come from "
                    "the mesh's Prometheus");
    return c;
}

int runExperimentCommand(const QStringList &arguments, QTextStream &out, QTextStream &err)
{
    using namespace chaos;
    if (arguments.contains(QLatin1String("-h")) || arguments.contains(QLatin1String("--help"))) {
        out << ExperimentCommand::helpText() << '\n';
        return 0;
    }
    QString error;
    const ExperimentCommand c = ExperimentCommand::parse(arguments, &error);
    if (!error.isEmpty()) {
        err << "meshscope: " << error << '\n';
        return 2;
    }
    const QString journalFolder =
        c.journalFolder.isEmpty() ? ExperimentJournal::defaultFolder() : c.journalFolder;
    auto backend = c.context.isEmpty() ? demoBackend(c, journalFolder) : clusterBackend(c);
    if (!backend) {
        err << "meshscope: " << backend.error() << '\n';
        return 2;
    }
    const std::shared_ptr<ChaosExecutor> executor = backend->executor;

    // What an earlier run that did not finish left behind: cleaned on request, else named.
    const CrashLeftovers left = OrphanCleanup::find(*executor, journalFolder);
    for (const QString &e : left.errors)
        err << "warning: " << e << '\n';
    if (c.cleanup) {
        for (const auto &j : left.journals)
            out << tr("closing run %1 (stopped in %2)").arg(j.runId, j.phase) << '\n';
        for (const AppliedChaos &a : left.managed)
            out << tr("removing %1 %2/%3").arg(a.kind, a.ns, a.name) << '\n';
        if (auto cleaned = OrphanCleanup::clean(*executor, left); !cleaned) {
            err << "meshscope: " << cleaned.error() << '\n';
            return 2;
        }
        out << (left.isEmpty() ? tr("nothing to clean up") : tr("cleaned up")) << '\n';
        return 0;
    }
    if (!left.isEmpty())
        err << "warning: "
            << tr("%1 unfinished run(s) and %2 fault(s) left by an earlier run; run 'meshscope "
                  "experiment cleanup' to remove them")
                   .arg(left.journals.size())
                   .arg(left.managed.size())
            << '\n';

    auto experiment = ExperimentParser::parseFile(c.file);
    if (!experiment) {
        err << "meshscope: " << experiment.error() << '\n';
        return 2;
    }
    RunnerOptions options;
    options.journalFolder = journalFolder;
    options.prometheusUrl = c.prometheus;
    ExperimentRunner runner(*experiment, executor, backend->observer, options);
    QObject::connect(&runner, &ExperimentRunner::phaseChanged,
                     [&out](ExperimentPhase phase, const QString &note) {
                         out << phaseName(phase) << ": " << note << '\n';
                         out.flush();
                     });
    QObject::connect(&runner, &ExperimentRunner::injectionNoted,
                     [&out, &runner](const QString &note) {
                         out << phaseName(runner.phase()) << ": " << note << '\n';
                         out.flush();
                     });
    QObject::connect(&runner, &ExperimentRunner::warningRaised,
                     [&err](const QString &text) { err << "warning: " << text << '\n'; });
    const ExperimentOutcome outcome = runner.runToEnd();
    auto report = HtmlReport::write(runner.run(), c.report);
    if (!report) {
        err << "meshscope: " << report.error() << '\n';
        return 2;
    }
    for (const ConditionResult &r : runner.run().conditions)
        out << (r.held ? "  held:     " : "  NOT held: ") << r.text << " (" << r.observed << ")\n";
    out << tr("hypothesis %1; report: %2").arg(outcomeName(outcome), *report) << '\n';
    if (outcome == ExperimentOutcome::Error || outcome == ExperimentOutcome::Aborted)
        err << "meshscope: " << runner.run().error << '\n';
    return exitCodeFor(outcome);
}

} // namespace meshscope::app
