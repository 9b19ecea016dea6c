#include "app/appsettings.h"
#include "app/mainwindow.h"
#include "app/replayflow.h"
#include "core/demo/demosource.h"
#include "core/session/livesession.h"
#include "tests/testsupport/windowtest.h"
#include "widgets/timelinebar.h"
#include "widgets/topologyscene.h"

#include <QComboBox>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QTest>

using namespace meshscope;

namespace {

constexpr qint64 kT0 = 1'790'000'000'000;
constexpr qint64 kMinute = 60'000;

const core::NodeId kCart(QStringLiteral("demo"), QStringLiteral("shop"),
                         QStringLiteral("cartservice"));

QString sceneBand(const widgets::TopologyScene &scene, const core::NodeId &id)
{
    const int i = scene.topology()->nodeIndex(id);
    return core::toString(i < 0 ? core::HealthBand::NoData : scene.scores().nodes[size_t(i)].band);
}

} // namespace

class TestReplayWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { meshscope::testing::initWindowTest(); }

    // The demo mesh had a fault five minutes ago; the user replays the last ten minutes and
    // sees it at its moment, live refreshes do not replace that moment, and Live comes back.
    void replaysTheDemoMeshsPastInTheWindow()
    {
        app::MainWindow window(meshscope::testing::demoCommand(QStringLiteral("shop"), 1));
        auto clock = std::make_shared<qint64>(kT0);
        auto demo = core::DemoSource::create(QStringLiteral("shop"), 3, [clock] { return *clock; });
        QVERIFY(demo);
        window.setSource(demo.value());
        window.show();
        auto *scene = window.findChild<widgets::TopologyScene *>();
        core::LiveSession *live = window.session();
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 12, 20000);

        core::FaultSpec fault;
        fault.kind = core::FaultSpec::Kind::Errors;
        fault.service = kCart;
        fault.errorRatio = 0.5;
        fault.durationMs = 3 * kMinute; // T0 .. T0+3 min
        QVERIFY(demo.value()->injectFault(fault));
        *clock = kT0 + 5 * kMinute;
        QSignalSpy refreshed(live, &core::LiveSession::snapshotReady);
        live->refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 1, 20000);
        QCOMPARE(sceneBand(*scene, kCart), core::toString(core::HealthBand::Healthy)); // over, live

        auto *bar = window.findChild<widgets::TimelineBar *>();
        QVERIFY(bar && bar->isVisible());
        window.replay()->loadWindow(kT0 - 5 * kMinute, kT0 + 5 * kMinute);
        QTRY_VERIFY_WITH_TIMEOUT(bar->isReplayShown(), 20000);
        QVERIFY(live->isPaused());
        auto *slider = bar->slider();
        QCOMPARE(slider->maximum(), 40); // 10 min at 15 s
        slider->setValue(28);            // T0+2 min: in the fault
        QCOMPARE(sceneBand(*scene, kCart), core::toString(core::HealthBand::Failing));
        QCOMPARE(bar->momentLabel()->text(), QDateTime::fromMSecsSinceEpoch(kT0 + 2 * kMinute)
                                                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")));
        QVERIFY(bar->findChild<QLabel *>(QStringLiteral("replayMarker"))->isVisible());
        QVERIFY(bar->rangeCombo()->currentIndex() != widgets::TimelineBar::Live);
        const core::TopologyPtr replayed = scene->topology();
        // For the docs: MESHSCOPE_REPLAY_SCREENSHOT=path.png saves the window at this moment.
        if (const QString shot = qEnvironmentVariable("MESHSCOPE_REPLAY_SCREENSHOT");
            !shot.isEmpty()) {
            window.resize(1400, 900);
            scene->selectNode(kCart); // the details panel shows the replayed moment's verdict
            QCoreApplication::processEvents();
            QVERIFY(window.grab().save(shot));
        }

        // A live refresh meanwhile is taken by the session but not shown.
        live->refreshNow();
        QTRY_COMPARE_WITH_TIMEOUT(refreshed.size(), 2, 20000);
        QCOMPARE(scene->topology(), replayed);

        bar->findChild<QPushButton *>(QStringLiteral("liveButton"))->click();
        QVERIFY(!bar->isReplayShown());
        QVERIFY(!live->isPaused());
        QTRY_COMPARE_WITH_TIMEOUT(scene->topology(), live->snapshot()->topology, 20000);
        QCOMPARE(sceneBand(*scene, kCart), core::toString(core::HealthBand::Healthy));
    }
};

QTEST_MAIN(TestReplayWindow)
#include "tst_replaywindow.moc"
