#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"
#include "widgets/healthpalette.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QWheelEvent>

#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;
using meshscope::widgets::EdgeLabelMode;
using meshscope::widgets::HealthPalette;
using meshscope::widgets::TopologyScene;
using meshscope::widgets::TopologyView;

namespace {

constexpr double kFailingScore = 12.0;
constexpr double kHealthyScore = 96.0;

// Three services: "healthy" calls "failing" and "degraded", laid out in a triangle ("failing"
// moved by `failingMoved`, as a later layout moves it).
void loadGraph(TopologyScene &scene, QPointF failingMoved = {})
{
    TelemetrySample sample;
    sample.timestampMs = 1'700'000'000'000;
    for (const char *n : {"healthy", "failing", "degraded"})
        sample.nodes.push_back(
            NodeSample{svc(n), NodeKind::Service, QStringLiteral("v1"), 2, 2, {}});
    for (const char *to : {"failing", "degraded"})
        sample.edges.push_back(meshscope::testing::edgeSample(svc("healthy"), svc(to), 42.0, 30.0));
    TopologyBuilder builder;
    const TopologyPtr topology = builder.build(sample);
    HealthScores scores;
    scores.nodes.resize(3);
    scores.edges.resize(2);
    scores.nodes[size_t(topology->nodeIndex(svc("healthy")))].score = kHealthyScore;
    scores.nodes[size_t(topology->nodeIndex(svc("failing")))].score = kFailingScore;
    scores.nodes[size_t(topology->nodeIndex(svc("degraded")))].score = 60.0;
    for (HealthVerdict &v : scores.edges)
        v.score = 80.0;
    Positions positions;
    positions.insert(svc("healthy"), QPointF(0, 0));
    positions.insert(svc("failing"), QPointF(300, 0) + failingMoved);
    positions.insert(svc("degraded"), QPointF(150, 200));
    scene.setSnapshot(topology, std::make_shared<const HealthScores>(scores), positions);
}

int colorDistance(QRgb a, const QColor &b)
{
    return std::abs(qRed(a) - b.red()) + std::abs(qGreen(a) - b.green()) +
           std::abs(qBlue(a) - b.blue());
}

QImage grabViewport(TopologyView &view)
{
    return view.viewport()->grab().toImage().convertToFormat(QImage::Format_RGB32);
}

QRgb pixelAtNode(TopologyView &view, const QImage &image, const char *name)
{
    const QPoint p = view.mapFromScene(view.topologyScene()->nodeItem(svc(name))->pos());
    return image.pixel(p);
}

} // namespace

class TestTopologyView : public QObject
{
    Q_OBJECT
private:
    TopologyScene *m_scene = nullptr;
    TopologyView *m_view = nullptr;

private Q_SLOTS:
    void init()
    {
        m_scene = new TopologyScene;
        m_view = new TopologyView(m_scene);
        m_view->resize(800, 600);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        loadGraph(*m_scene);
    }

    void cleanup()
    {
        delete m_view;
        delete m_scene;
    }

    void nodesAreDrawnInTheirHealthColour()
    {
        m_view->setZoom(1.0);
        m_view->centerOn(150, 100);
        const QImage image = grabViewport(*m_view);
        const QColor failing = HealthPalette::colorForScore(kFailingScore, {});
        const QColor healthy = HealthPalette::colorForScore(kHealthyScore, {});
        const QRgb atFailing = pixelAtNode(*m_view, image, "failing");
        const QRgb atHealthy = pixelAtNode(*m_view, image, "healthy");
        QVERIFY2(colorDistance(atFailing, failing) < 24,
                 qPrintable(QColor(atFailing).name() + " vs " + failing.name()));
        QVERIFY2(colorDistance(atHealthy, healthy) < 24,
                 qPrintable(QColor(atHealthy).name() + " vs " + healthy.name()));
        QVERIFY(colorDistance(atFailing, healthy) > 100);
    }

    void firstSnapshotIsFittedAndFitShowsEveryNode()
    {
        // init() loaded the graph after show(): the view fitted it on its own.
        const QRect vp = m_view->viewport()->rect();
        for (const char *n : {"healthy", "failing", "degraded"})
            QVERIFY2(vp.contains(m_view->mapFromScene(m_scene->nodeItem(svc(n))->pos())), n);
        m_view->setZoom(4.0);
        QVERIFY(!vp.contains(m_view->mapFromScene(m_scene->nodeItem(svc("failing"))->pos())) ||
                !vp.contains(m_view->mapFromScene(m_scene->nodeItem(svc("healthy"))->pos())));
        m_view->fitGraph();
        for (const char *n : {"healthy", "failing", "degraded"})
            QVERIFY2(vp.contains(m_view->mapFromScene(m_scene->nodeItem(svc(n))->pos())), n);
        QVERIFY(m_view->zoom() <= TopologyView::kMaxFitZoom);
        // Nothing sits under the legend after a fit when there is room beside it.
        const QRect legend = m_view->legendRect();
        if (vp.width() > 3 * legend.width()) {
            for (const char *n : {"healthy", "failing", "degraded"})
                QVERIFY2(!legend.contains(m_view->mapFromScene(m_scene->nodeItem(svc(n))->pos())),
                         n);
        }
    }

    void zoomStepsAndWheelZoomsAroundTheCursor()
    {
        m_view->setZoom(1.0);
        QSignalSpy zoomed(m_view, &TopologyView::zoomChanged);
        m_view->zoomIn();
        QCOMPARE(m_view->zoom(), TopologyView::kZoomStep);
        m_view->zoomOut();
        QCOMPARE(m_view->zoom(), 1.0);
        QCOMPARE(zoomed.count(), 2);

        QTest::keyClick(m_view, Qt::Key_Plus, Qt::ControlModifier);
        QVERIFY(m_view->zoom() > 1.0);
        QTest::keyClick(m_view, Qt::Key_Minus, Qt::ControlModifier);
        QCOMPARE(m_view->zoom(), 1.0);

        // The scene point under the cursor stays under the cursor.
        const QPoint cursor(200, 150);
        QTest::mouseMove(m_view->viewport(), cursor);
        const QPointF before = m_view->mapToScene(cursor);
        QWheelEvent wheel(QPointF(cursor), m_view->viewport()->mapToGlobal(QPointF(cursor)),
                          QPoint(), QPoint(0, 240), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase,
                          false);
        QApplication::sendEvent(m_view->viewport(), &wheel);
        QVERIFY(qAbs(m_view->zoom() - TopologyView::kZoomStep * TopologyView::kZoomStep) < 1e-9);
        const QPointF after = m_view->mapToScene(cursor);
        QVERIFY2(QLineF(before, after).length() < 2.0,
                 qPrintable(QStringLiteral("moved by %1").arg(QLineF(before, after).length())));
    }

    void edgeLabelsSwitchAndOnlyShowWhenZoomedIn()
    {
        const QPointF mid =
            (m_scene->nodeItem(svc("healthy"))->pos() + m_scene->nodeItem(svc("failing"))->pos()) /
            2;
        const auto labelArea = [&]() {
            m_view->centerOn(mid);
            const QPoint c = m_view->mapFromScene(mid);
            return grabViewport(*m_view).copy(QRect(c - QPoint(30, 12), QSize(60, 24)));
        };
        m_view->setZoom(2.0);
        m_scene->setEdgeLabelMode(EdgeLabelMode::None);
        const QImage none = labelArea();
        m_scene->setEdgeLabelMode(EdgeLabelMode::RequestRate);
        const QImage rps = labelArea();
        m_scene->setEdgeLabelMode(EdgeLabelMode::P95);
        const QImage p95 = labelArea();
        QVERIFY(none != rps);
        QVERIFY(rps != p95);

        // Zoomed out the labels are dropped (level of detail).
        m_view->setZoom(0.3);
        m_scene->setEdgeLabelMode(EdgeLabelMode::None);
        const QImage farNone = labelArea();
        m_scene->setEdgeLabelMode(EdgeLabelMode::RequestRate);
        QVERIFY(farNone == labelArea());
    }

    void legendIsAnOverlayThatStaysPut()
    {
        m_view->setZoom(1.0);
        const QRect legend = m_view->legendRect();
        QVERIFY(!legend.isEmpty());
        QVERIFY(m_view->viewport()->rect().contains(legend));
        const QImage withLegend = grabViewport(*m_view).copy(legend);
        // The ramp's failing end is in the legend.
        bool foundFailing = false;
        const QColor failing = HealthPalette::colorForScore(10.0, {});
        for (int y = 0; y < withLegend.height() && !foundFailing; ++y)
            for (int x = 0; x < withLegend.width() && !foundFailing; ++x)
                foundFailing = colorDistance(withLegend.pixel(x, y), failing) < 30;
        QVERIFY(foundFailing);

        m_view->horizontalScrollBar()->setValue(m_view->horizontalScrollBar()->value() + 37);
        m_view->verticalScrollBar()->setValue(m_view->verticalScrollBar()->value() + 23);
        QCOMPARE(grabViewport(*m_view).copy(legend), withLegend);

        m_view->setLegendVisible(false);
        QVERIFY(grabViewport(*m_view).copy(legend) != withLegend);
    }

    // The legend's ramp and band names come from the active settings, like the graph's colours
    // (issue 6: they were fixed at 75/50).
    void legendFollowsTheActiveBands()
    {
        m_view->setZoom(1.0);
        const QRect legend = m_view->legendRect();
        // LegendPainter's ramp: 10 px padding, a 16 px title, then 12 px high across 220 px.
        const QPoint at80 = legend.topLeft() + QPoint(10 + 220 * 80 / 100 + 1, 10 + 16 + 6);
        const QColor before = QColor(grabViewport(*m_view).pixel(at80));
        QVERIFY2(before.blue() > before.red(), qPrintable(before.name())); // 80: healthy blue
        HealthSettings settings;
        settings.bands.healthy = 85.0;
        m_scene->setHealthSettings(settings);
        const QColor after = QColor(grabViewport(*m_view).pixel(at80));
        QVERIFY2(after.red() > after.blue(), qPrintable(after.name())); // 80: degraded orange
        QVERIFY(colorDistance(after.rgb(), HealthPalette::colorForScore(80.5, settings.bands)) <
                30);
    }

    void draggingANodeInTheViewPinsIt()
    {
        m_view->setZoom(1.0);
        m_view->centerOn(150, 100);
        QSignalSpy moved(m_scene, &TopologyScene::nodeMoved);
        const QPoint from = m_view->mapFromScene(QPointF(150, 200));
        const QPoint to = from + QPoint(40, -30);
        QTest::mousePress(m_view->viewport(), Qt::LeftButton, {}, from);
        QTest::mouseMove(m_view->viewport(), from + QPoint(20, -15));
        QTest::mouseMove(m_view->viewport(), to);
        QTest::mouseRelease(m_view->viewport(), Qt::LeftButton, {}, to);
        QCOMPARE(moved.count(), 1);
        QVERIFY(m_scene->pinned().contains(svc("degraded")));
        QCOMPARE(m_view->mapFromScene(m_scene->nodeItem(svc("degraded"))->pos()), to);
    }

    // Focus on a selection: the focused nodes fill the view (with the fit's room for labels),
    // and clearing the focus returns to the view the user had.
    void fitNodesZoomsToTheFocusAndRestoreViewGoesBack()
    {
        m_view->fitGraph();
        const double graphZoom = m_view->zoom();
        m_view->setZoom(0.5);
        m_view->centerOn(-400, -300);
        const QPoint userCentre =
            m_view->mapFromScene(QPointF(-400, -300)); // where the user looked
        const NodeIdSet focus{svc("failing"), svc("degraded")};
        m_view->fitNodes(focus);
        QVERIFY(m_view->isFittedToNodes());
        QVERIFY2(m_view->zoom() > graphZoom, qPrintable(QString::number(m_view->zoom())));
        const QRect inner = m_view->viewport()->rect().adjusted(30, 15, -30, -15);
        for (const char *n : {"failing", "degraded"})
            QVERIFY2(inner.contains(m_view->mapFromScene(m_scene->nodeItem(svc(n))->pos())), n);
        // A refresh keeps the focus fitted; the same set again does not undo the user's zoom.
        loadGraph(*m_scene);
        QVERIFY(m_view->isFittedToNodes());
        m_view->zoomIn();
        const double userZoom = m_view->zoom();
        m_view->fitNodes(focus);
        QCOMPARE(m_view->zoom(), userZoom);
        // Fit Graph during a focus shows the whole graph, and a refresh does not undo it.
        m_view->fitGraph();
        const double fittedZoom = m_view->zoom();
        m_view->fitNodes(focus);
        QCOMPARE(m_view->zoom(), fittedZoom);

        m_view->restoreView();
        QVERIFY(!m_view->isFittedToNodes());
        QCOMPARE(m_view->zoom(), 0.5);
        QCOMPARE(m_view->mapFromScene(QPointF(-400, -300)), userCentre);

        // From a fitted view, clearing the focus fits the whole graph again.
        m_view->fitGraph();
        m_view->fitNodes({svc("healthy")});
        QVERIFY(m_view->zoom() > graphZoom);
        m_view->restoreView();
        QCOMPARE(m_view->zoom(), graphZoom);
        m_view->restoreView(); // nothing to go back to: no change
        QCOMPARE(m_view->zoom(), graphZoom);
    }

    void centerOnNodeBringsItToTheMiddle()
    {
        m_view->setZoom(3.0);
        m_view->centerOnNode(svc("failing"));
        const QPoint p = m_view->mapFromScene(m_scene->nodeItem(svc("failing"))->pos());
        const QPoint centre = m_view->viewport()->rect().center();
        QVERIFY(qAbs(p.x() - centre.x()) <= 2 && qAbs(p.y() - centre.y()) <= 2);
    }

    // Find + Enter: the found service stays in the middle while the next snapshots move it,
    // until the user pans.
    void showNodeFollowsTheServiceUntilTheUserPans()
    {
        m_view->setZoom(3.0);
        m_scene->selectNode(svc("failing"));
        m_view->showNode(svc("failing"));
        const QPoint centre = m_view->viewport()->rect().center();
        const auto offCentre = [&] {
            const QPoint p = m_view->mapFromScene(m_scene->nodeItem(svc("failing"))->pos());
            return QLineF(p, centre).length();
        };
        QVERIFY(offCentre() <= 2);
        QCOMPARE(m_view->zoom(), 3.0); // close enough already: the user's zoom stays
        loadGraph(*m_scene, QPointF(-60, 50));
        QVERIFY(offCentre() <= 2);
        QVERIFY(m_view->isFollowingNode());
        m_view->horizontalScrollBar()->triggerAction(QAbstractSlider::SliderPageStepAdd);
        QVERIFY(!m_view->isFollowingNode());
        const double panned = offCentre();
        QVERIFY(panned > 50);
        loadGraph(*m_scene, QPointF(-120, 100));
        QVERIFY(offCentre() > 50); // the view stays where the user put it
        // From a zoomed-out view it zooms in to 1:1, so the service can be seen.
        m_view->setZoom(0.2);
        m_view->showNode(svc("degraded"));
        QCOMPARE(m_view->zoom(), 1.0);
    }
};

QTEST_MAIN(TestTopologyView)
#include "tst_topologyview.moc"
