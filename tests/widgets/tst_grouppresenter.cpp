#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/edgelayeritem.h"
#include "widgets/graphpainter.h"
#include "widgets/groupitem.h"
#include "widgets/grouppresenter.h"
#include "widgets/healthpalette.h"
#include "widgets/nodeitem.h"
#include "widgets/rendersnapshot.h"
#include "widgets/topologyscene.h"

#include <QApplication>
#include <QGraphicsSceneMouseEvent>
#include <QImage>
#include <QPainter>
#include <QSignalSpy>
#include <QTest>

#include <cstdlib>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::edgeSample;
using meshscope::testing::svc;
using meshscope::widgets::GroupItem;
using meshscope::widgets::GroupPresenter;
using meshscope::widgets::TopologyScene;

namespace {

// shop: web, cart, ads (x 0..200, y 0); data: redis, pg (x 0..100, y 500); pay: card (y 900).
struct Mesh
{
    TopologyPtr topology;
    std::shared_ptr<const HealthScores> scores;
    Positions positions;
};

Mesh mesh(const QHash<QString, double> &scoreOf = {})
{
    TelemetrySample s;
    s.edges = {edgeSample(svc("web"), svc("cart"), 10),
               edgeSample(svc("web"), svc("ads"), 5),
               edgeSample(svc("cart"), svc("redis", "data"), 10),
               edgeSample(svc("cart"), svc("pg", "data"), 30),
               edgeSample(svc("web"), svc("pg", "data"), 20),
               edgeSample(svc("cart"), svc("card", "pay"), 3)};
    TopologyBuilder builder;
    Mesh m;
    m.topology = builder.build(s);
    auto scores = std::make_shared<HealthScores>();
    scores->generation = m.topology->generation();
    for (const TopologyNode &node : m.topology->nodes()) {
        HealthVerdict v;
        v.score = scoreOf.value(node.name, 95.0);
        v.band = v.score >= 75   ? HealthBand::Healthy
                 : v.score >= 50 ? HealthBand::Degraded
                                 : HealthBand::Failing;
        scores->nodes.push_back(v);
    }
    scores->edges.resize(m.topology->edges().size());
    m.scores = scores;
    const QHash<QString, QPointF> at{{"web", {0, 0}},     {"cart", {100, 0}}, {"ads", {200, 0}},
                                     {"redis", {0, 500}}, {"pg", {100, 500}}, {"card", {0, 900}}};
    for (const TopologyNode &node : m.topology->nodes())
        m.positions.insert(node.id, at.value(node.name));
    return m;
}

void doubleClick(TopologyScene &scene, const QPointF &at)
{
    QGraphicsSceneMouseEvent event(QEvent::GraphicsSceneMouseDoubleClick);
    event.setScenePos(at);
    event.setButton(Qt::LeftButton);
    event.setButtons(Qt::LeftButton);
    QApplication::sendEvent(&scene, &event);
}

} // namespace

class TestGroupPresenter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void smallMeshOpensExpandedWithGroupAreas()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        const Mesh m = mesh();
        groups.setSnapshot(m.topology, m.scores, m.positions);
        QCOMPARE(scene.nodeItemCount(), 6);
        QCOMPARE(groups.groupItemCount(), 3);
        const GroupItem *shop = groups.groupItem("shop");
        QVERIFY(shop && !shop->isCollapsed());
        QCOMPARE(shop->memberCount(), 3);
        QCOMPARE(shop->title(), "shop · 3");
        for (const char *name : {"web", "cart", "ads"})
            QVERIFY(shop->area().contains(m.positions.value(svc(name))));
        QVERIFY(!shop->area().contains(m.positions.value(svc("pg", "data"))));
    }

    // Above the threshold: every group collapsed except the one with a failing service; the
    // collapsed group is one node in its worst member's colour.
    void largeMeshOpensCollapsedExceptTrouble()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        groups.setThreshold(4);
        const Mesh m = mesh({{"redis", 30.0}, {"cart", 80.0}});
        groups.setSnapshot(m.topology, m.scores, m.positions);
        QCOMPARE(groups.collapsedGroups(), (QSet<QString>{"pay", "shop"}));
        QVERIFY(scene.nodeItem(svc("redis", "data")) != nullptr);
        QVERIFY(scene.nodeItem(svc("web")) == nullptr);
        const widgets::NodeItem *shop = scene.nodeItem(GroupedView::groupNodeId("shop"));
        QVERIFY(shop != nullptr);
        QCOMPARE(shop->label(), "shop (3)");
        QCOMPARE(shop->fillColor(), widgets::HealthPalette::colorForScore(80.0, scene.bands()));
        QCOMPARE(shop->pos(), QPointF(100, 0)); // the centre of its members
        QVERIFY(groups.groupItem("shop")->isCollapsed());
        // web -> pg and cart -> pg, cart -> redis: one edge from shop into data's two services.
        QCOMPARE(scene.topology()->edgeCount(), 3); // shop>redis, shop>pg, shop>pay
    }

    // Expanding or collapsing one group moves nothing else (bound: 0 units), and a group comes
    // back exactly where it was.
    void expandAndCollapseAreStable()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        const Mesh m = mesh();
        groups.setSnapshot(m.topology, m.scores, m.positions);
        const Positions before = scene.positions();
        QSignalSpy presented(&groups, &GroupPresenter::presented);
        groups.collapse("data");
        QCOMPARE(presented.count(), 1);
        QVERIFY(groups.isCollapsed("data"));
        for (const char *name : {"web", "cart", "ads"})
            QCOMPARE(scene.nodeItem(svc(name))->pos(), before.value(svc(name)));
        const QPointF groupAt = scene.nodeItem(GroupedView::groupNodeId("data"))->pos();
        QCOMPARE(groupAt, QPointF(50, 500));
        // The next layout still starts from every service's place, hidden ones included.
        QCOMPARE(groups.positions().value(svc("pg", "data")), QPointF(100, 500));

        doubleClick(scene, groupAt); // double-click expands
        QVERIFY(!groups.isCollapsed("data"));
        QCOMPARE(scene.positions(), before);
    }

    void collapsingTheSelectionsGroupAndDraggingIt()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        const Mesh m = mesh();
        groups.setSnapshot(m.topology, m.scores, m.positions);
        QCOMPARE(groups.groupOf(svc("cart")), "shop");
        groups.collapse(groups.groupOf(svc("cart")));
        const NodeId shop = GroupedView::groupNodeId("shop");
        QCOMPARE(groups.groupOf(shop), "shop");
        // The user drags the collapsed group 1000 units right: its members move along.
        scene.nodeItem(shop)->setPos(QPointF(1100, 0));
        Q_EMIT scene.nodeMoved(shop, QPointF(1100, 0));
        QCOMPARE(groups.positions().value(svc("web")), QPointF(1000, 0));
        groups.expand("shop");
        QCOMPARE(scene.nodeItem(svc("ads"))->pos(), QPointF(1200, 0));
    }

    // "Only unhealthy": healthy groups shown collapsed, unless the user opens one.
    void collapseHealthyGroups()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        const Mesh m = mesh({{"card", 20.0}});
        groups.setSnapshot(m.topology, m.scores, m.positions);
        groups.setCollapseHealthy(true);
        QCOMPARE(groups.collapsedGroups(), (QSet<QString>{"data", "shop"}));
        QCOMPARE(scene.nodeItemCount(), 3);
        groups.expand("data");
        QCOMPARE(groups.collapsedGroups(), (QSet<QString>{"shop"}));
        groups.setCollapseHealthy(false);
        QVERIFY(groups.collapsedGroups().isEmpty());
    }

    void revealAndGroupingOff()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        const Mesh m = mesh();
        groups.setSnapshot(m.topology, m.scores, m.positions);
        groups.collapseAll();
        QCOMPARE(scene.nodeItemCount(), 3);
        groups.reveal(svc("pg", "data"));
        QVERIFY(scene.nodeItem(svc("pg", "data")) != nullptr);
        QVERIFY(groups.isCollapsed("shop"));
        groups.setGrouping(std::nullopt);
        QCOMPARE(scene.nodeItemCount(), 6);
        QCOMPARE(groups.groupItemCount(), 0);
        QVERIFY(groups.groupOf(svc("web")).isEmpty());
    }

    // An export paints the scene: what is collapsed is exported collapsed.
    void exportShowsWhatIsShown()
    {
        TopologyScene scene;
        GroupPresenter groups(&scene);
        const Mesh m = mesh({{"card", 20.0}});
        groups.setSnapshot(m.topology, m.scores, m.positions);
        groups.collapseAll();
        QImage image(400, 400, QImage::Format_ARGB32);
        image.fill(Qt::white);
        QPainter painter(&image);
        // The export path: an immutable copy of what the scene shows, painted off the scene.
        QVERIFY(widgets::GraphPainter(widgets::RenderSnapshot::capture(scene))
                    .paint(&painter, QRectF(0, 0, 400, 400)));
        painter.end();
        // Three group nodes and their halos; no service of a collapsed group is drawn.
        QCOMPARE(scene.nodeItemCount(), 3);
        const QColor failing = widgets::HealthPalette::colorForScore(20.0, scene.bands());
        int failingPixels = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                failingPixels += std::abs(c.red() - failing.red()) +
                                             std::abs(c.green() - failing.green()) +
                                             std::abs(c.blue() - failing.blue()) <
                                         30
                                     ? 1
                                     : 0;
            }
        QVERIFY2(failingPixels > 20, "the collapsed 'pay' group is drawn in its member's red");
    }
};

QTEST_MAIN(TestGroupPresenter)
#include "tst_grouppresenter.moc"
