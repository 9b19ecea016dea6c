#include "app/appsettings.h"
#include "app/chaosmenu.h"
#include "app/chaospanelflow.h"
#include "app/mainwindow.h"
#include "widgets/chaospanel.h"
#include "widgets/manifesteditor.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QApplication>
#include <QContextMenuEvent>
#include <QDir>
#include <QDockWidget>
#include <QMenu>
#include <QSettings>
#include <QStandardPaths>
#include <QTest>

using namespace meshscope;

namespace {

app::CommandLine shopCommand()
{
    app::CommandLine c;
    c.demo = QStringLiteral("shop");
    c.demoGiven = true;
    c.seed = 3;
    c.intervalSeconds = 3600; // refreshes only when the test asks
    return c;
}

core::NodeId nodeNamed(const widgets::TopologyScene &scene, const QString &name)
{
    for (const core::TopologyNode &n : scene.topology()->nodes()) {
        if (n.name == name)
            return n.id;
    }
    return {};
}

QStringList actionIds(const QMenu *menu)
{
    QStringList ids;
    for (const QAction *a : menu->actions())
        ids << a->data().toString();
    return ids;
}

} // namespace

class TestChaosPanelFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().clear();
        QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).removeRecursively();
        app::initResources();
    }

    void onlyNetworkFaultsActOnACall()
    {
        const auto library = chaos::ScenarioLibrary::load();
        const QStringList onCall = app::ChaosMenu::applicable(library, true);
        const QStringList onNode = app::ChaosMenu::applicable(library, false);
        QCOMPARE(onNode.size(), int(library.scenarios().size()));
        QVERIFY(onCall.contains(QStringLiteral("seed-latency")));
        QVERIFY(!onCall.contains(QStringLiteral("seed-pod-kill")));
        QVERIFY(!onCall.contains(QStringLiteral("seed-dns-failure")));
        for (const QString &id : onCall)
            QCOMPARE(chaos::chaosKind(library.find(id)->kind), QStringLiteral("NetworkChaos"));
    }

    void rightClickOnAServiceInjectsAFaultThroughTheDock()
    {
        app::MainWindow window(shopCommand());
        window.resize(1400, 900);
        window.show();
        auto *scene = window.findChild<widgets::TopologyScene *>();
        auto *view = window.findChild<widgets::TopologyView *>();
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 12, 20000);
        auto *dock = window.findChild<QDockWidget *>(QStringLiteral("chaosDock"));
        QVERIFY(dock);
        auto *show = window.findChild<QAction *>(QStringLiteral("chaosDockAction"));
        QCOMPARE(show->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C));
        // Tabbed behind Details on a first start: the shortcut brings it to the front.
        show->trigger();
        QTRY_VERIFY(dock->isVisible() && !dock->visibleRegion().isEmpty());
        show->trigger();
        QTRY_VERIFY(!dock->isVisible());
        auto *panel = dock->findChild<widgets::ChaosPanel *>();
        QVERIFY(panel);

        const core::NodeId catalog = nodeNamed(*scene, QStringLiteral("productcatalogservice"));
        QVERIFY(catalog.isValid());
        view->centerOnNode(catalog);
        const QPoint at = view->mapFromScene(scene->nodeItem(catalog)->pos());
        QContextMenuEvent event(QContextMenuEvent::Mouse, at, view->viewport()->mapToGlobal(at));
        QApplication::sendEvent(view->viewport(), &event);
        auto *menu = window.findChild<QMenu *>(QStringLiteral("graphContextMenu"));
        QVERIFY(menu);
        QCOMPARE(scene->selectedNode(), catalog); // the menu acts on what it was opened on
        auto *inject = menu->findChild<QMenu *>(QStringLiteral("injectFaultMenu"));
        QVERIFY(inject);
        QVERIFY(actionIds(inject).contains(QStringLiteral("seed-pod-kill")));
        inject->findChild<QAction *>(QStringLiteral("injectFault:seed-latency"))->trigger();

        QVERIFY(dock->isVisible());
        const QString yaml = panel->manifestEditor()->text();
        QVERIFY2(yaml.contains(QStringLiteral("app: productcatalogservice")), qPrintable(yaml));
        QVERIFY(yaml.contains(QStringLiteral("latency: 800ms")));
        QVERIFY(panel->manifestEditor()->isValid());
        QVERIFY(!panel->blastRadius().isEmpty());
        menu->close();
    }

    void aCallsMenuOffersNetworkFaultsAndTargetsTheCall()
    {
        app::MainWindow window(shopCommand());
        auto *scene = window.findChild<widgets::TopologyScene *>();
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 12, 20000);
        auto *flow = window.findChild<app::ChaosPanelFlow *>();
        QVERIFY(flow);
        const core::NodeId frontend = nodeNamed(*scene, QStringLiteral("frontend"));
        const core::NodeId cart = nodeNamed(*scene, QStringLiteral("cartservice"));
        QMenu *menu = flow->contextMenu(frontend, cart);
        auto *inject = menu->findChild<QMenu *>(QStringLiteral("injectFaultMenu"));
        QVERIFY(!actionIds(inject).contains(QStringLiteral("seed-pod-kill")));
        inject->findChild<QAction *>(QStringLiteral("injectFault:seed-latency"))->trigger();
        const auto experiment = flow->panel()->experiment();
        QCOMPARE(experiment.target, QStringLiteral("shop/frontend"));
        QCOMPARE(experiment.peer, QStringLiteral("shop/cartservice"));
        // Selecting in the graph retargets the panel.
        scene->selectNode(cart);
        QCOMPARE(flow->panel()->experiment().target, QStringLiteral("shop/cartservice"));
        QVERIFY(flow->panel()->experiment().peer.isEmpty());
        delete menu;
    }
};

QTEST_MAIN(TestChaosPanelFlow)
#include "tst_chaospanelflow.moc"
