#include "app/appsettings.h"
#include "app/exportflow.h"
#include "app/mainwindow.h"
#include "app/replayflow.h"
#include "core/demo/demosource.h"
#include "core/session/livesession.h"
#include "tests/testsupport/windowtest.h"
#include "widgets/timelinebar.h"
#include "widgets/topologyscene.h"

#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
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
        checkStatusAndExportsShowTheMoment(window, kT0 + 2 * kMinute);
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
        // Live again: the status bar and the exports are about the live graph.
        auto *refresh = window.findChild<QLabel *>(QStringLiteral("refreshLabel"));
        QVERIFY2(refresh->text().startsWith(QLatin1String("Last refresh")),
                 qPrintable(refresh->text()));
        QTemporaryDir dir;
        const QString json = dir.filePath(QStringLiteral("live.json"));
        QVERIFY(window.findChild<app::ExportFlow *>()->writeData(json).ok());
        const QJsonObject root = readJson(json);
        QVERIFY(!root.contains(QLatin1String("replay")));
        QCOMPARE(qint64(root.value(QLatin1String("timestamp")).toDouble()),
                 live->snapshot()->topology->timestampMs());
    }

private:
    static QJsonObject readJson(const QString &path)
    {
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll()).object();
    }

    // The status bar names the moment (not the live refresh), and File > Export writes it:
    // the image says it is a replay and when, the JSON holds the moment's graph and verdicts.
    static void checkStatusAndExportsShowTheMoment(app::MainWindow &window, qint64 momentMs)
    {
        const QString hhmmss = QDateTime::fromMSecsSinceEpoch(momentMs).toString(u"HH:mm:ss");
        auto *refresh = window.findChild<QLabel *>(QStringLiteral("refreshLabel"));
        QCOMPARE(refresh->text(),
                 QStringLiteral("Replay %1 — 3 min ago · live refresh paused").arg(hhmmss));
        auto *counts = window.findChild<QLabel *>(QStringLiteral("countsLabel"));
        QVERIFY2(counts->text().contains(QLatin1String("12 services")), qPrintable(counts->text()));
        QVERIFY2(!counts->text().contains(QLatin1String(" 0 unhealthy")),
                 qPrintable(counts->text())); // the fault's moment, not the healthy live graph

        auto *exports = window.findChild<app::ExportFlow *>();
        QTemporaryDir dir;
        const QString svg = dir.filePath(QStringLiteral("moment.svg"));
        QVERIFY(exports->startImageExport(svg, 1.0));
        QSignalSpy finished(exports->runningImageExport(), &widgets::ExportJob::finished);
        QTRY_COMPARE_WITH_TIMEOUT(finished.size(), 1, 20000);
        QVERIFY(finished.at(0).at(0).toBool());
        QFile image(svg);
        QVERIFY(image.open(QIODevice::ReadOnly));
        const QByteArray text = image.readAll();
        const QString utc = QDateTime::fromMSecsSinceEpoch(momentMs).toUTC().toString(
            QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"));
        // The subtitle drawn and the SVG's <desc>: the moment's time and that it is a replay.
        QVERIFY2(text.contains(utc.toUtf8()), text.left(2000).constData());
        const QByteArray note = QByteArray("replay of ") + utc.toUtf8() + QByteArray(", not live");
        QVERIFY2(text.contains(note), note.constData());

        const QString json = dir.filePath(QStringLiteral("moment.json"));
        const Result<void> written = exports->writeData(json);
        QVERIFY2(written.ok(), qPrintable(written.error()));
        const QJsonObject root = readJson(json);
        QCOMPARE(root.value(QLatin1String("replay")).toBool(), true);
        QCOMPARE(qint64(root.value(QLatin1String("timestamp")).toDouble()), momentMs);
        for (const QJsonValue &node : root.value(QLatin1String("nodes")).toArray()) {
            if (node[QLatin1String("id")].toString() == kCart.key())
                QCOMPARE(node[QLatin1String("health")][QLatin1String("band")].toString(),
                         QStringLiteral("failing"));
        }
    }
};

QTEST_MAIN(TestReplayWindow)
#include "tst_replaywindow.moc"
