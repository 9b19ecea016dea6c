#include "experimentfixtures.h"

#include "chaos/experiment/experimentjournal.h"
#include "core/demo/demosource.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace meshscope;
using namespace meshscope::chaos;

Q_DECLARE_METATYPE(meshscope::chaos::ExperimentPhase)
Q_DECLARE_METATYPE(meshscope::chaos::ExperimentOutcome)

namespace {

double minScore(const ExperimentRun &run, const QString &service, ExperimentPhase phase)
{
    double m = 1000.0;
    for (const ExperimentSample &s : run.samples)
        if (s.phase == phase)
            m = std::min(m, s.services.value(service).score);
    return m;
}

const QString kCatalog = QStringLiteral("shop/productcatalogservice");
const QString kFrontend = QStringLiteral("shop/frontend");

} // namespace

class TestExperimentRunner : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<ExperimentPhase>();
        qRegisterMetaType<ExperimentOutcome>();
    }

    void latencyLowersTheTargetAndItsCallersThenTheyRecover()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(
            fixtures::parse(fixtures::experimentYaml(kCatalog, "  - score: shop/frontend\n"
                                                               "    atLeast: 1\n")),
            rig.executor, rig.observer, {QStringLiteral("run-1"), dir.path(), {}, {}, {}});
        QSignalSpy phases(&runner, &ExperimentRunner::phaseChanged);
        QSignalSpy samples(&runner, &ExperimentRunner::sampleRecorded);
        QSignalSpy finished(&runner, &ExperimentRunner::finished);

        QCOMPARE(runner.runToEnd(), ExperimentOutcome::Held);
        const ExperimentRun &run = runner.run();
        QCOMPARE(run.phase, ExperimentPhase::Done);

        QList<ExperimentPhase> seen;
        for (const auto &args : phases)
            seen << args.at(0).value<ExperimentPhase>();
        QCOMPARE(seen, (QList<ExperimentPhase>{ExperimentPhase::Draft, ExperimentPhase::Validate,
                                               ExperimentPhase::Baseline, ExperimentPhase::Inject,
                                               ExperimentPhase::Observe, ExperimentPhase::Recover,
                                               ExperimentPhase::Verify, ExperimentPhase::Done}));
        QCOMPARE(samples.size(), qsizetype(run.samples.size()));
        QCOMPARE(finished.size(), 1);

        // The slow service and its caller both lose points while the fault acts...
        const double catalogBase = run.baselineMean(kCatalog);
        const double frontendBase = run.baselineMean(kFrontend);
        QVERIFY2(minScore(run, kCatalog, ExperimentPhase::Observe) < catalogBase - 10,
                 qPrintable(QStringLiteral("catalog %1 -> %2")
                                .arg(catalogBase)
                                .arg(minScore(run, kCatalog, ExperimentPhase::Observe))));
        QVERIFY2(minScore(run, kFrontend, ExperimentPhase::Observe) < frontendBase - 10,
                 qPrintable(QStringLiteral("frontend %1 -> %2")
                                .arg(frontendBase)
                                .arg(minScore(run, kFrontend, ExperimentPhase::Observe))));
        // ...and are back within tolerance once it is removed, verified from the scores.
        QVERIFY(run.recoveredAtMs > run.recoverStartMs);
        const ExperimentSample &last = run.samples.back();
        QVERIFY(last.services.value(kCatalog).score >= catalogBase - 10);
        QVERIFY(last.services.value(kFrontend).score >= frontendBase - 10);
        // Nothing is left injected.
        QVERIFY(rig.executor->listManaged()->empty());

        // The journal on disk says the same, and is final.
        auto journal = ExperimentJournal::read(dir.filePath(QStringLiteral("run-1.json")));
        QVERIFY2(journal, qPrintable(journal.error()));
        QCOMPARE(journal->value(QStringLiteral("phase")).toString(), QStringLiteral("done"));
        QCOMPARE(journal->value(QStringLiteral("outcome")).toString(), QStringLiteral("held"));
        QCOMPARE(qsizetype(journal->value(QStringLiteral("timeline")).toArray().size()),
                 qsizetype(run.timeline.size()));
        QVERIFY(ExperimentJournal::unfinished(dir.path()).empty());
    }

    void aHypothesisThatFailsIsNotHeld()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(
            fixtures::parse(fixtures::experimentYaml(kCatalog, "  - p95: shop/frontend\n"
                                                               "    atMost: 300ms\n")),
            rig.executor, rig.observer, {QStringLiteral("run-2"), dir.path(), {}, {}, {}});
        QCOMPARE(runner.runToEnd(), ExperimentOutcome::NotHeld);
        QCOMPARE(runner.run().conditions.size(), size_t(2)); // p95 + recovery
        QVERIFY(!runner.run().conditions[0].held);
        QVERIFY2(runner.run().conditions[0].observed.startsWith(QStringLiteral("max ")),
                 qPrintable(runner.run().conditions[0].observed));
    }

    void theAbortGuardrailFires()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(fixtures::parse(fixtures::experimentYaml(
                                    kCatalog, "  - score: shop/frontend\n    atLeast: 1\n",
                                    "guardrails:\n  abort:\n    - {service: shop/frontend, below: "
                                    "70, refreshes: 2}\n")),
                                rig.executor, rig.observer,
                                {QStringLiteral("run-3"), dir.path(), {}, {}, {}});
        QCOMPARE(runner.runToEnd(), ExperimentOutcome::Aborted);
        const ExperimentRun &run = runner.run();
        QCOMPARE(run.phase, ExperimentPhase::Aborted);
        QVERIFY2(run.error.contains(QStringLiteral("score of shop/frontend stayed below 70 for 2 "
                                                   "refreshes")),
                 qPrintable(run.error));
        // It fired during the fault, before its planned end, and took the fault away.
        QVERIFY(run.samples.back().atMs < run.injectStartMs + run.experiment.injectMs);
        QVERIFY(rig.executor->listManaged()->empty());
        QCOMPARE(exitCodeFor(run.outcome), 2);
    }

    void haltAllLeavesNothingInjected()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(
            fixtures::parse(fixtures::experimentYaml(kCatalog, "  - score: shop/frontend\n"
                                                               "    atLeast: 1\n")),
            rig.executor, rig.observer, {QStringLiteral("run-4"), dir.path(), {}, {}, {}});
        QVERIFY(runner.start());
        while (runner.phase() != ExperimentPhase::Observe)
            QVERIFY(runner.step());
        QVERIFY(runner.step());
        QCOMPARE(rig.executor->listManaged()->size(), size_t(1));
        const double slowP95 = runner.run().samples.back().services.value(kCatalog).p95Ms;
        // The callers' route timeout (250 ms on the frontend) caps what they observe.
        QVERIFY2(slowP95 > 200, qPrintable(QString::number(slowP95)));

        runner.haltAll(QStringLiteral("operator pressed Halt-all"));
        QCOMPARE(runner.phase(), ExperimentPhase::Aborted);
        QVERIFY(rig.executor->listManaged()->empty());
        // The simulator no longer delays the service: its p95 is back to milliseconds once the
        // one-minute rate window has rolled over.
        auto o = rig.observer->next(65'000);
        QVERIFY(o);
        const auto &t = *o->topology;
        const int i = t.nodeIndex(core::NodeId(QStringLiteral("demo"), QStringLiteral("shop"),
                                               QStringLiteral("productcatalogservice")));
        QVERIFY(i >= 0);
        QVERIFY2(t.nodes()[size_t(i)].p95Ms < 100,
                 qPrintable(QString::number(t.nodes()[size_t(i)].p95Ms)));
    }

    void podsRestartingDuringTheRunRaiseAWarning()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(
            fixtures::parse(fixtures::experimentYaml(kCatalog, "  - score: shop/frontend\n"
                                                               "    atLeast: 1\n")),
            rig.executor, rig.observer, {QStringLiteral("run-7"), dir.path(), {}, {}, {}});
        QSignalSpy warnings(&runner, &ExperimentRunner::warningRaised);
        QVERIFY(runner.start());
        while (runner.phase() != ExperimentPhase::Observe)
            QVERIFY(runner.step());
        QVERIFY(runner.step());
        QCOMPARE(warnings.size(), 0);
        // Something else (a rollout, an OOM kill) takes a pod of the target down mid-run.
        core::FaultSpec kill;
        kill.kind = core::FaultSpec::Kind::KillReplicas;
        kill.service = core::NodeId(QStringLiteral("demo"), QStringLiteral("shop"),
                                    QStringLiteral("productcatalogservice"));
        kill.replicas = 1;
        kill.durationMs = 10000;
        QVERIFY(rig.observer->source()->injectFault(kill));
        QVERIFY(runner.step());
        QCOMPARE(warnings.size(), 1);
        QVERIFY2(warnings.at(0).at(0).toString().contains(
                     QStringLiteral("pods of shop/productcatalogservice restarted during the run "
                                    "(2 of 3 ready)")),
                 qPrintable(warnings.at(0).at(0).toString()));
        QVERIFY(runner.step());
        QCOMPARE(warnings.size(), 1); // said once
        QVERIFY(runner.run().warnings.contains(warnings.at(0).at(0).toString()));
    }

    void theSteadyStateMustHoldBeforeTheFault()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(
            fixtures::parse(fixtures::experimentYaml(kCatalog, "  - p95: shop/frontend\n"
                                                               "    atMost: 1ms\n")),
            rig.executor, rig.observer, {QStringLiteral("run-5"), dir.path(), {}, {}, {}});
        QCOMPARE(runner.runToEnd(), ExperimentOutcome::Error);
        QCOMPARE(runner.phase(), ExperimentPhase::Failed);
        QVERIFY2(runner.run().error.startsWith(
                     QStringLiteral("the steady state does not hold before the fault: p95 of "
                                    "shop/frontend <= 1 ms")),
                 qPrintable(runner.run().error));
        QCOMPARE(runner.run().injectStartMs, 0); // never injected
        QVERIFY(rig.executor->listManaged()->empty());
    }

    void validationNamesWhatIsWrong_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QString>("expected");
        QTest::newRow("unknown service")
            << fixtures::experimentYaml(QStringLiteral("shop/nosuch"),
                                        "  - score: shop/frontend\n    atLeast: 1\n")
            << QStringLiteral("no service of demo mesh shop matches namespace \"shop\" and labels "
                              "{\"app\":\"nosuch\"}");
        QTest::newRow("promql without prometheus")
            << fixtures::experimentYaml(kCatalog, "  - promql: up\n    atLeast: 1\n")
            << QStringLiteral("no Prometheus URL is configured");
    }
    void validationNamesWhatIsWrong()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.filePath(QStringLiteral("demo")));
        ExperimentRunner runner(fixtures::parse(yaml), rig.executor, rig.observer,
                                {QStringLiteral("run-6"), dir.path(), {}, {}, {}});
        QVERIFY(!runner.start());
        QCOMPARE(runner.phase(), ExperimentPhase::Failed);
        QVERIFY2(runner.run().error.contains(expected), qPrintable(runner.run().error));
    }
};

QTEST_GUILESS_MAIN(TestExperimentRunner)
#include "tst_experimentrunner.moc"
