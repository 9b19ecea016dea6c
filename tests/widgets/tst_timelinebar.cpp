#include "core/demo/demomeshes.h"
#include "core/demo/demowindow.h"
#include "core/session/replaysession.h"
#include "widgets/timelinebar.h"
#include "widgets/topologyscene.h"

#include <QComboBox>
#include <QLabel>
#include <QSignalSpy>
#include <QSlider>

#include <QTest>
#include <algorithm>

using namespace meshscope;
using namespace meshscope::core;

namespace {

constexpr qint64 kT0 = 1'790'000'000'000;
constexpr qint64 kMinute = 60'000;

const NodeId kCart(QStringLiteral("demo"), QStringLiteral("shop"), QStringLiteral("cartservice"));

// Half of cartservice's answers fail from T0+10 min to T0+15 min.
std::shared_ptr<DemoWindow> shopPast()
{
    FaultSpec f;
    f.kind = FaultSpec::Kind::Errors;
    f.service = kCart;
    f.errorRatio = 0.5;
    f.startMs = kT0 + 10 * kMinute;
    f.durationMs = 5 * kMinute;
    return std::make_shared<DemoWindow>(loadDemoMesh(QStringLiteral("shop"), 7).value(), 7,
                                        std::vector<FaultSpec>{f});
}

QString sceneBand(const widgets::TopologyScene &scene, const NodeId &id)
{
    const int i = scene.topology()->nodeIndex(id);
    return toString(i < 0 ? HealthBand::NoData : scene.scores().nodes[size_t(i)].band);
}

} // namespace

class TstTimelineBar : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The user picks "Last 15 min" and scrubs with the keyboard: the scene shows each moment's
    // scores, with the moment written large and the replay marker on; L asks for Live.
    void scrubbingShowsThatMomentsScores()
    {
        widgets::TimelineBar bar;
        bar.setClock([] { return kT0 + 20 * kMinute; });
        widgets::TopologyScene scene;
        ReplaySession session(nullptr);
        const auto past = shopPast();
        QObject::connect(
            &bar, &widgets::TimelineBar::rangeRequested, [&](qint64 start, qint64 end) {
                session.load(past, {start, end, ReplayTimeline::stepFor(end - start)}, {});
            });
        QObject::connect(&bar, &widgets::TimelineBar::positionRequested, &session,
                         &ReplaySession::setPosition);
        QObject::connect(&session, &ReplaySession::loaded, &bar, [&] {
            std::vector<qint64> times;
            for (int i = 0; i < session.timeline()->size(); ++i)
                times.push_back(session.timeline()->frame(i).timestampMs);
            bar.setTimeline(times);
        });
        QObject::connect(&session, &ReplaySession::frameShown, &bar,
                         [&](const RefreshResult &frame, qint64 at) {
                             bar.showMoment(session.position(), at);
                             scene.setSnapshot(frame.topology, frame.scores, *frame.positions);
                         });
        QSignalSpy live(&bar, &widgets::TimelineBar::liveRequested);
        bar.show();
        QVERIFY(QTest::qWaitForWindowActive(&bar)); // L is a shortcut of the active window
        QVERIFY(!bar.isReplayShown());
        QCOMPARE(bar.momentLabel()->text(), QStringLiteral("Live"));

        bar.chooseRange(widgets::TimelineBar::Last15Minutes);
        QTRY_VERIFY(bar.isReplayShown());
        QSlider *slider = bar.slider();
        QCOMPARE(slider->maximum(), 60); // 15 min at 15 s
        QCOMPARE(slider->value(), 60);   // the newest moment first
        QVERIFY(bar.findChild<QLabel *>(QStringLiteral("replayMarker"))->isVisible());

        QTest::keyClick(slider, Qt::Key_Home);
        QCOMPARE(session.positionTimeMs(), kT0 + 5 * kMinute);
        QCOMPARE(bar.momentLabel()->text(), QDateTime::fromMSecsSinceEpoch(kT0 + 5 * kMinute)
                                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QCOMPARE(sceneBand(scene, kCart), toString(HealthBand::Healthy));

        for (int i = 0; i < 32; ++i) // 8 min on, 3 min into the fault
            QTest::keyClick(slider, Qt::Key_Right);
        QCOMPARE(session.positionTimeMs(), kT0 + 13 * kMinute);
        QCOMPARE(sceneBand(scene, kCart), toString(HealthBand::Failing));
        QCOMPARE(bar.momentLabel()->text(), QDateTime::fromMSecsSinceEpoch(kT0 + 13 * kMinute)
                                                .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));

        QTest::keyClick(slider, Qt::Key_End);
        QCOMPARE(session.positionTimeMs(), kT0 + 20 * kMinute);
        QCOMPARE(sceneBand(scene, kCart), toString(HealthBand::Healthy));

        QTest::keyClick(slider, Qt::Key_L);
        QCOMPARE(live.size(), 1);
        bar.showLive();
        QVERIFY(!bar.isReplayShown());
        QVERIFY(!bar.findChild<QLabel *>(QStringLiteral("replayMarker"))->isVisible());
        QCOMPARE(bar.rangeCombo()->currentIndex(), int(widgets::TimelineBar::Live));
    }

    void anErrorIsShownAndTheRangeFallsBackToLive()
    {
        widgets::TimelineBar bar;
        bar.chooseRange(widgets::TimelineBar::LastHour);
        bar.showError(QStringLiteral("Could not connect to http://127.0.0.1:9/api/v1/query_range"));
        QCOMPARE(bar.rangeCombo()->currentIndex(), int(widgets::TimelineBar::Live));
        const QList<QLabel *> labels = bar.findChildren<QLabel *>();
        QVERIFY(std::any_of(labels.begin(), labels.end(), [](QLabel *l) {
            return l->text().contains(QLatin1String("Could not connect to http://127.0.0.1:9"));
        }));
    }
};

QTEST_MAIN(TstTimelineBar)
#include "tst_timelinebar.moc"
