#include "app/appsettings.h"
#include "app/exportflow.h"
#include "app/mainwindow.h"
#include "core/demo/demosource.h"
#include "core/models/servicestablemodel.h"
#include "core/session/livesession.h"
#include "tests/testsupport/windowtest.h"
#include "widgets/detailspanel.h"
#include "widgets/nodeitem.h"
#include "widgets/servicespanel.h"
#include "widgets/topologyscene.h"

#include <QAction>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <atomic>

using namespace meshscope;
using meshscope::testing::sceneOf;

namespace {

// Wraps the demo mesh and fails on demand, like a Prometheus that goes away.
class FlakySource : public core::TelemetrySource
{
public:
    explicit FlakySource(std::shared_ptr<core::DemoSource> demo) : m_demo(std::move(demo)) {}
    QString name() const override { return QStringLiteral("flaky"); }
    Result<core::TelemetrySample> fetch() override
    {
        if (failing)
            return Error{QStringLiteral("http://127.0.0.1:9/api/v1/query: connection refused")};
        return m_demo->fetch();
    }
    std::atomic<bool> failing{false};

private:
    std::shared_ptr<core::DemoSource> m_demo;
};

app::CommandLine shopCommand()
{
    return meshscope::testing::demoCommand(QStringLiteral("shop"));
}

// The window is driven as a user drives it: through its session, its views and its controls,
// found by object name.
QString statusText(const app::MainWindow &w)
{
    return w.findChild<QLabel *>(QStringLiteral("refreshLabel"))->text();
}

void setFindText(const app::MainWindow &w, const QString &text)
{
    w.findChild<QLineEdit *>(QStringLiteral("findField"))->setText(text);
}

void setUnhealthyOnly(const app::MainWindow &w, bool on)
{
    w.findChild<QAction *>(QStringLiteral("unhealthyOnlyAction"))->setChecked(on);
}

int bandCount(const core::HealthScores &scores, core::HealthBand band)
{
    return int(std::count_if(scores.nodes.begin(), scores.nodes.end(),
                             [band](const core::HealthVerdict &v) { return v.band == band; }));
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { meshscope::testing::initWindowTest(); }

    void opensOnTheDemoMesh()
    {
        app::MainWindow window(shopCommand());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        QTRY_VERIFY(statusText(window).contains(QStringLiteral("Last refresh")));
        QVERIFY(window.session()->history().pointCount() >= 1);
        QCOMPARE(window.session()->sourceName(), QStringLiteral("demo:shop"));
    }

    // The Services dock lists the mesh worst first; its selection and the graph's follow
    // each other.
    void servicesDockFollowsTheGraphBothWays()
    {
        app::MainWindow window(shopCommand());
        window.show();
        auto *panel = window.findChild<widgets::ServicesPanel *>();
        QVERIFY(panel);
        QTRY_COMPARE_WITH_TIMEOUT(panel->table()->model()->rowCount(), 12, 20000);
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("servicesDock"));
        QVERIFY(dock && dock->isVisible());
        auto *viewMenu = window.findChild<QMenu *>(QStringLiteral("viewMenu"));
        QVERIFY(viewMenu && viewMenu->actions().contains(dock->toggleViewAction()));

        QTableView *table = panel->table();
        const QModelIndex worst = table->model()->index(0, 0);
        const auto worstId = worst.data(core::ServicesTableModel::NodeIdRole).value<core::NodeId>();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(worst).center());
        QCOMPARE(sceneOf(window)->selectedNode(), worstId);

        const core::NodeId other = table->model()
                                       ->index(5, 0)
                                       .data(core::ServicesTableModel::NodeIdRole)
                                       .value<core::NodeId>();
        sceneOf(window)->selectNode(other);
        QCOMPARE(panel->currentService(), other);
        QCOMPARE(sceneOf(window)->selectedNode(), other); // no echo back to the first row
    }

    void findDimsTheRest()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        setFindText(window, QStringLiteral("cart"));
        const core::NodeIdSet focus = sceneOf(window)->focusSet();
        QVERIFY(!focus.isEmpty());
        for (const core::NodeId &id : focus)
            QVERIFY2(id.name().contains(QStringLiteral("cart")), qPrintable(id.key()));
        int dimmed = 0;
        const core::Positions positions = sceneOf(window)->positions();
        for (auto it = positions.begin(); it != positions.end(); ++it)
            dimmed += sceneOf(window)->nodeItem(it.key())->isDimmed();
        QCOMPARE(dimmed, 12 - int(focus.size()));
        setFindText(window, QString());
        QVERIFY(sceneOf(window)->focusSet().isEmpty());
    }

    void unhealthyOnlyShowsFaultAndNeighbours()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        core::FaultSpec fault;
        fault.kind = core::FaultSpec::Kind::DnsFailure;
        fault.service = core::NodeId(QStringLiteral("demo"), QStringLiteral("shop"),
                                     QStringLiteral("paymentservice"));
        fault.durationMs = 10 * 60 * 1000;
        // Start the fault in the past of the simulated clock is not possible; instead run a
        // source whose clock we move, so the fault has a full rate window to show.
        auto clock = std::make_shared<qint64>(QDateTime::currentMSecsSinceEpoch());
        auto demo =
            core::DemoSource::create(QStringLiteral("shop"), 3, [clock] { return *clock; }).value();
        QSignalSpy first(window.session(), &core::LiveSession::snapshotReady);
        window.setSource(demo);
        // The new source's first refresh (it may still be running on a slow build) comes before
        // the fault; wait for it and for the pipeline to be idle, so the next fetch sees the fault.
        QTRY_VERIFY_WITH_TIMEOUT(first.count() >= 1 && !window.session()->isRefreshing(), 20000);
        QVERIFY(demo->injectFault(fault).ok());
        *clock += 60'000;
        QSignalSpy spy(window.session(), &core::LiveSession::snapshotReady);
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1, 20000);
        setUnhealthyOnly(window, true);
        const core::NodeIdSet focus = sceneOf(window)->focusSet();
        QVERIFY(focus.contains(fault.service));
        QVERIFY(focus.size() < 12);
        // More hops show more of the neighbourhood, never less.
        window.findChild<QComboBox *>(QStringLiteral("hopsCombo"))->setCurrentIndex(2);
        const core::NodeIdSet wider = sceneOf(window)->focusSet();
        QVERIFY(wider.contains(focus));
        QVERIFY2(wider.size() > focus.size(), qPrintable(QString::number(focus.size())));
        setUnhealthyOnly(window, false);
        QVERIFY(sceneOf(window)->focusSet().isEmpty());
    }

    void failedRefreshKeepsTheGraphAndMarksItStale()
    {
        app::MainWindow window(shopCommand());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        auto demo = core::DemoSource::create(QStringLiteral("shop"), 3, [] {
                        return QDateTime::currentMSecsSinceEpoch();
                    }).value();
        auto flaky = std::make_shared<FlakySource>(demo);
        window.setSource(flaky);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->sourceName() == QStringLiteral("flaky") &&
                                     !window.session()->isRefreshing() &&
                                     sceneOf(window)->nodeItemCount() == 12,
                                 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->history().pointCount() >= 1, 20000);
        const core::Positions before = sceneOf(window)->positions();

        flaky->failing = true;
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->stale().stale, 20000);
        QVERIFY(statusText(window).contains(QStringLiteral("connection refused")));
        QCOMPARE(sceneOf(window)->nodeItemCount(), 12); // the last good graph stays
        QCOMPARE(sceneOf(window)->positions(), before);
        auto *banner = window.findChild<QLabel *>(QStringLiteral("staleBanner"));
        QVERIFY(banner && banner->isVisibleTo(&window));
        QVERIFY(banner->text().contains(QStringLiteral("127.0.0.1:9")));

        flaky->failing = false;
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->stale().stale, 20000);
        QVERIFY(!banner->isVisibleTo(&window));
    }

    void remembersItsSettings()
    {
        {
            app::CommandLine c = shopCommand();
            c.intervalSeconds = 30;
            app::MainWindow window(c);
            auto *labels = window.findChild<QComboBox *>(QStringLiteral("edgeLabelCombo"));
            QVERIFY(labels);
            labels->setCurrentIndex(3); // p95
            window.close();
        }
        app::CommandLine c = shopCommand();
        c.intervalSeconds = 0; // not given: the remembered one applies
        app::MainWindow window(c);
        auto *interval = window.findChild<QComboBox *>(QStringLiteral("intervalCombo"));
        QVERIFY(interval);
        QCOMPARE(interval->currentData().toDouble(), 30.0);
        QVERIFY(sceneOf(window)->edgeLabelMode() == widgets::EdgeLabelMode::P95);
    }

    void remembersPositionsAndPinsPerSource()
    {
        const core::NodeId checkout(QStringLiteral("demo"), QStringLiteral("shop"),
                                    QStringLiteral("checkoutservice"));
        const QPointF placed(4321.0, -1234.0);
        {
            app::MainWindow window(shopCommand());
            QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
            // What a drag leaves behind: the node moved and pinned.
            sceneOf(window)->nodeItem(checkout)->setPos(placed);
            sceneOf(window)->setPinned({checkout});
            QCOMPARE(sceneOf(window)->positions().value(checkout), placed);
            window.close();
        }
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        QCOMPARE(sceneOf(window)->positions().value(checkout), placed);
        QVERIFY(sceneOf(window)->pinned().contains(checkout));
        // Another source has its own memory: tickets starts from a fresh layout.
        window.setDemoMesh(QStringLiteral("tickets"));
        QTRY_VERIFY_WITH_TIMEOUT(sceneOf(window)->nodeItemCount() > 30, 20000);
        QVERIFY(sceneOf(window)->pinned().isEmpty());
        // ... and going back restores shop's arrangement again.
        window.setDemoMesh(QStringLiteral("shop"));
        QTRY_VERIFY_WITH_TIMEOUT(sceneOf(window)->nodeItemCount() == 12 &&
                                     sceneOf(window)->pinned().contains(checkout),
                                 20000);
        QCOMPARE(sceneOf(window)->positions().value(checkout), placed);
    }

    void healthSettingsReloadLive()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("health.yaml"));
        auto write = [&path](const QByteArray &text) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(text);
        };
        write("bands:\n  healthy: 75\n  degraded: 50\n");
        app::CommandLine c = shopCommand();
        c.healthConfig = path;
        app::MainWindow window(c);
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->isRefreshing(), 20000);
        // The fault-free shop is mostly healthy under the default bands.
        // (The demo runs on the wall clock, so one or two services may be degraded by the daily
        // swing at the moment the test runs: ask for a clear majority, not an exact count.)
        const int healthyBefore = bandCount(sceneOf(window)->scores(), core::HealthBand::Healthy);
        QVERIFY2(healthyBefore >= 7, qPrintable(QString::number(healthyBefore)));

        // A p95 objective of 1 ms no service meets: after the reload the services are painted
        // unhealthy, without a restart (at most one node without latency may stay healthy).
        QSignalSpy spy(window.session(), &core::LiveSession::snapshotReady);
        write("objectives:\n  p95Ms: 1\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("reloaded")), 10000);
        // The reload refreshes at once (a refresh already running when the file changed may land
        // first, scored with the old settings).
        QTRY_VERIFY_WITH_TIMEOUT(
            bandCount(sceneOf(window)->scores(), core::HealthBand::Healthy) <= 1, 20000);
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("countsLabel"))
                    ->text()
                    .contains(QStringLiteral("12 services")));

        write("weights: [oops\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("not applied")), 10000);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("health.yaml")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(sceneOf(window)->nodeItemCount(), 12); // the graph stays
        // ... and so do the last good settings: a refresh still scores with the strict objective.
        QTRY_VERIFY_WITH_TIMEOUT(!window.session()->isRefreshing(), 20000);
        spy.clear();
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 20000);
        QVERIFY(bandCount(sceneOf(window)->scores(), core::HealthBand::Healthy) <= 1);
    }

    void faultMenuInjectsIntoTheSelection()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        auto *dns = window.findChild<QAction *>(QStringLiteral("faultAction3"));
        QVERIFY(dns && dns->text().contains(QStringLiteral("DNS")));
        dns->trigger(); // nothing selected: the user is told what to do
        QVERIFY(window.statusBar()->currentMessage().contains(QStringLiteral("Select a service")));

        const core::NodeId payment(QStringLiteral("demo"), QStringLiteral("shop"),
                                   QStringLiteral("paymentservice"));
        sceneOf(window)->selectNode(payment);
        QSignalSpy spy(window.session(), &core::LiveSession::snapshotReady);
        dns->trigger();
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("paymentservice")),
                 qPrintable(window.statusBar()->currentMessage()));
        QTRY_VERIFY_WITH_TIMEOUT(!spy.isEmpty(), 20000); // and the graph refreshes at once
    }

    void anUnknownMeshIsReportedAndTheGraphStays()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        window.setDemoMesh(QStringLiteral("moon"));
        auto *box = window.findChild<QMessageBox *>();
        QVERIFY(box && box->isVisible()); // shown without blocking the window
        QVERIFY2(box->text().contains(QStringLiteral("moon")), qPrintable(box->text()));
        QCOMPARE(window.session()->sourceName(), QStringLiteral("demo:shop"));
        QCOMPARE(sceneOf(window)->nodeItemCount(), 12);
    }

    void selectionSurvivesARefresh()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        const core::NodeId checkout(QStringLiteral("demo"), QStringLiteral("shop"),
                                    QStringLiteral("checkoutservice"));
        sceneOf(window)->selectNode(checkout);
        QSignalSpy spy(window.session(), &core::LiveSession::snapshotReady);
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1, 20000);
        QCOMPARE(sceneOf(window)->selectedNode(), checkout);
    }

    // File > Export Image runs beside the window: a progress bar and Cancel in the status bar,
    // the graph still live; Cancel leaves no file, a finished export says where it went.
    void imageExportShowsProgressAndCanBeCancelled()
    {
        app::MainWindow window(shopCommand());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(sceneOf(window)->nodeItemCount(), 12, 20000);
        auto *flow = window.findChild<app::ExportFlow *>();
        QVERIFY(flow);
        QTemporaryDir dir;

        const QString cancelled = dir.filePath(QStringLiteral("cancelled.png"));
        QVERIFY(flow->startImageExport(cancelled, 8.0));
        auto *box = window.statusBar()->findChild<QWidget *>(QStringLiteral("exportProgress"));
        QVERIFY(box);
        auto *cancel = box->findChild<QPushButton *>(QStringLiteral("exportCancelButton"));
        QVERIFY(cancel);
        QVERIFY(!flow->startImageExport(dir.filePath(QStringLiteral("second.png")), 1.0));
        cancel->click();
        QTRY_VERIFY_WITH_TIMEOUT(flow->runningImageExport() == nullptr, 30000);
        QVERIFY(!window.statusBar()->findChild<QWidget *>(QStringLiteral("exportProgress")));
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("cancelled")),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!QFile::exists(cancelled));

        const QString done = dir.filePath(QStringLiteral("shop.png"));
        QVERIFY(flow->startImageExport(done, 1.0));
        QTRY_VERIFY_WITH_TIMEOUT(flow->runningImageExport() == nullptr, 30000);
        QVERIFY2(window.statusBar()->currentMessage().contains(done),
                 qPrintable(window.statusBar()->currentMessage()));
        QVERIFY(!QImage(done).isNull());
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
