#include "app/appsettings.h"
#include "app/mainwindow.h"
#include "core/demo/demosource.h"
#include "core/models/servicestablemodel.h"
#include "widgets/detailspanel.h"
#include "widgets/nodeitem.h"
#include "widgets/servicespanel.h"
#include "widgets/topologyscene.h"

#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>

using namespace meshscope;

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
    app::CommandLine c;
    c.demo = QStringLiteral("shop");
    c.demoGiven = true;
    c.seed = 3;
    c.intervalSeconds = 3600; // refreshes only when the test asks
    return c;
}

} // namespace

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear(); // test-mode settings survive between runs: start from the defaults
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        app::initResources();
    }

    void opensOnTheDemoMesh()
    {
        app::MainWindow window(shopCommand());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
        QTRY_VERIFY(window.statusText().contains(QStringLiteral("Last refresh")));
        QVERIFY(window.history().pointCount() >= 1);
        QCOMPARE(window.pipeline()->sourceName(), QStringLiteral("demo:shop"));
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
        QVERIFY(window.menuBar()->actions().at(1)->menu()->actions().contains(
            dock->toggleViewAction()));

        QTableView *table = panel->table();
        const QModelIndex worst = table->model()->index(0, 0);
        const auto worstId = worst.data(core::ServicesTableModel::NodeIdRole).value<core::NodeId>();
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(worst).center());
        QCOMPARE(window.scene()->selectedNode(), worstId);

        const core::NodeId other = table->model()
                                       ->index(5, 0)
                                       .data(core::ServicesTableModel::NodeIdRole)
                                       .value<core::NodeId>();
        window.scene()->selectNode(other);
        QCOMPARE(panel->currentService(), other);
        QCOMPARE(window.scene()->selectedNode(), other); // no echo back to the first row
    }

    void findDimsTheRest()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
        window.setFindText(QStringLiteral("cart"));
        const core::NodeIdSet focus = window.scene()->focusSet();
        QVERIFY(!focus.isEmpty());
        for (const core::NodeId &id : focus)
            QVERIFY2(id.name().contains(QStringLiteral("cart")), qPrintable(id.key()));
        int dimmed = 0;
        const core::Positions positions = window.scene()->positions();
        for (auto it = positions.begin(); it != positions.end(); ++it)
            dimmed += window.scene()->nodeItem(it.key())->isDimmed();
        QCOMPARE(dimmed, 12 - int(focus.size()));
        window.setFindText(QString());
        QVERIFY(window.scene()->focusSet().isEmpty());
    }

    void unhealthyOnlyShowsFaultAndNeighbours()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
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
        QSignalSpy first(window.pipeline(), &core::RefreshPipeline::refreshed);
        window.setSource(demo);
        // The new source's first refresh (it may still be running on a slow build) comes before
        // the fault; wait for it and for the pipeline to be idle, so the next fetch sees the fault.
        QTRY_VERIFY_WITH_TIMEOUT(first.count() >= 1 && !window.pipeline()->isBusy(), 20000);
        QVERIFY(demo->injectFault(fault).ok());
        *clock += 60'000;
        QSignalSpy spy(window.pipeline(), &core::RefreshPipeline::refreshed);
        window.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1, 20000);
        window.setUnhealthyOnly(true);
        const core::NodeIdSet focus = window.scene()->focusSet();
        QVERIFY(focus.contains(fault.service));
        QVERIFY(focus.size() < 12);
        window.setUnhealthyOnly(false);
        QVERIFY(window.scene()->focusSet().isEmpty());
    }

    void failedRefreshKeepsTheGraphAndMarksItStale()
    {
        app::MainWindow window(shopCommand());
        window.show();
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
        auto demo = core::DemoSource::create(QStringLiteral("shop"), 3, [] {
                        return QDateTime::currentMSecsSinceEpoch();
                    }).value();
        auto flaky = std::make_shared<FlakySource>(demo);
        window.setSource(flaky);
        QTRY_VERIFY_WITH_TIMEOUT(window.pipeline()->sourceName() == QStringLiteral("flaky") &&
                                     !window.pipeline()->isBusy() &&
                                     window.scene()->nodeItemCount() == 12,
                                 20000);
        QTRY_VERIFY_WITH_TIMEOUT(window.history().pointCount() >= 1, 20000);
        const core::Positions before = window.scene()->positions();

        flaky->failing = true;
        window.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(window.isStale(), 20000);
        QVERIFY(window.statusText().contains(QStringLiteral("connection refused")));
        QCOMPARE(window.scene()->nodeItemCount(), 12); // the last good graph stays
        QCOMPARE(window.scene()->positions(), before);
        auto *banner = window.findChild<QLabel *>(QStringLiteral("staleBanner"));
        QVERIFY(banner && banner->isVisibleTo(&window));
        QVERIFY(banner->text().contains(QStringLiteral("127.0.0.1:9")));

        flaky->failing = false;
        window.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(!window.isStale(), 20000);
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
        QVERIFY(window.scene()->edgeLabelMode() == widgets::EdgeLabelMode::P95);
    }

    void remembersPositionsAndPinsPerSource()
    {
        const core::NodeId checkout(QStringLiteral("demo"), QStringLiteral("shop"),
                                    QStringLiteral("checkoutservice"));
        const QPointF placed(4321.0, -1234.0);
        {
            app::MainWindow window(shopCommand());
            QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
            // What a drag leaves behind: the node moved and pinned.
            window.scene()->nodeItem(checkout)->setPos(placed);
            window.scene()->setPinned({checkout});
            QCOMPARE(window.scene()->positions().value(checkout), placed);
            window.close();
        }
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
        QCOMPARE(window.scene()->positions().value(checkout), placed);
        QVERIFY(window.scene()->pinned().contains(checkout));
        // Another source has its own memory: tickets starts from a fresh layout.
        window.setDemoMesh(QStringLiteral("tickets"));
        QTRY_VERIFY_WITH_TIMEOUT(window.scene()->nodeItemCount() > 30, 20000);
        QVERIFY(window.scene()->pinned().isEmpty());
        // ... and going back restores shop's arrangement again.
        window.setDemoMesh(QStringLiteral("shop"));
        QTRY_VERIFY_WITH_TIMEOUT(window.scene()->nodeItemCount() == 12 &&
                                     window.scene()->pinned().contains(checkout),
                                 20000);
        QCOMPARE(window.scene()->positions().value(checkout), placed);
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
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);

        write("weights:\n  connectivity: 0.2\n  stability: 0.2\n  protocol: 0.6\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("reloaded")), 10000);

        write("weights: [oops\n");
        QTRY_VERIFY_WITH_TIMEOUT(
            window.statusBar()->currentMessage().contains(QStringLiteral("not applied")), 10000);
        QVERIFY2(window.statusBar()->currentMessage().contains(QStringLiteral("health.yaml")),
                 qPrintable(window.statusBar()->currentMessage()));
        QCOMPARE(window.scene()->nodeItemCount(), 12); // the graph stays
    }

    void selectionSurvivesARefresh()
    {
        app::MainWindow window(shopCommand());
        QTRY_COMPARE_WITH_TIMEOUT(window.scene()->nodeItemCount(), 12, 20000);
        const core::NodeId checkout(QStringLiteral("demo"), QStringLiteral("shop"),
                                    QStringLiteral("checkoutservice"));
        window.scene()->selectNode(checkout);
        QSignalSpy spy(window.pipeline(), &core::RefreshPipeline::refreshed);
        window.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(spy.count() >= 1, 20000);
        QCOMPARE(window.scene()->selectedNode(), checkout);
    }
};

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
