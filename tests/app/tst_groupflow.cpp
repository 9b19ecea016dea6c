#include "app/appsettings.h"
#include "app/diffflow.h"
#include "app/groupflow.h"
#include "app/mainwindow.h"
#include "core/io/snapshotio.h"
#include "core/session/livesession.h"
#include "core/topology/focusfilter.h"
#include "tests/testsupport/windowtest.h"
#include "widgets/diffoverlayitem.h"
#include "widgets/groupitem.h"
#include "widgets/grouppresenter.h"
#include "widgets/nodeitem.h"
#include "widgets/servicespanel.h"
#include "widgets/snapshotdiffdialog.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using meshscope::testing::actionOf;
using meshscope::testing::sceneOf;

namespace {

app::CommandLine generated(int services)
{
    return meshscope::testing::demoCommand(QStringLiteral("generated:%1").arg(services));
}

widgets::GroupPresenter *groupsOf(const app::MainWindow &w)
{
    return w.findChild<app::GroupFlow *>()->presenter();
}

} // namespace

class TestGroupFlow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() { meshscope::testing::initWindowTest(); }

    // 400 services (above the default 300): grouped by namespace, every group collapsed except
    // those holding an unhealthy service; expanding and collapsing from the menu works.
    void largeMeshOpensGrouped()
    {
        app::MainWindow window(generated(400));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 30000);
        widgets::TopologyScene *scene = sceneOf(window);
        widgets::GroupPresenter *groups = groupsOf(window);
        QTRY_VERIFY_WITH_TIMEOUT(groups->groupItemCount() > 3, 10000);
        const core::RefreshResult &snapshot = *window.session()->snapshot();
        const QSet<QString> troubled =
            core::GroupedView::unhealthyGroups(groups->groups(), *snapshot.scores);
        QCOMPARE(groups->collapsedGroups(),
                 core::GroupedView::defaultCollapsed(groups->groups(), *snapshot.scores, 400,
                                                     widgets::GroupPresenter::kDefaultThreshold));
        QVERIFY(scene->nodeItemCount() < 400);
        // Only troubled groups are open, and at most 300 services of them (or the worst one).
        int open = 0;
        int openServices = 0;
        for (int g = 0; g < groups->groups().groupCount(); ++g) {
            if (groups->isCollapsed(groups->groups().names.at(g)))
                continue;
            QVERIFY(troubled.contains(groups->groups().names.at(g)));
            ++open;
            openServices += int(groups->groups().members[size_t(g)].size());
        }
        QVERIFY(troubled.isEmpty() ? open == 0 : open >= 1);
        QVERIFY(open == 1 || openServices <= widgets::GroupPresenter::kDefaultThreshold);

        const QString group = *groups->collapsedGroups().cbegin();
        const core::NodeId groupNode = core::GroupedView::groupNodeId(group);
        scene->selectNode(groupNode);
        const int before = scene->nodeItemCount();
        actionOf(window, "expandGroupAction")->trigger();
        QVERIFY(!groups->isCollapsed(group));
        QCOMPARE(scene->nodeItemCount(), before - 1 + groups->groupItem(group)->memberCount());
        // Ctrl+G on a member collapses its group again.
        const int member = groups->groups().members[size_t(groups->groups().indexOf(group))][0];
        scene->selectNode(snapshot.topology->nodes()[size_t(member)].id);
        actionOf(window, "collapseGroupAction")->trigger();
        QVERIFY(groups->isCollapsed(group));
        QCOMPARE(scene->selectedNode(), groupNode);
        actionOf(window, "expandAllGroupsAction")->trigger();
        QCOMPARE(scene->nodeItemCount(), 400);

        // Picking a service in the Services table shows it, also from inside a collapsed group.
        actionOf(window, "collapseAllGroupsAction")->trigger();
        const core::NodeId hidden = snapshot.topology->nodes()[size_t(member)].id;
        QVERIFY(scene->nodeItem(hidden) == nullptr);
        Q_EMIT window.findChild<widgets::ServicesPanel *>()->serviceActivated(hidden);
        QCOMPARE(scene->selectedNode(), hidden);
        QVERIFY(!groups->isCollapsed(group));

        // A refresh keeps the user's choice.
        actionOf(window, "collapseAllGroupsAction")->trigger();
        QSignalSpy refreshed(window.session(), &core::LiveSession::snapshotReady);
        window.session()->refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(refreshed.count() >= 1, 30000);
        QCOMPARE(scene->nodeItemCount(), groups->groups().groupCount());
    }

    void focusTwoHopsAroundTheSelection()
    {
        app::MainWindow window(generated(120));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 30000);
        widgets::TopologyScene *scene = sceneOf(window);
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 120, 10000); // below the threshold
        const core::TopologyPtr topology = scene->topology();
        const core::NodeId centre = topology->nodes()[size_t(topology->nodeCount() / 2)].id;
        scene->selectNode(centre);
        auto *view = window.findChild<widgets::TopologyView *>();
        const double zoomBefore = view->zoom();
        auto *hops = window.findChild<QComboBox *>(QStringLiteral("hopsCombo"));
        hops->setCurrentIndex(hops->findData(2));
        actionOf(window, "focusSelectionAction")->setChecked(true);
        QVERIFY(scene->isFocusing());
        QVERIFY(view->isFittedToNodes()); // the view zooms to the focused services
        core::FocusCriteria criteria;
        criteria.around = centre;
        criteria.hops = 2;
        QCOMPARE(scene->focusSet(),
                 *core::FocusFilter::focus(*topology, scene->scores(), criteria));
        QVERIFY(scene->focusSet().size() < 120);
        QVERIFY(!scene->nodeItem(centre)->isDimmed());
        // The focus follows the selection; with nothing selected nothing is dimmed.
        scene->clearGraphSelection();
        QVERIFY(!scene->isFocusing());
        QVERIFY(!view->isFittedToNodes());
        QCOMPARE(view->zoom(), zoomBefore);
        actionOf(window, "focusSelectionAction")->setChecked(false);
    }

    // Find + Enter on a service hidden in a collapsed group of a 5,000-service mesh: the group
    // opens, the service is selected, and the view ends centred on it, also after the refreshes
    // that follow have moved the opened group's members.
    void findEnterCentresOnAHiddenService()
    {
        app::MainWindow window(generated(5000));
        window.resize(1400, 900);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 60000);
        widgets::TopologyScene *scene = sceneOf(window);
        widgets::GroupPresenter *groups = groupsOf(window);
        QTRY_VERIFY_WITH_TIMEOUT(groups->groupItemCount() > 3, 10000);
        const QString name = QStringLiteral("svc-00042");
        const auto found =
            core::FocusFilter::matches(*window.session()->snapshot()->topology, name);
        QCOMPARE(found.size(), size_t(1));
        const core::NodeId id = found.front();
        QVERIFY2(scene->nodeItem(id) == nullptr, "svc-00042 starts hidden in a collapsed group");

        auto *find = window.findChild<QLineEdit *>(QStringLiteral("findField"));
        find->setText(name);
        QTest::keyClick(find, Qt::Key_Return);
        QCOMPARE(scene->selectedNode(), id);
        QVERIFY(scene->nodeItem(id) != nullptr);

        auto *view = window.findChild<widgets::TopologyView *>();
        const auto offCentre = [&] {
            const QPointF at = view->mapFromScene(scene->nodeItem(id)->pos());
            const QPointF centre = QRectF(view->viewport()->rect()).center();
            return QLineF(at, centre).length();
        };
        QVERIFY(view->zoom() >= 1.0); // a service, not a dot of the whole mesh
        QSignalSpy refreshed(window.session(), &core::LiveSession::snapshotReady);
        for (int i = 1; i <= 3; ++i) {
            window.session()->refreshNow();
            QTRY_COMPARE_WITH_TIMEOUT(refreshed.count(), i, 60000);
            QVERIFY2(offCentre() < 0.1 * view->viewport()->height(),
                     qPrintable(QString::number(offCentre())));
        }
        QCOMPARE(scene->selectedNode(), id);
        QVERIFY2(offCentre() < 0.1 * view->viewport()->height(),
                 qPrintable(QString::number(offCentre())));
    }

    // Ctrl+F, a few letters (the rest of the graph dims), Escape: the field is empty, nothing is
    // dimmed any more, and the keyboard is back on the graph (its zoom and arrow keys).
    void escapeInFindReturnsToTheGraph()
    {
        app::MainWindow window(generated(120));
        window.show();
        QVERIFY(QTest::qWaitForWindowActive(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 30000);
        widgets::TopologyScene *scene = sceneOf(window);
        QTRY_COMPARE_WITH_TIMEOUT(scene->nodeItemCount(), 120, 10000);
        auto *view = window.findChild<widgets::TopologyView *>();
        auto *find = window.findChild<QLineEdit *>(QStringLiteral("findField"));
        view->setFocus();
        QTest::keyClick(&window, Qt::Key_F, Qt::ControlModifier);
        QTRY_VERIFY(find->hasFocus());
        QTest::keyClicks(find, QStringLiteral("svc-0001"));
        QVERIFY(scene->isFocusing());
        QTest::keyClick(find, Qt::Key_Escape);
        QVERIFY(find->text().isEmpty());
        QVERIFY(!scene->isFocusing());
        QTRY_VERIFY(view->hasFocus());
    }

    // File > Compare with Snapshot: a snapshot saved earlier against the graph now.
    void compareWithASavedSnapshot()
    {
        app::MainWindow window(generated(120));
        QTRY_VERIFY_WITH_TIMEOUT(window.session()->snapshot() != nullptr, 30000);
        const core::RefreshResult &now = *window.session()->snapshot();
        QTemporaryDir dir;
        const QString path = dir.filePath("before.json");
        QVERIFY(core::writeSnapshotFile(
            {now.topology.get(), now.scores.get(), now.positions.get(), nullptr, {}}, path));
        auto *diff = window.findChild<app::DiffFlow *>();
        QVERIFY(diff->compareWithFile(path));
        QVERIFY(diff->dialog()->isVisible());
        QVERIFY2(diff->dialog()->summary().startsWith("No change"),
                 qPrintable(diff->dialog()->summary()));
        QCOMPARE(diff->overlay()->markedAdded(), 0);
        actionOf(window, "clearComparisonAction")->trigger();
        QVERIFY(diff->overlay() == nullptr);
    }
};

QTEST_MAIN(TestGroupFlow)
#include "tst_groupflow.moc"
