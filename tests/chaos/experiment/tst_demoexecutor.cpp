#include "experimentfixtures.h"

#include "chaos/manifest/manifestbuilder.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"
#include "core/demo/demosource.h"

#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;

namespace {

core::NodeId shop(const char *name)
{
    return core::NodeId(QStringLiteral("demo"), QStringLiteral("shop"), QLatin1String(name));
}

Manifest manifestFor(const char *scenarioId, const char *service, const QString &duration,
                     const QString &schedule = {})
{
    const ScenarioLibrary library = ScenarioLibrary::load();
    const Scenario *s = library.find(QLatin1String(scenarioId));
    if (!s)
        qFatal("no scenario %s", scenarioId);
    Scenario scenario = TargetMapper().onNode(*s, shop(service));
    scenario.duration = duration;
    scenario.schedule = schedule;
    auto m = ManifestBuilder().build(scenario, QStringLiteral("run-x"));
    if (!m)
        qFatal("%s", qPrintable(m.error()));
    return *m;
}

const core::TopologyNode &node(const MeshObservation &o, const char *name)
{
    const int i = o.topology->nodeIndex(shop(name));
    Q_ASSERT(i >= 0);
    return o.topology->nodes()[size_t(i)];
}

} // namespace

class TestDemoExecutor : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void latencyActsForItsDurationThenEnds()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        const double before = node(*rig.observer->next(5000), "cartservice").p95Ms;
        auto applied =
            rig.executor->create(manifestFor("seed-latency", "cartservice", QStringLiteral("2m")));
        QVERIFY2(applied, qPrintable(applied.error()));
        QCOMPARE(applied->runId, QStringLiteral("run-x"));
        QCOMPARE(rig.executor->status(*applied)->phase, InjectionPhase::Injected);
        QCOMPARE(rig.executor->status(*applied)->targets,
                 QStringList{QStringLiteral("shop/cartservice")});

        const double during = node(*rig.observer->next(60000), "cartservice").p95Ms;
        // +800 ms, as the callers see it: the frontend's 250 ms route timeout caps its view.
        QVERIFY2(during > before + 200,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(during)));
        // Past its duration the fault is over by itself; the CR stays until deleted.
        const double after = node(*rig.observer->next(125000), "cartservice").p95Ms;
        QVERIFY2(after < before + 50,
                 qPrintable(QStringLiteral("%1 -> %2").arg(before).arg(after)));
        QCOMPARE(rig.executor->status(*applied)->phase, InjectionPhase::Recovered);
        QVERIFY(rig.executor->remove(*applied, 1000));
        QCOMPARE(rig.executor->status(*applied)->phase, InjectionPhase::Gone);
    }

    void removingOneFaultKeepsTheOther()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        auto cart =
            rig.executor->create(manifestFor("seed-latency", "cartservice", QStringLiteral("5m")));
        auto ads =
            rig.executor->create(manifestFor("seed-latency", "adservice", QStringLiteral("5m")));
        QVERIFY(cart && ads);
        QVERIFY(rig.observer->next(30000));
        QVERIFY(rig.executor->remove(*cart, 1000));
        const auto o = rig.observer->next(65000);
        QVERIFY(node(*o, "cartservice").p95Ms < 100);
        QVERIFY(node(*o, "adservice").p95Ms > 200); // capped by the caller's route timeout
    }

    // Deleting a CR ends only its own faults (DemoSource::clearFault): a fault the user
    // injected from the demo menu meanwhile keeps acting.
    void removingACrKeepsAMenuFault()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        auto cart =
            rig.executor->create(manifestFor("seed-latency", "cartservice", QStringLiteral("5m")));
        QVERIFY(cart);
        core::FaultSpec menu;
        menu.kind = core::FaultSpec::Kind::Latency;
        menu.service = shop("adservice");
        menu.latencyMs = 800;
        menu.durationMs = 5 * 60 * 1000;
        QVERIFY(rig.observer->source()->injectFault(menu));
        QVERIFY(rig.observer->next(30000));
        QVERIFY(rig.executor->pause(*cart));
        QVERIFY(rig.executor->remove(*cart, 1000));
        const auto o = rig.observer->next(65000);
        QVERIFY(node(*o, "cartservice").p95Ms < 100);
        QVERIFY(node(*o, "adservice").p95Ms > 200);
    }

    void aScheduleKillsAgainEveryInterval()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        auto applied = rig.executor->create(manifestFor(
            "seed-pod-kill", "frontend", QStringLiteral("10m"), QStringLiteral("@every 2m")));
        QVERIFY2(applied, qPrintable(applied.error()));
        QCOMPARE(applied->kind, QStringLiteral("Schedule"));
        // Before the first tick nothing is down; just after each tick one pod is.
        QCOMPARE(node(*rig.observer->next(60000), "frontend").replicasReady, 3);
        QCOMPARE(node(*rig.observer->next(65000), "frontend").replicasReady, 2);
        QCOMPARE(node(*rig.observer->next(60000), "frontend").replicasReady, 3);
        QCOMPARE(node(*rig.observer->next(60000), "frontend").replicasReady, 2);
    }

    // The monitor's "Schedule" line on the demo mesh: the ticks are the planned kills.
    void aScheduleReportsItsRhythm()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        const qint64 start = rig.observer->nowMs();
        auto applied = rig.executor->create(manifestFor(
            "seed-pod-kill", "frontend", QStringLiteral("10m"), QStringLiteral("@every 2m")));
        QVERIFY2(applied, qPrintable(applied.error()));
        auto s = rig.executor->status(*applied);
        QVERIFY(s && s->schedule);
        QCOMPARE(s->schedule->expression, QStringLiteral("@every 2m"));
        QVERIFY(!s->schedule->lastRun.isValid());
        QCOMPARE(s->schedule->nextRun.toMSecsSinceEpoch(), start + 120000);
        QCOMPARE(s->schedule->spawned, 0);

        (void)rig.observer->next(122000); // just after the first kill (it acts 5 s)
        s = rig.executor->status(*applied);
        QCOMPARE(s->schedule->lastRun.toMSecsSinceEpoch(), start + 120000);
        QCOMPARE(s->schedule->nextRun.toMSecsSinceEpoch(), start + 240000);
        QCOMPARE(s->schedule->active, 1);
        QCOMPARE(s->schedule->spawned, 1);

        QVERIFY(rig.executor->pause(*applied));
        s = rig.executor->status(*applied);
        QVERIFY(s->schedule->paused);
        QVERIFY(!s->schedule->nextRun.isValid());
    }

    void whatItCannotSimulateIsRefusedWithAReason_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("expected");
        QTest::newRow("stress") << QStringLiteral("stress-cpu")
                                << QStringLiteral("the demo mesh cannot simulate StressChaos");
        QTest::newRow("bandwidth")
            << QStringLiteral("network-bandwidth-1mbps")
            << QStringLiteral("cannot simulate NetworkChaos action \"bandwidth\"");
    }
    void whatItCannotSimulateIsRefusedWithAReason()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, expected);
        const ScenarioLibrary library = ScenarioLibrary::load();
        const Scenario *s = library.find(scenario);
        QVERIFY2(s, qPrintable(scenario));
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        auto m = ManifestBuilder().build(TargetMapper().onNode(*s, shop("cartservice")),
                                         QStringLiteral("r"));
        QVERIFY2(m, qPrintable(m.error()));
        auto dry = rig.executor->dryRun(*m);
        QVERIFY(!dry);
        QVERIFY2(dry.error().contains(expected), qPrintable(dry.error()));
        QVERIFY(rig.executor->listManaged()->empty());
    }

    void anUnknownServiceIsNamed()
    {
        QTemporaryDir dir;
        auto rig = fixtures::demoRig(dir.path());
        auto created =
            rig.executor->create(manifestFor("seed-latency", "nosuch", QStringLiteral("1m")));
        QVERIFY(!created);
        QVERIFY2(created.error().contains(
                     QStringLiteral("no service of demo mesh shop matches namespace \"shop\"")),
                 qPrintable(created.error()));
    }

    void whatItAppliedOutlivesTheProcess()
    {
        QTemporaryDir dir;
        AppliedChaos applied;
        {
            auto rig = fixtures::demoRig(dir.path());
            auto created = rig.executor->create(
                manifestFor("seed-latency", "cartservice", QStringLiteral("5m")));
            QVERIFY(created);
            applied = *created;
        }
        // A later executor without a simulator (the cleanup on start) still sees and removes it.
        DemoExecutor later(nullptr, QStringLiteral("shop"), dir.path(), [] { return qint64(0); });
        QCOMPARE(later.listManaged()->size(), size_t(1));
        QCOMPARE(later.listManaged()->front(), applied);
        QVERIFY(later.remove(applied, 1000));
        QVERIFY(DemoExecutor(nullptr, QStringLiteral("shop"), dir.path(), [] { return qint64(0); })
                    .listManaged()
                    ->empty());
    }
};

QTEST_GUILESS_MAIN(TestDemoExecutor)
#include "tst_demoexecutor.moc"
