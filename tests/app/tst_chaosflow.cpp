// The chaos flow without a MainWindow: a live session on the demo mesh "shop" with a manual
// clock, the scene, and the flow that runs experiments on them. Every refresh is asked for by
// the test after moving the clock 5 s, so a run of minutes takes a few seconds, deterministic.

#include "chaosflowrig.h"

#include "app/appsettings.h"
#include "app/chaosflow.h"
#include "app/mainwindow.h"
#include "chaos/executor/demoexecutor.h"
#include "chaos/experiment/experimentjournal.h"
#include "chaos/experiment/experimentparser.h"
#include "chaos/experiment/experimentrunner.h"
#include "core/demo/demosource.h"
#include "core/session/livesession.h"
#include "widgets/blastradiusoverlay.h"
#include "widgets/driftchart.h"
#include "widgets/experimentmonitor.h"
#include "widgets/topologyscene.h"

#include <QDockWidget>
#include <QFileInfo>
#include <QMainWindow>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QToolBar>

#include <algorithm>
#include <cmath>

using namespace meshscope;
using namespace meshscope::chaosflowtest;
using chaos::ExperimentPhase;

class TestChaosFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // The seed's latency experiment, started as the chaos panel or the menu would: the blast
    // radius is drawn first, the target is ringed while the fault acts, the chart shows the
    // target's score leave its baseline band and come back, and the report is written.
    void runsTheSeedExperimentToTheEnd()
    {
        QTemporaryDir dir;
        Rig rig(dir.path());
        QVERIFY(rig.refresh());
        QSignalSpy finished(rig.flow, &app::ChaosFlow::runFinished);

        rig.flow->start(seedExperiment());
        QVERIFY2(rig.errors.isEmpty(), qPrintable(rig.errors.join('\n')));
        QVERIFY(rig.flow->isRunning());
        // Before the run: the callers of checkout, weighted; the frontend calls it.
        const widgets::BlastRadiusOverlay *overlay = rig.flow->overlay();
        QVERIFY(overlay->predicted().contains(QStringLiteral("shop/frontend")));
        QVERIFY(overlay->markedPredicted() >= 1);
        QVERIFY(overlay->targets().isEmpty());

        bool targetRinged = false;
        for (int i = 0; i < 80 && rig.flow->isRunning(); ++i) {
            QVERIFY(rig.refresh());
            if (rig.flow->runner()->phase() == ExperimentPhase::Observe)
                targetRinged = targetRinged || (overlay->targets() == QStringList{kCheckout} &&
                                                overlay->markedTargets() == 1);
        }
        QVERIFY(targetRinged);
        QVERIFY(!rig.flow->isRunning());
        QVERIFY(finished.wait(5000) || finished.count() == 1);
        const chaos::ExperimentRun &run = rig.flow->runner()->run();
        QCOMPARE(run.phase, ExperimentPhase::Done);
        QCOMPARE(run.outcome, chaos::ExperimentOutcome::Held);
        QVERIFY(overlay->isEmpty());

        // The chart: one point per refresh for the target, the prediction and the mesh.
        const widgets::DriftChart *chart = rig.flow->monitor()->chart();
        const QList<QPointF> target = chart->targetPoints();
        QCOMPARE(target.size(), qsizetype(run.samples.size()));
        QCOMPARE(chart->meshPoints().size(), qsizetype(run.samples.size()));
        QCOMPARE(chart->predictedPoints().size(), qsizetype(run.samples.size()));
        const auto [low, high] = chart->baselineBand();
        QVERIFY(std::isfinite(low) && high > low);
        const double injectS = double(run.injectStartMs - run.baselineStartMs) / 1000.0;
        const double removeS = double(run.recoverStartMs - run.baselineStartMs) / 1000.0;
        const QList<double> during = valuesBetween(target, injectS, removeS);
        QVERIFY(!during.isEmpty());
        const double worst = *std::min_element(during.cbegin(), during.cend());
        QVERIFY2(worst < low,
                 qPrintable(QStringLiteral("min %1, band from %2").arg(worst).arg(low)));
        QVERIFY2(
            target.last().y() >= low,
            qPrintable(QStringLiteral("last %1, band from %2").arg(target.last().y()).arg(low)));
        // Shaded: baseline, fault acting, recovery, in that order and back to back.
        QCOMPARE(chart->phases().size(), size_t(3));
        QCOMPARE(chart->phases()[0].phase, ExperimentPhase::Baseline);
        QCOMPARE(chart->phases()[1].fromS, injectS);
        QVERIFY(chart->markers().empty());

        // The result in the dock, and the report on disk where the dock points.
        QVERIFY2(rig.flow->monitor()->verdictText().contains(QStringLiteral("held")),
                 qPrintable(rig.flow->monitor()->verdictText()));
        QVERIFY(rig.flow->monitor()->figuresText().contains(QStringLiteral("Resilience")));
        const QString report = rig.flow->lastReport();
        QCOMPARE(report, dir.filePath(run.runId + QStringLiteral("/report.html")));
        QCOMPARE(rig.flow->monitor()->reportPath(), report);
        QVERIFY(QFileInfo::exists(report));
        QVERIFY(QFileInfo::exists(dir.filePath(run.runId + QStringLiteral("/journal.json"))));
        QVERIFY(chaos::ExperimentJournal::unfinished(dir.path()).empty());
    }

    // A Schedule scenario (a pod of cartservice killed every minute): while it acts the dock
    // shows its rhythm, the last run, the next run and what acts now, from the demo executor.
    void aScheduleShowsItsRhythmInTheDock()
    {
        QTemporaryDir dir;
        Rig rig(dir.path());
        QVERIFY(rig.refresh());
        auto e = chaos::ExperimentParser::parse(
            "kind: Experiment\nid: cart-kills\nhypothesis: the shop survives a pod a minute\n"
            "target: shop/cartservice\n"
            "scenario: {fault: pod-kill, schedule: \"@every 1m\", target: {mode: one}}\n"
            "phases: {baseline: 10s, inject: 3m, recoverWithin: 1m}\nrefresh: 5s\n"
            "steadyState:\n  - score: shop/frontend\n    atLeast: 1\n",
            QStringLiteral("test"));
        QVERIFY2(e, qPrintable(e.error()));
        rig.flow->start(*e);
        QVERIFY2(rig.errors.isEmpty(), qPrintable(rig.errors.join('\n')));
        const widgets::ExperimentMonitor *monitor = rig.flow->monitor();
        QString beforeFirst;
        QString afterFirst;
        for (int i = 0; i < 40 && afterFirst.isEmpty(); ++i) {
            QVERIFY(rig.refresh());
            const chaos::ExperimentRun &run = rig.flow->runner()->run();
            if (run.phase != ExperimentPhase::Observe)
                continue;
            if (beforeFirst.isEmpty() && run.schedule && run.schedule->spawned == 0)
                beforeFirst = monitor->scheduleText();
            if (run.schedule && run.schedule->spawned >= 1)
                afterFirst = monitor->scheduleText();
        }
        QVERIFY2(beforeFirst.startsWith(QStringLiteral("Schedule @every 1m: last run not yet")),
                 qPrintable(beforeFirst));
        QVERIFY2(beforeFirst.contains(QStringLiteral("(0 spawned)")), qPrintable(beforeFirst));
        QVERIFY2(afterFirst.contains(QStringLiteral("(1 spawned)")), qPrintable(afterFirst));
        QVERIFY2(!afterFirst.contains(QStringLiteral("not yet")), qPrintable(afterFirst));
        QVERIFY2(!afterFirst.contains(QStringLiteral("none due")), qPrintable(afterFirst));
        rig.flow->haltAll();
        QVERIFY(!rig.flow->isRunning());
    }

    // Halt all in the middle of the fault: the run ends aborted with a halt marker, nothing of
    // Meshscope's stays applied and the simulator no longer delays the target.
    void haltAllMidRunLeavesNothingInjected()
    {
        QTemporaryDir dir;
        Rig rig(dir.path());
        QVERIFY(rig.refresh());
        rig.flow->start(seedExperiment());
        int observed = 0;
        for (int i = 0; i < 40 && observed < 3; ++i) {
            QVERIFY(rig.refresh());
            observed += rig.flow->runner()->phase() == ExperimentPhase::Observe ? 1 : 0;
        }
        QCOMPARE(observed, 3);
        // The frontend's route timeout caps the p95 its calls see: "slow" is well above the
        // baseline, not 800 ms above it.
        const chaos::ExperimentRun &before = rig.flow->runner()->run();
        double baseP95 = 0.0;
        int n = 0;
        for (const chaos::ExperimentSample &s : before.samples)
            if (s.phase == ExperimentPhase::Baseline) {
                baseP95 += s.services.value(kCheckout).p95Ms;
                ++n;
            }
        QVERIFY(n > 0);
        baseP95 /= n;
        const double slow = before.samples.back().services.value(kCheckout).p95Ms;
        QVERIFY2(slow > baseP95 + 100,
                 qPrintable(QStringLiteral("%1 -> %2").arg(baseP95).arg(slow)));

        QSignalSpy finished(rig.flow, &app::ChaosFlow::runFinished);
        rig.flow->haltAllAction->trigger();
        QVERIFY(!rig.flow->isRunning());
        QVERIFY(finished.wait(5000) || finished.count() == 1);
        const chaos::ExperimentRun &run = rig.flow->runner()->run();
        QCOMPARE(run.phase, ExperimentPhase::Aborted);
        QCOMPARE(run.outcome, chaos::ExperimentOutcome::Aborted);
        QVERIFY(run.error.startsWith(QStringLiteral("halt-all")));
        QVERIFY(QFileInfo::exists(rig.flow->lastReport()));
        QCOMPARE(rig.flow->monitor()->chart()->markers().size(), size_t(1));
        QCOMPARE(rig.flow->monitor()->chart()->markers()[0].text, QStringLiteral("halted"));
        QVERIFY(!rig.flow->monitor()->isHaltEnabled());

        // Nothing listed by any executor reading the same state, and the latency is gone once
        // the one-minute rate window has rolled over.
        chaos::DemoExecutor reader(nullptr, QStringLiteral("shop"),
                                   dir.filePath(QStringLiteral("demo-executor")),
                                   [] { return qint64(0); });
        QVERIFY(reader.listManaged()->empty());
        for (int i = 0; i < 14; ++i)
            QVERIFY(rig.refresh());
        const core::RefreshResult *now = rig.session.snapshot();
        const int node = now->topology->nodeIndex(core::NodeId(
            QStringLiteral("demo"), QStringLiteral("shop"), QStringLiteral("checkoutservice")));
        QVERIFY(node >= 0);
        const double p95 = now->topology->nodes()[size_t(node)].p95Ms;
        QVERIFY2(p95 < baseP95 + 50, qPrintable(QStringLiteral("%1 -> %2").arg(baseP95).arg(p95)));
    }

    // A crash left a journal in "observe" and its fault listed: the window's start-up check
    // offers to clean up without blocking, and Clean Up closes the journal and removes it.
    void leftoversOfACrashAreOfferedForCleanUp()
    {
        QTemporaryDir dir;
        {
            // A headless run killed in the middle of the fault (its objects just vanish).
            auto crashed = chaos::fixtures::demoRig(dir.filePath(QStringLiteral("demo-executor")));
            chaos::ExperimentRunner runner(seedExperiment(), crashed.executor, crashed.observer,
                                           {QStringLiteral("crashed-run"), dir.path(), {}, {}, {}});
            QVERIFY(runner.start());
            while (runner.phase() != ExperimentPhase::Observe)
                QVERIFY(runner.step());
        }
        Rig rig(dir.path());
        QSignalSpy found(rig.flow, &app::ChaosFlow::leftoversFound);
        rig.flow->checkLeftovers();
        QCOMPARE(found.count(), 1);
        QCOMPARE(found.at(0).at(0).toInt(), 1); // journals
        QCOMPARE(found.at(0).at(1).toInt(), 1); // faults
        auto *box = rig.window.findChild<QMessageBox *>(QStringLiteral("chaosLeftoversBox"));
        QVERIFY(box);
        QVERIFY(box->isVisible());
        QCOMPARE(box->windowModality(), Qt::NonModal);
        QVERIFY(box->detailedText().contains(QStringLiteral("crashed-run")));
        auto *clean = box->findChild<QPushButton *>(QStringLiteral("chaosCleanUpButton"));
        QVERIFY(clean);
        clean->click();
        QVERIFY(chaos::ExperimentJournal::unfinished(dir.path()).empty());
        chaos::DemoExecutor reader(nullptr, QStringLiteral("shop"),
                                   dir.filePath(QStringLiteral("demo-executor")),
                                   [] { return qint64(0); });
        QVERIFY(reader.listManaged()->empty());
        // Nothing left: the next start asks nothing.
        found.clear();
        rig.flow->checkLeftovers();
        QCOMPARE(found.count(), 0);
    }

    // Halt all with no run going still removes every fault carrying Meshscope's label.
    void haltAllWithoutARunRemovesLabelledFaults()
    {
        QTemporaryDir dir;
        {
            auto crashed = chaos::fixtures::demoRig(dir.filePath(QStringLiteral("demo-executor")));
            chaos::ExperimentRunner runner(seedExperiment(), crashed.executor, crashed.observer,
                                           {QStringLiteral("crashed-run"), dir.path(), {}, {}, {}});
            QVERIFY(runner.start());
            while (runner.phase() != ExperimentPhase::Observe)
                QVERIFY(runner.step());
        }
        Rig rig(dir.path());
        QVERIFY(rig.refresh());
        QVERIFY(!rig.flow->isRunning());
        rig.flow->haltAll();
        chaos::DemoExecutor reader(nullptr, QStringLiteral("shop"),
                                   dir.filePath(QStringLiteral("demo-executor")),
                                   [] { return qint64(0); });
        QVERIFY(reader.listManaged()->empty());
        QVERIFY(rig.errors.isEmpty());
    }

    // The whole window: the Chaos menu and toolbar are there, a run opens the Experiment dock
    // and the graph marks the target. MESHSCOPE_SCREENSHOT_DIR=DIR saves the window mid-inject
    // and the report (rendered headless) there.
    void theWindowShowsARun()
    {
        app::initResources();
        const QString data = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir(data + QStringLiteral("/experiments")).removeRecursively();
        app::CommandLine command;
        command.demoGiven = true;
        command.intervalSeconds = 3600; // refreshes only when the test asks
        app::MainWindow window(command);
        auto clock = std::make_shared<qint64>(chaos::fixtures::startMs());
        window.session()->setClock([clock] { return *clock; });
        auto source =
            core::DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        window.setSource(source);
        window.resize(1600, 1000);
        window.show();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 30000);

        auto *menu = window.menuBar()->findChild<QMenu *>(QStringLiteral("chaosMenu"));
        QVERIFY(menu);
        auto *flow = window.findChild<app::ChaosFlow *>();
        QVERIFY(menu->actions().contains(flow->runFileAction));
        QCOMPARE(flow->haltAllAction->shortcut(), QKeySequence(QStringLiteral("Ctrl+Shift+X")));
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("experimentDock"));
        QVERIFY(dock && !dock->isVisible());

        flow->start(chaos::fixtures::parse(catalogLatencyYaml()));
        QVERIFY(flow->isRunning());
        QVERIFY(dock->isVisible());
        const auto step = [&] {
            *clock += kStepMs;
            QSignalSpy ready(window.session(), &core::LiveSession::snapshotReady);
            window.session()->refreshNow();
            return ready.wait(30000) || ready.count() > 0;
        };
        int observed = 0;
        for (int i = 0; i < 40 && observed < 7; ++i) {
            QVERIFY(step());
            observed += flow->runner()->phase() == ExperimentPhase::Observe ? 1 : 0;
        }
        QCOMPARE(flow->overlay()->markedTargets(), 1);
        QVERIFY(flow->monitor()->chart()->targetPoints().size() > 15);
        const QString shots = qEnvironmentVariable("MESHSCOPE_SCREENSHOT_DIR");
        if (!shots.isEmpty()) {
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(shots + QStringLiteral("/experiment-running.png")));
        }
        QSignalSpy finished(flow, &app::ChaosFlow::runFinished);
        for (int i = 0; i < 60 && flow->isRunning(); ++i)
            QVERIFY(step());
        QVERIFY(finished.wait(5000) || finished.count() == 1);
        QVERIFY(QFileInfo::exists(flow->lastReport()));
        QVERIFY(flow->lastReport().startsWith(data + QStringLiteral("/experiments/")));
        if (!shots.isEmpty()) {
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(shots + QStringLiteral("/experiment-done.png")));
            QVERIFY(renderReport(flow->lastReport(), shots + QStringLiteral("/report.png")));
        }
        QDir(data + QStringLiteral("/experiments")).removeRecursively();
    }

    // What cannot run says why, and nothing starts: a bad file names its line; a second run
    // while one goes is refused.
    void refusalsSayWhy()
    {
        QTemporaryDir dir;
        Rig rig(dir.path());
        QVERIFY(rig.refresh());
        const QString bad = dir.filePath(QStringLiteral("bad.yaml"));
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("kind: Experiment\nid: x\nhypothesis: h\ntarget: shop/frontend\nscenario: nope\n");
        f.close();
        QVERIFY(!rig.flow->runFile(bad));
        QCOMPARE(rig.errors.size(), 1);
        QVERIFY2(rig.errors.first().contains(QStringLiteral("bad.yaml")),
                 qPrintable(rig.errors.first()));
        QVERIFY(!rig.flow->isRunning());

        QVERIFY(rig.flow->runFile(kSeedFile));
        rig.flow->start(seedExperiment());
        QCOMPARE(rig.errors.size(), 2);
        QVERIFY2(rig.errors.last().contains(QStringLiteral("still running")),
                 qPrintable(rig.errors.last()));
        rig.flow->haltAll();
    }
};

QTEST_MAIN(TestChaosFlow)
#include "tst_chaosflow.moc"
