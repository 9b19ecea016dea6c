#include "core/demo/demosource.h"
#include "core/session/livesession.h"
#include "tests/common/samplebuilder.h"
#include "tests/testsupport/scriptedsource.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <atomic>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::ScriptedSource;
using meshscope::testing::svc;

namespace {

constexpr qint64 kNow = 1'795'000'000'000;

RefreshIntents appliedAt(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(1).value<RefreshIntents>();
}

RefreshResult snapshotAt(const QSignalSpy &spy, qsizetype i)
{
    return spy.at(i).at(0).value<RefreshResult>();
}

} // namespace

class TestLiveSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstSnapshotFitsAndAdoptsTheBackfill()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto demo =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        LiveSession session;
        session.setIntervalSeconds(3600);
        QSignalSpy ready(&session, &LiveSession::snapshotReady);
        session.setSource(demo, HealthSettings{});
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 1, 20000);
        QVERIFY(appliedAt(ready, 0).fitRequested());
        QVERIFY(appliedAt(ready, 0).relayoutRequested());
        QCOMPARE(session.snapshot()->topology->nodeCount(), 12);
        // Ten minutes replayed, plus the live point: the charts are full from the start.
        QVERIFY2(session.history().pointCount() >= 56,
                 qPrintable(QString::number(session.history().pointCount())));
        // ... in a history that keeps its hour: the backfill holds only what it replayed.
        QCOMPARE(session.history().capacity(), HistoryStore().capacity());
        // The snapshot handed out is the one kept: shared, not copied.
        QCOMPARE(snapshotAt(ready, 0).scores.get(), session.snapshot()->scores.get());
        QVERIFY(!session.snapshot()->backfill);

        *clock += 5000;
        session.refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(ready.count(), 2, 20000);
        QVERIFY(appliedAt(ready, 1).isEmpty()); // a plain refresh neither fits nor re-lays out
        const int points = session.history().pointCount();
        QVERIFY(points >= 57);
    }

    // The bug this class was made for: a layout restored (or a re-layout asked for) while a
    // refresh ran was replaced by the next plain "Refresh now" and never applied.
    void aRestoredLayoutSurvivesARefreshNowQueuedBehindIt()
    {
        QSemaphore gate;
        auto source = std::make_shared<ScriptedSource>(kNow);
        source->gate = &gate;
        LiveSession session;
        session.setIntervalSeconds(3600);
        QSignalSpy ready(&session, &LiveSession::snapshotReady);
        session.setSource(source, HealthSettings{});
        QVERIFY(session.isRefreshing());

        const QPointF placed(4321.0, -1234.0);
        SavedLayout layout;
        layout.source = source->name();
        layout.positions = {{svc(QStringLiteral("a")), placed},
                            {svc(QStringLiteral("b")), QPointF(0, 0)},
                            {svc(QStringLiteral("c")), QPointF(200, 0)}};
        layout.pinned = {svc(QStringLiteral("a"))};
        session.restoreLayout(layout);
        session.refreshNow(); // e.g. the timer, or a fault injected from the menu

        gate.release(10);
        QTRY_COMPARE(ready.count(), 2);
        QTRY_VERIFY(!session.isRefreshing());
        const RefreshResult second = snapshotAt(ready, 1);
        QCOMPARE(second.positions->value(svc(QStringLiteral("a"))), placed);
        QCOMPARE(appliedAt(ready, 1).restored()->pinned, layout.pinned);
        QCOMPARE(source->fetches.load(), 2); // coalesced all the same
    }

    void aRelayoutSurvivesAFailedRefresh()
    {
        auto source = std::make_shared<ScriptedSource>(kNow);
        LiveSession session;
        session.setIntervalSeconds(3600);
        QSignalSpy ready(&session, &LiveSession::snapshotReady);
        session.setSource(source, HealthSettings{});
        QTRY_COMPARE(ready.count(), 1);
        QTRY_VERIFY(!session.isRefreshing());

        source->failing = true;
        QSignalSpy stale(&session, &LiveSession::staleChanged);
        session.relayout();
        QTRY_COMPARE(stale.count(), 1);
        QVERIFY(session.pendingIntents().relayoutRequested());
        QTRY_VERIFY(!session.isRefreshing());

        source->failing = false;
        session.refreshNow();
        QTRY_COMPARE(ready.count(), 2);
        QVERIFY(appliedAt(ready, 1).relayoutRequested());
        QVERIFY(session.pendingIntents().isEmpty());
    }

    void failureKeepsTheLastGoodGraphAndSaysWhySinceWhen()
    {
        auto source = std::make_shared<ScriptedSource>(kNow);
        qint64 now = kNow;
        LiveSession session;
        session.setClock([&now] { return now; });
        session.setIntervalSeconds(3600);
        QSignalSpy ready(&session, &LiveSession::snapshotReady);
        QSignalSpy stale(&session, &LiveSession::staleChanged);
        session.setSource(source, HealthSettings{});
        QTRY_COMPARE(ready.count(), 1);
        QTRY_VERIFY(!session.isRefreshing());
        const TopologyPtr good = session.snapshot()->topology;
        QCOMPARE(session.lastRefreshMs(), kNow);

        source->failing = true;
        now += 7000;
        session.refreshNow();
        QTRY_COMPARE(stale.count(), 1);
        QVERIFY(session.stale().stale);
        QCOMPARE(session.stale().sinceMs, kNow + 7000);
        QVERIFY(session.stale().reason.contains(QStringLiteral("127.0.0.1:9")));
        QCOMPARE(session.snapshot()->topology, good); // the last good graph stays
        QTRY_VERIFY(!session.isRefreshing());

        now += 5000; // still failing: stale since the first failure
        session.refreshNow();
        QTRY_COMPARE(stale.count(), 2);
        QCOMPARE(session.stale().sinceMs, kNow + 7000);

        source->failing = false;
        QTRY_VERIFY(!session.isRefreshing());
        session.refreshNow();
        QTRY_COMPARE(stale.count(), 3);
        QVERIFY(!session.stale().stale);
        QVERIFY(session.snapshot()->topology != good);
    }

    void scheduleRefreshesByItselfUntilPaused()
    {
        auto source = std::make_shared<ScriptedSource>(kNow);
        LiveSession session;
        QSignalSpy ready(&session, &LiveSession::snapshotReady);
        session.setIntervalSeconds(0.02);
        session.setSource(source, HealthSettings{});
        QTRY_VERIFY(ready.count() >= 3); // the interval alone drives refreshes

        QSignalSpy schedule(&session, &LiveSession::scheduleChanged);
        session.setPaused(true);
        QCOMPARE(schedule.count(), 1);
        QVERIFY(session.isPaused());
        QTRY_VERIFY(!session.isRefreshing());
        const int before = source->fetches.load();
        // Paused: the clock no longer starts refreshes. Resuming refreshes at once.
        QSignalSpy more(&session, &LiveSession::snapshotReady);
        session.setIntervalSeconds(3600);
        session.setPaused(false);
        QTRY_COMPARE(more.count(), 1);
        QCOMPARE(source->fetches.load(), before + 1);
    }

    void aNewSourceStartsAfresh()
    {
        auto first = std::make_shared<ScriptedSource>(kNow);
        LiveSession session;
        session.setIntervalSeconds(3600);
        QSignalSpy ready(&session, &LiveSession::snapshotReady);
        session.setSource(first, HealthSettings{});
        QTRY_COMPARE(ready.count(), 1);
        QTRY_VERIFY(!session.isRefreshing());
        first->failing = true;
        session.refreshNow();
        QTRY_VERIFY(session.stale().stale);

        auto second = std::make_shared<ScriptedSource>(kNow);
        QSignalSpy changed(&session, &LiveSession::sourceChanged);
        session.setSource(second, HealthSettings{});
        QCOMPARE(changed.count(), 1);
        QVERIFY(!session.stale().stale);
        QVERIFY(!session.snapshot());
        QCOMPARE(session.history().pointCount(), 0);
        QTRY_COMPARE(ready.count(), 2);
        QCOMPARE(session.history().pointCount(), 1);
    }
};

QTEST_GUILESS_MAIN(TestLiveSession)
#include "tst_livesession.moc"
