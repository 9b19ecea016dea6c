#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/edgelayeritem.h"
#include "widgets/healthpalette.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"

#include <QApplication>
#include <QGraphicsSceneMouseEvent>
#include <QSignalSpy>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;
using meshscope::widgets::EdgeLayerItem;
using meshscope::widgets::NodeItem;
using meshscope::widgets::TopologyScene;

namespace {

struct Graph
{
    TopologyPtr topology;
    HealthScores scores;
    Positions positions;
};

// Nodes laid out on a row 100 units apart, in the order given; every edge scores 90 and every
// node `nodeScore` unless overridden.
Graph makeGraph(const QStringList &names, const QList<QPair<QString, QString>> &calls,
                const QHash<QString, double> &scoreOf = {})
{
    TelemetrySample sample;
    sample.timestampMs = 1'700'000'000'000;
    for (const QString &n : names)
        sample.nodes.push_back(
            NodeSample{svc(n), NodeKind::Service, QStringLiteral("v1"), 2, 2, {}});
    for (const auto &c : calls)
        sample.edges.push_back(
            meshscope::testing::edgeSample(svc(c.first), svc(c.second), 20.0, 12.0));
    TopologyBuilder builder; // a fresh builder: vanished nodes really vanish (no idle grace)
    Graph g;
    g.topology = builder.build(sample);
    g.scores.generation = g.topology->generation();
    g.scores.nodes.resize(size_t(g.topology->nodeCount()));
    g.scores.edges.resize(size_t(g.topology->edgeCount()));
    for (const TopologyNode &n : g.topology->nodes()) {
        HealthVerdict &v = g.scores.nodes[size_t(g.topology->nodeIndex(n.id))];
        v.score = scoreOf.value(n.name, 90.0);
        v.band = v.score >= 75   ? HealthBand::Healthy
                 : v.score >= 50 ? HealthBand::Degraded
                                 : HealthBand::Failing;
        v.factors = {v.score, 80.0, 100.0};
        v.reason.code = ReasonCode::ErrorTolerance;
        v.reason.value = 12.0;
        v.reason.threshold = 10.0;
        v.reason.level = HealthBand::Failing;
    }
    for (HealthVerdict &v : g.scores.edges) {
        v.score = 90.0;
        v.band = HealthBand::Healthy;
    }
    for (int i = 0; i < names.size(); ++i)
        g.positions.insert(svc(names[i]), QPointF(100.0 * i, 0.0));
    return g;
}

// The palette's hues: healthy is blue, degraded orange/amber, failing red.
bool looksHealthy(const QColor &c)
{
    return c.blue() > c.red();
}

bool looksDegraded(const QColor &c)
{
    return c.red() > c.blue() && c.green() > 0x60;
}

void apply(TopologyScene &scene, const Graph &g)
{
    scene.setSnapshot(g.topology, std::make_shared<const HealthScores>(g.scores), g.positions);
}

void sendMouse(TopologyScene &scene, QEvent::Type type, const QPointF &pos, const QPointF &downPos)
{
    QGraphicsSceneMouseEvent event(type);
    event.setScenePos(pos);
    event.setLastScenePos(pos);
    event.setButtonDownScenePos(Qt::LeftButton, downPos);
    event.setButton(Qt::LeftButton);
    event.setButtons(type == QEvent::GraphicsSceneMouseRelease ? Qt::NoButton : Qt::LeftButton);
    QApplication::sendEvent(&scene, &event);
}

} // namespace

class TestTopologyScene : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void diffUpdateKeepsSurvivorsAndRemovesVanished()
    {
        TopologyScene scene;
        apply(scene, makeGraph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}}));
        NodeItem *a = scene.nodeItem(svc("a"));
        NodeItem *b = scene.nodeItem(svc("b"));
        QVERIFY(a && b && scene.nodeItem(svc("c")));
        QCOMPARE(scene.edgeLayer()->edges().size(), size_t(2));

        Graph g2 = makeGraph({"a", "b", "d"}, {{"a", "b"}, {"b", "d"}, {"a", "d"}}, {{"a", 10.0}});
        g2.positions.insert(svc("a"), QPointF(-50, 40));
        apply(scene, g2);
        QCOMPARE(scene.nodeItem(svc("a")), a); // same item: restyled and moved, not recreated
        QCOMPARE(scene.nodeItem(svc("b")), b);
        QCOMPARE(scene.nodeItem(svc("c")), nullptr);
        QVERIFY(scene.nodeItem(svc("d")) != nullptr);
        QCOMPARE(scene.nodeItemCount(), 3);
        int nodeItemsInScene = 0;
        for (QGraphicsItem *item : scene.items())
            nodeItemsInScene += item->type() == NodeItem::Type ? 1 : 0;
        QCOMPARE(nodeItemsInScene, 3);
        QCOMPARE(a->fillColor(), widgets::HealthPalette::colorForScore(10.0, {}));
        QCOMPARE(a->pos(), QPointF(-50, 40));
        QCOMPARE(scene.edgeLayer()->edges().size(), size_t(3));
    }

    void nodeWithoutPositionStartsNearItsNeighbours()
    {
        TopologyScene scene;
        Graph g = makeGraph({"a", "b"}, {{"a", "b"}});
        g.positions.clear();
        g.positions.insert(svc("a"), QPointF(1000, 1000));
        apply(scene, g);
        const QPointF pb = scene.nodeItem(svc("b"))->pos();
        QVERIFY2(QLineF(pb, QPointF(1000, 1000)).length() < 100.0,
                 "b should start next to a, not at the origin");
    }

    void selectionSurvivesRefresh()
    {
        TopologyScene scene;
        QSignalSpy selected(&scene, &TopologyScene::nodeSelected);
        QSignalSpy cleared(&scene, &TopologyScene::selectionCleared);
        apply(scene, makeGraph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}}));
        scene.selectNode(svc("b"));
        QCOMPARE(selected.count(), 1);
        apply(scene, makeGraph({"a", "b", "c"}, {{"a", "b"}}, {{"b", 20.0}}));
        QCOMPARE(scene.selectedNode(), svc("b"));
        QVERIFY(scene.nodeItem(svc("b"))->isMarkedSelected());
        QCOMPARE(cleared.count(), 0);

        apply(scene, makeGraph({"a", "c"}, {{"a", "c"}}));
        QVERIFY(!scene.selectedNode().isValid());
        QCOMPARE(cleared.count(), 1);

        scene.selectEdge(svc("a"), svc("c"));
        apply(scene, makeGraph({"a", "c", "e"}, {{"e", "a"}, {"a", "c"}}));
        QCOMPARE(scene.selectedEdge().first, svc("a"));
        QCOMPARE(scene.edgeLayer()->selectedEdge(),
                 scene.topology()->edgeIndex(svc("a"), svc("c")));
    }

    void pinsSurviveRefreshAndDraggingPins()
    {
        TopologyScene scene;
        QSignalSpy moved(&scene, &TopologyScene::nodeMoved);
        QSignalSpy pinnedChanged(&scene, &TopologyScene::pinnedChanged);
        Graph g = makeGraph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}});
        apply(scene, g);

        // Drag b from (100,0) to (130,60).
        sendMouse(scene, QEvent::GraphicsSceneMousePress, QPointF(100, 0), QPointF(100, 0));
        QCOMPARE(scene.selectedNode(), svc("b"));
        sendMouse(scene, QEvent::GraphicsSceneMouseMove, QPointF(115, 30), QPointF(100, 0));
        sendMouse(scene, QEvent::GraphicsSceneMouseMove, QPointF(130, 60), QPointF(100, 0));
        sendMouse(scene, QEvent::GraphicsSceneMouseRelease, QPointF(130, 60), QPointF(100, 0));
        QCOMPARE(scene.nodeItem(svc("b"))->pos(), QPointF(130, 60));
        QCOMPARE(moved.count(), 1);
        QCOMPARE(moved.at(0).at(0).value<NodeId>(), svc("b"));
        QVERIFY(scene.pinned().contains(svc("b")));
        QVERIFY(scene.nodeItem(svc("b"))->isPinned());
        QCOMPARE(pinnedChanged.count(), 1);
        // The edge a->b now ends at b's new place: a hit test near the new segment finds it.
        QCOMPARE(scene.edgeLayer()->edgeAt(QPointF(65, 30), 3.0),
                 scene.topology()->edgeIndex(svc("a"), svc("b")));

        // A refresh that moves everything leaves the pinned node where the user put it.
        for (auto it = g.positions.begin(); it != g.positions.end(); ++it)
            it.value() += QPointF(0, 500);
        apply(scene, g);
        QCOMPARE(scene.nodeItem(svc("b"))->pos(), QPointF(130, 60));
        QCOMPARE(scene.nodeItem(svc("a"))->pos(), QPointF(0, 500));
        QVERIFY(scene.pinned().contains(svc("b")));

        scene.unpinAll();
        QVERIFY(scene.pinned().isEmpty());
        QVERIFY(!scene.nodeItem(svc("b"))->isPinned());
        apply(scene, g);
        QCOMPARE(scene.nodeItem(svc("b"))->pos(), QPointF(100, 500));
    }

    void clickOnEdgeSelectsItAndBackgroundClears()
    {
        TopologyScene scene;
        QSignalSpy edgeSelected(&scene, &TopologyScene::edgeSelected);
        QSignalSpy cleared(&scene, &TopologyScene::selectionCleared);
        apply(scene, makeGraph({"a", "b"}, {{"a", "b"}}));
        sendMouse(scene, QEvent::GraphicsSceneMousePress, QPointF(50, 1), QPointF(50, 1));
        sendMouse(scene, QEvent::GraphicsSceneMouseRelease, QPointF(50, 1), QPointF(50, 1));
        QCOMPARE(edgeSelected.count(), 1);
        QCOMPARE(edgeSelected.at(0).at(1).value<NodeId>(), svc("b"));
        sendMouse(scene, QEvent::GraphicsSceneMousePress, QPointF(50, 80), QPointF(50, 80));
        QCOMPARE(cleared.count(), 1);
        QVERIFY(!scene.selectedEdge().first.isValid());
    }

    void toolTipsCarryTheBreakdown()
    {
        TopologyScene scene;
        apply(scene, makeGraph({"a", "b"}, {{"a", "b"}}, {{"b", 30.0}}));
        const QString node = scene.toolTipAt(QPointF(100, 0));
        QVERIFY2(
            node.contains(QStringLiteral("<b>b</b>")) &&
                node.contains(QStringLiteral("namespace shop")) &&
                node.contains(QStringLiteral("Score <b>30</b> (Failing)")) &&
                node.contains(QStringLiteral("connectivity 30 · stability 80 · protocol 100")) &&
                node.contains(QStringLiteral("driven by connectivity: 5xx 12.0 % \u2265 failing "
                                             "tolerance 10 %")) &&
                node.contains(QStringLiteral("20 req/s")),
            qPrintable(node));
        const QString edge = scene.toolTipAt(QPointF(50, 0));
        QVERIFY2(edge.contains(QStringLiteral("a → b")) &&
                     edge.contains(QStringLiteral("p95 12 ms")),
                 qPrintable(edge));
        QVERIFY(scene.toolTipAt(QPointF(50, 300)).isEmpty());
    }

    // issue 6: `bands: {healthy: 85}` in health.yaml was ignored by the views (75/50 were
    // hard-coded), so a service scoring 80 was labelled Degraded and painted healthy blue. This
    // fails on the old code: the colour, the edge's severity and the tooltip follow the settings,
    // at once on a live reload and across later refreshes.
    void bandsComeFromTheActiveSettings()
    {
        TopologyScene scene;
        QSignalSpy changed(&scene, &TopologyScene::bandsChanged);
        Graph g = makeGraph({"a", "b"}, {{"a", "b"}}, {{"b", 80.0}});
        g.scores.edges[0].score = 80.0;
        apply(scene, g);
        NodeItem *b = scene.nodeItem(svc("b"));
        QVERIFY(looksHealthy(b->fillColor())); // default bands: 80 is Healthy
        QCOMPARE(scene.edgeLayer()->edges()[0].severity, 0);

        HealthSettings settings;
        settings.bands.healthy = 85.0;
        scene.setHealthSettings(settings); // a live reload: no new refresh needed
        QCOMPARE(changed.count(), 1);
        QVERIFY2(looksDegraded(b->fillColor()), qPrintable(b->fillColor().name()));
        QCOMPARE(b->fillColor(), widgets::HealthPalette::colorForScore(80.0, settings.bands));
        QVERIFY(looksDegraded(scene.edgeLayer()->edges()[0].color));
        QCOMPARE(scene.edgeLayer()->edges()[0].severity, 1);
        const QString tip = scene.toolTipAt(QPointF(100, 0));
        QVERIFY2(tip.contains(QStringLiteral("Score <b>80</b> (Degraded)")), qPrintable(tip));

        apply(scene, g); // the next refresh keeps them
        QVERIFY(looksDegraded(scene.nodeItem(svc("b"))->fillColor()));
        scene.setHealthSettings(settings); // unchanged: nothing to redo
        QCOMPARE(changed.count(), 1);
    }

    // One rounding rule: a 74.6 shows "74", in the Degraded colour, never "75".
    void scoreShowsTheWholeNumberItIsBandedOn()
    {
        TopologyScene scene;
        apply(scene, makeGraph({"a", "b"}, {{"a", "b"}}, {{"b", 74.6}}));
        const QString tip = scene.toolTipAt(QPointF(100, 0));
        QVERIFY2(tip.contains(QStringLiteral("Score <b>74</b> (Degraded)")), qPrintable(tip));
        QVERIFY(looksDegraded(scene.nodeItem(svc("b"))->fillColor()));
    }

    void focusSetDimsEverythingElse()
    {
        TopologyScene scene;
        apply(scene, makeGraph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}}));
        scene.setFocusSet({svc("a"), svc("b")});
        QVERIFY(!scene.nodeItem(svc("a"))->isDimmed());
        QVERIFY(!scene.nodeItem(svc("b"))->isDimmed());
        QVERIFY(scene.nodeItem(svc("c"))->isDimmed());
        const auto &edges = scene.edgeLayer()->edges();
        const int ab = scene.topology()->edgeIndex(svc("a"), svc("b"));
        const int bc = scene.topology()->edgeIndex(svc("b"), svc("c"));
        QVERIFY(!edges[size_t(ab)].dimmed);
        QVERIFY(edges[size_t(bc)].dimmed);

        // The focus survives a refresh, and an empty set dims nothing.
        apply(scene, makeGraph({"a", "b", "c"}, {{"a", "b"}, {"b", "c"}}));
        QVERIFY(scene.nodeItem(svc("c"))->isDimmed());
        scene.setFocusSet({});
        QVERIFY(!scene.nodeItem(svc("c"))->isDimmed());
        QVERIFY(!scene.edgeLayer()->edges()[size_t(bc)].dimmed);
    }

    void edgeWidthGrowsWithRateOnLogScale()
    {
        QCOMPARE(EdgeLayerItem::widthForRate(0.0), 1.0);
        QCOMPARE(EdgeLayerItem::widthForRate(1e6), 6.0);
        const double w10 = EdgeLayerItem::widthForRate(10.0);
        const double w100 = EdgeLayerItem::widthForRate(100.0);
        QVERIFY(w10 > 1.0 && w100 > w10 && w100 < 6.0);
        QVERIFY(qAbs((w100 - w10) - (w10 - EdgeLayerItem::widthForRate(1.0))) <
                1e-9); // log scale: equal steps per decade
    }
};

QTEST_MAIN(TestTopologyScene)
#include "tst_topologyscene.moc"
