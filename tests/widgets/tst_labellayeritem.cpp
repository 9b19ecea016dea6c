#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "tests/widgets/demoscene.h"
#include "widgets/labellayeritem.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QGraphicsSceneMouseEvent>
#include <QImage>
#include <QTest>

#include <algorithm>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;
using meshscope::widgets::LabelLayerItem;
using meshscope::widgets::TopologyScene;
using meshscope::widgets::TopologyView;

namespace {

// The first pair of rectangles that intersect (sweep over x), or -1.
std::pair<int, int> firstOverlap(const std::vector<LabelLayerItem::Placed> &placed)
{
    std::vector<int> order(placed.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = int(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        return placed[size_t(a)].rect.left() < placed[size_t(b)].rect.left();
    });
    for (size_t i = 0; i < order.size(); ++i) {
        const QRectF &a = placed[size_t(order[i])].rect;
        for (size_t j = i + 1; j < order.size(); ++j) {
            const QRectF &b = placed[size_t(order[j])].rect;
            if (b.left() >= a.right())
                break;
            if (a.intersects(b))
                return {order[i], order[j]};
        }
    }
    return {-1, -1};
}

QImage grab(TopologyView &view)
{
    return view.viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
}

// Two services 12 units apart (their names would overlap), one failing with little traffic,
// one healthy with a lot.
void loadCrowded(TopologyScene &scene)
{
    TelemetrySample sample;
    sample.timestampMs = 1'700'000'000'000;
    for (const char *n : {"busy-healthy", "quiet-failing", "caller"})
        sample.nodes.push_back(
            NodeSample{svc(n), NodeKind::Service, QStringLiteral("v1"), 1, 1, {}});
    sample.edges.push_back(
        meshscope::testing::edgeSample(svc("caller"), svc("busy-healthy"), 500.0, 10.0));
    sample.edges.push_back(
        meshscope::testing::edgeSample(svc("caller"), svc("quiet-failing"), 1.0, 10.0));
    TopologyBuilder builder;
    const TopologyPtr topology = builder.build(sample);
    HealthScores scores;
    scores.nodes.resize(size_t(topology->nodeCount()));
    scores.edges.resize(size_t(topology->edgeCount()));
    for (const TopologyNode &n : topology->nodes())
        scores.nodes[size_t(topology->nodeIndex(n.id))].score =
            n.name == QLatin1String("quiet-failing") ? 10.0 : 95.0;
    Positions positions;
    positions.insert(svc("busy-healthy"), QPointF(0, 0));
    positions.insert(svc("quiet-failing"), QPointF(12, 0));
    positions.insert(svc("caller"), QPointF(0, -200));
    scene.setSnapshot(topology, std::make_shared<const HealthScores>(scores), positions);
}

// Two services alone in namespaces with long names, at the graph's two ends: each namespace's
// name is centred on the outermost node.
void loadLongNamespaces(TopologyScene &scene)
{
    const NodeId west(QStringLiteral("c"), QStringLiteral("payments-settlement-west"),
                      QStringLiteral("a"));
    const NodeId east(QStringLiteral("c"), QStringLiteral("payments-settlement-east"),
                      QStringLiteral("b"));
    TelemetrySample sample;
    sample.timestampMs = 1'700'000'000'000;
    sample.edges.push_back(meshscope::testing::edgeSample(west, east, 10.0, 10.0));
    TopologyBuilder builder;
    const TopologyPtr topology = builder.build(sample);
    HealthScores scores;
    scores.nodes.resize(size_t(topology->nodeCount()));
    scores.edges.resize(size_t(topology->edgeCount()));
    Positions positions;
    positions.insert(west, QPointF(0, 0));
    positions.insert(east, QPointF(300, 0));
    scene.setSnapshot(topology, std::make_shared<const HealthScores>(scores), positions);
}

QStringList placedTexts(const LabelLayerItem &layer)
{
    QStringList out;
    for (const auto &p : layer.placed())
        out << p.text;
    return out;
}

} // namespace

class TestLabelLayerItem : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void labelsNeverOverlapAtAnyZoom_data()
    {
        QTest::addColumn<QString>("mesh");
        QTest::addColumn<double>("zoom");
        for (const char *mesh : {"tickets", "generated:1000"}) {
            for (double zoom : {0.15, 0.35, 0.5, 0.7, 1.0, 2.0})
                QTest::addRow("%s at %.2f", mesh, zoom) << QString::fromLatin1(mesh) << zoom;
        }
    }

    void labelsNeverOverlapAtAnyZoom()
    {
        QFETCH(QString, mesh);
        QFETCH(double, zoom);
        TopologyScene scene;
        QVERIFY(meshscope::testing::loadDemoScene(scene, mesh));
        TopologyView view(&scene);
        view.resize(1280, 800);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setZoom(zoom);
        grab(view); // paints, which places the labels for this zoom
        const LabelLayerItem &layer = *scene.labelLayer();
        QVERIFY(qFuzzyCompare(layer.placedAtLod(), std::min(zoom, 1.0)));
        const auto &placed = layer.placed();
        QVERIFY(!placed.empty());
        const auto [a, b] = firstOverlap(placed);
        QVERIFY2(a < 0, qPrintable(QStringLiteral("'%1' overlaps '%2'")
                                       .arg(a < 0 ? QString() : placed[size_t(a)].text,
                                            b < 0 ? QString() : placed[size_t(b)].text)));
        const bool namespaces = zoom < meshscope::widgets::kLodGroupLabels;
        for (const auto &p : placed)
            QCOMPARE(p.kind == LabelLayerItem::Kind::Namespace, namespaces);
        if (mesh == QLatin1String("generated:1000") && zoom <= 1.0) {
            // The graph is too dense for every name: some were left out rather than piled up.
            QVERIFY2(int(placed.size()) < scene.nodeItemCount(),
                     qPrintable(QString::number(placed.size())));
        }
    }

    // The layer is cached in device pixels, clipped at its bounds: a label placed outside them
    // is cut (the outermost namespace name of a fitted generated:5000 was). Zoomed out, names
    // keep their size on screen, so the bounds must hold the widest one at the smallest zoom.
    void labelsStayInsideTheLayerZoomedOut_data()
    {
        QTest::addColumn<bool>("edgeNames");
        QTest::addColumn<double>("zoom"); // 0: fitted
        QTest::newRow("generated:1000 fitted") << false << 0.0;
        QTest::newRow("long names at the edge, zoomed out") << true << TopologyView::kMinZoom;
    }
    void labelsStayInsideTheLayerZoomedOut()
    {
        QFETCH(bool, edgeNames);
        QFETCH(double, zoom);
        TopologyScene scene;
        if (edgeNames)
            loadLongNamespaces(scene);
        else
            QVERIFY(meshscope::testing::loadDemoScene(scene, QStringLiteral("generated:1000")));
        TopologyView view(&scene);
        view.resize(760, 520);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        if (zoom > 0.0)
            view.setZoom(zoom);
        else
            view.fitGraph();
        grab(view);
        const LabelLayerItem &layer = *scene.labelLayer();
        QVERIFY(!layer.placed().empty());
        for (const auto &p : layer.placed())
            QVERIFY2(layer.boundingRect().contains(p.rect), qPrintable(p.text));
    }

    void namespaceLabelsSitAtTheirServicesCentroidWhenZoomedOut()
    {
        // Three namespaces of four services each, in three clusters far apart.
        TelemetrySample sample;
        sample.timestampMs = 1'700'000'000'000;
        Positions positions;
        const QStringList namespaces = {"payments", "search", "identity"};
        for (int g = 0; g < namespaces.size(); ++g) {
            for (int k = 0; k < 4; ++k) {
                const NodeId id(QStringLiteral("c1"), namespaces[g], QStringLiteral("s%1").arg(k));
                sample.nodes.push_back(
                    NodeSample{id, NodeKind::Service, QStringLiteral("v1"), 1, 1, {}});
                positions.insert(id, QPointF(2000.0 * g + 60.0 * (k % 2), 60.0 * (k / 2)));
            }
        }
        TopologyBuilder builder;
        const TopologyPtr topology = builder.build(sample);
        TopologyScene scene;
        scene.setSnapshot(topology, nullptr, positions);
        TopologyView view(&scene);
        view.resize(1280, 800);
        view.show();
        view.setZoom(0.1);
        grab(view);
        const auto &placed = scene.labelLayer()->placed();
        QCOMPARE(int(placed.size()), 3);
        for (const auto &p : placed) {
            QCOMPARE(p.kind, LabelLayerItem::Kind::Namespace);
            const int g = int(namespaces.indexOf(p.text));
            QVERIFY2(g >= 0, qPrintable(p.text));
            QVERIFY(QLineF(p.rect.center(), QPointF(2000.0 * g + 30.0, 30.0)).length() < 1.0);
        }
    }

    void theFailingServiceWinsACollisionAndHoverShowsTheOther()
    {
        TopologyScene scene;
        loadCrowded(scene);
        TopologyView view(&scene);
        view.resize(600, 400);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.setZoom(2.0);
        view.centerOn(QPointF(6, 0));
        const QImage before = grab(view);
        const QStringList texts = placedTexts(*scene.labelLayer());
        QVERIFY2(texts.contains(QStringLiteral("quiet-failing")), qPrintable(texts.join(',')));
        QVERIFY2(!texts.contains(QStringLiteral("busy-healthy")), qPrintable(texts.join(',')));

        // Hovering the service whose label lost shows its name.
        QTest::mouseMove(view.viewport(), view.mapFromScene(QPointF(-2, 0)));
        QTRY_COMPARE(scene.labelLayer()->hovered(), scene.nodeItem(svc("busy-healthy")));
        const QImage hovered = grab(view);
        const QRect labelArea =
            view.mapFromScene(QRectF(-40, 10, 80, 20)).boundingRect().intersected(hovered.rect());
        QVERIFY(before.copy(labelArea) != hovered.copy(labelArea));
    }
};

QTEST_MAIN(TestLabelLayerItem)
#include "tst_labellayeritem.moc"
