#include "core/demo/demomeshes.h"
#include "core/demo/demosource.h"
#include "core/demo/demowindow.h"
#include "core/session/replaysession.h"
#include "core/session/replaytimeline.h"

#include <QSignalSpy>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

constexpr qint64 kT0 = 1'790'000'000'000; // 2026-09-21, a fixed past
constexpr qint64 kMinute = 60'000;

NodeId shop(const char *name)
{
    return NodeId(QStringLiteral("demo"), QStringLiteral("shop"), QString::fromLatin1(name));
}

// Half of cartservice's answers are 500 from T0+10 min for 5 min.
FaultSpec cartErrors()
{
    FaultSpec f;
    f.kind = FaultSpec::Kind::Errors;
    f.service = shop("cartservice");
    f.errorRatio = 0.5;
    f.startMs = kT0 + 10 * kMinute;
    f.durationMs = 5 * kMinute;
    return f;
}

DemoWindow shopWindow(std::vector<FaultSpec> faults)
{
    Result<MeshSpec> spec = loadDemoMesh(QStringLiteral("shop"), 7);
    if (!spec)
        qFatal("shop mesh: %s", qPrintable(spec.error()));
    return DemoWindow(spec.value(), 7, std::move(faults));
}

QString bandAt(const ReplayTimeline &timeline, qint64 atMs, const NodeId &node)
{
    const ReplayFrame &f = timeline.frame(timeline.indexAt(atMs));
    const int i = f.topology->nodeIndex(node);
    return toString(i < 0 ? HealthBand::NoData : f.scores->nodes[size_t(i)].band);
}

} // namespace

class TstReplayTimeline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stepKeepsTheWindowUnderTheFrameCap_data()
    {
        QTest::addColumn<qint64>("spanMs");
        QTest::addColumn<qint64>("stepMs");
        QTest::newRow("15 min: 15 s") << 15 * kMinute << qint64(15'000);
        QTest::newRow("1 h: 15 s") << 60 * kMinute << qint64(15'000);
        QTest::newRow("6 h: 31 s") << 360 * kMinute << qint64(31'000);
        QTest::newRow("1 day: 121 s") << 1440 * kMinute << qint64(121'000);
    }
    void stepKeepsTheWindowUnderTheFrameCap()
    {
        QFETCH(qint64, spanMs);
        QFETCH(qint64, stepMs);
        QCOMPARE(ReplayTimeline::stepFor(spanMs), stepMs);
        const ReplayWindow window{0, spanMs, stepMs};
        QVERIFY(window.pointCount() <= ReplayTimeline::kMaxFrames);
    }

    void theFaultShowsAtItsMomentAndNotBefore()
    {
        DemoWindow past = shopWindow({cartErrors()});
        std::vector<qint64> reports;
        const ReplayWindow window{kT0, kT0 + 20 * kMinute, 15'000};
        auto timeline = ReplayTimeline::load(past, window, {}, [&](qint64 done, qint64 total) {
            QCOMPARE(total, window.pointCount());
            reports.push_back(done);
        });
        QVERIFY2(timeline, qPrintable(timeline.error()));
        const ReplayTimeline &t = *timeline.value();
        QCOMPARE(t.size(), int(window.pointCount())); // 81 moments, every step
        QCOMPARE(t.frame(0).timestampMs, kT0);
        QCOMPARE(t.frame(t.size() - 1).timestampMs, window.endMs);
        QCOMPARE(t.history().pointCount(), t.size());
        QCOMPARE(reports.back(), window.pointCount());
        QVERIFY(std::is_sorted(reports.begin(), reports.end()));

        const NodeId cart = shop("cartservice");
        QCOMPARE(bandAt(t, kT0 + 8 * kMinute, cart), toString(HealthBand::Healthy));
        QCOMPARE(bandAt(t, kT0 + 13 * kMinute, cart), toString(HealthBand::Failing));
        QCOMPARE(bandAt(t, kT0 + 19 * kMinute, cart), toString(HealthBand::Healthy));
        // The other services are not blamed for it.
        QCOMPARE(bandAt(t, kT0 + 13 * kMinute, shop("currencyservice")),
                 toString(HealthBand::Healthy));
        // One layout for a structure that did not change: the frames share it.
        QCOMPARE(t.frame(0).positions.get(), t.frame(t.size() - 1).positions.get());
        QCOMPARE(t.indexAt(kT0 + 13 * kMinute + 7'000), 52);
        QCOMPARE(t.indexAt(kT0 - kMinute), 0);
    }

    // Over the budget, every second frame goes (then every fourth...): the whole window stays,
    // coarser, within the bound; the history keeps every step.
    void framesStayWithinTheEntityBudget()
    {
        DemoWindow past = shopWindow({cartErrors()});
        ReplayOptions options;
        options.entityBudget = 500; // shop: 12 nodes + 16 edges = 28 a frame -> at most 17
        const ReplayWindow window{kT0, kT0 + 20 * kMinute, 15'000}; // 81 steps
        auto timeline = ReplayTimeline::load(past, window, options);
        QVERIFY2(timeline, qPrintable(timeline.error()));
        const ReplayTimeline &t = *timeline.value();
        QCOMPARE(t.size(), 11); // every 8th step: 0, 8, ..., 80
        QCOMPARE(t.frame(0).timestampMs, kT0);
        QCOMPARE(t.frame(1).timestampMs, kT0 + 8 * 15'000);
        QCOMPARE(t.frame(t.size() - 1).timestampMs, window.endMs);
        QCOMPARE(t.history().pointCount(), 81);
        QCOMPARE(bandAt(t, kT0 + 12 * kMinute, shop("cartservice")), toString(HealthBand::Failing));
    }

    void badWindowsAreRefusedWithTheirNumbers()
    {
        DemoWindow past = shopWindow({});
        auto backwards = ReplayTimeline::load(past, {kT0, kT0 - kMinute, 15'000}, {});
        QVERIFY(!backwards);
        QVERIFY2(backwards.error().contains(QLatin1String("end must be after the start")),
                 qPrintable(backwards.error()));
        auto tooFine = ReplayTimeline::load(past, {kT0, kT0 + 360 * kMinute, 15'000}, {});
        QVERIFY(!tooFine);
        QVERIFY2(tooFine.error().contains(QLatin1String("1441 steps")) &&
                     tooFine.error().contains(QLatin1String("at least 31 s")),
                 qPrintable(tooFine.error()));
    }

    void aCancelledLoadSaysSo()
    {
        DemoWindow past = shopWindow({});
        CancelToken cancel;
        int seen = 0;
        auto result = ReplayTimeline::load(
            past, {kT0, kT0 + 60 * kMinute, 15'000}, {},
            [&](qint64, qint64) {
                if (++seen == 10)
                    cancel.cancel();
            },
            cancel);
        QVERIFY(!result);
        QVERIFY2(result.error().contains(QLatin1String("cancelled")), qPrintable(result.error()));
        QCOMPARE(seen, 10);
    }

    void theDemoSourceRemembersItsFaultsForReplay()
    {
        qint64 now = kT0;
        auto source = DemoSource::create(QStringLiteral("shop"), 7, [&now] { return now; });
        QVERIFY(source);
        FaultSpec f = cartErrors();
        f.startMs = 0; // now
        QVERIFY(source.value()->injectFault(f));
        now += kMinute;
        QVERIFY(source.value()->fetch());
        source.value()->clearAllFaults();
        QVERIFY(source.value()->fetch());
        const std::vector<FaultSpec> log = source.value()->faultLog();
        QCOMPARE(log.size(), size_t(1));
        QCOMPARE(log[0].startMs, kT0);
        QCOMPARE(log[0].durationMs, kMinute); // cut short where it was cleared

        // Replayed, the cleared fault shows while it acted and not after.
        auto timeline = ReplayTimeline::load(*DemoWindow::of(*source.value()),
                                             {kT0 - 5 * kMinute, kT0 + 5 * kMinute, 15'000}, {});
        QVERIFY2(timeline, qPrintable(timeline.error()));
        QCOMPARE(bandAt(*timeline.value(), kT0 - kMinute, shop("cartservice")),
                 toString(HealthBand::Healthy));
        QCOMPARE(bandAt(*timeline.value(), kT0 + kMinute, shop("cartservice")),
                 toString(HealthBand::Failing));
        QCOMPARE(bandAt(*timeline.value(), kT0 + 4 * kMinute, shop("cartservice")),
                 toString(HealthBand::Healthy));
    }

    void theSessionLoadsScrubsAndGoesLive()
    {
        ReplaySession session(nullptr);
        QSignalSpy loaded(&session, &ReplaySession::loaded);
        QSignalSpy shown(&session, &ReplaySession::frameShown);
        QSignalSpy live(&session, &ReplaySession::liveResumed);
        session.load(std::make_shared<DemoWindow>(shopWindow({cartErrors()})),
                     {kT0, kT0 + 20 * kMinute, 15'000}, {});
        QCOMPARE(session.mode(), ReplaySession::Mode::Loading);
        QTRY_COMPARE(loaded.size(), 1);
        QCOMPARE(session.mode(), ReplaySession::Mode::Replay);
        QCOMPARE(session.positionTimeMs(), kT0 + 20 * kMinute); // the newest moment first
        QCOMPARE(shown.size(), 1);

        session.setPosition(session.timeline()->indexAt(kT0 + 13 * kMinute));
        const auto frame = shown.last().at(0).value<RefreshResult>();
        const int cart = frame.topology->nodeIndex(shop("cartservice"));
        QCOMPARE(toString(frame.scores->nodes[size_t(cart)].band), toString(HealthBand::Failing));
        QCOMPARE(shown.last().at(1).toLongLong(), kT0 + 13 * kMinute);
        session.step(-1000); // clamped to the first moment
        QCOMPARE(session.position(), 0);

        session.goLive();
        QCOMPARE(session.mode(), ReplaySession::Mode::Live);
        QCOMPARE(live.size(), 1);
    }

    void aFailedLoadKeepsWhatWasShown()
    {
        ReplaySession session(nullptr);
        QSignalSpy failed(&session, &ReplaySession::loadFailed);
        session.load(std::make_shared<DemoWindow>(shopWindow({})), {kT0, kT0, 15'000}, {});
        QTRY_COMPARE(failed.size(), 1);
        QCOMPARE(session.mode(), ReplaySession::Mode::Live);
        QVERIFY(!session.timeline());
    }
};

QTEST_GUILESS_MAIN(TstReplayTimeline)
#include "tst_replaytimeline.moc"
