#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"
#include "core/history/historystore.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"
#include "widgets/detailspanel.h"
#include "widgets/healthhistoryview.h"
#include "widgets/healthpalette.h"
#include "widgets/historychart.h"

#include <QAbstractButton>
#include <QElapsedTimer>
#include <QLabel>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::widgets::DetailsPanel;
using meshscope::widgets::HealthHistoryView;
using meshscope::widgets::HistoryChart;

namespace {

constexpr qint64 kT0 = 1'790'000'000'000; // a fixed clock: 2026-09-21
constexpr qint64 kStepMs = 5'000;         // one refresh every 5 s

NodeId svc(const char *name)
{
    return NodeId(QStringLiteral("c1"), QStringLiteral("shop"), QString::fromLatin1(name));
}

EdgeSample call(const char *from, const char *to, double rps, double errRatio = 0.0,
                double p95 = 20.0)
{
    EdgeSample e;
    e.source = svc(from);
    e.destination = svc(to);
    e.requestRate = rps;
    e.rate5xx = rps * errRatio;
    e.latency.p50Ms = p95 / 3.0;
    e.latency.p95Ms = p95;
    e.latency.p99Ms = p95 * 1.6;
    e.mtlsShare = 1.0;
    return e;
}

// gateway -> frontend -> {catalog, checkout}; checkout -> {payment, orders-db}; catalog ->
// orders-db is absent, so checkout is the only way to payment and orders-db (an articulation
// point).
TelemetrySample shopSample(qint64 t, double checkoutP95 = 84.0, bool withCheckout = true)
{
    TelemetrySample s;
    s.timestampMs = t;
    s.sourceName = QStringLiteral("test");
    s.nodes.push_back(NodeSample{svc("gateway"), NodeKind::Gateway, QString(), 2, 2});
    s.nodes.push_back(NodeSample{svc("frontend"), NodeKind::Service, QStringLiteral("v3"), 3, 3});
    s.edges.push_back(call("gateway", "frontend", 1234.0, 0.001, 40.0));
    s.edges.push_back(call("frontend", "catalog", 800.0, 0.0, 12.0));
    if (withCheckout) {
        s.nodes.push_back(
            NodeSample{svc("checkout"), NodeKind::Service, QStringLiteral("v7"), 3, 2});
        s.edges.push_back(call("frontend", "checkout", 120.0, 0.0035, checkoutP95));
        s.edges.push_back(call("checkout", "payment", 60.0, 0.02, 150.0));
        s.edges.push_back(call("checkout", "orders-db", 200.0, 0.0, 4.2));
    }
    return s;
}

HealthVerdict verdict(double score, HealthFactor driver = HealthFactor::Stability,
                      const QString &reason = {})
{
    HealthVerdict v;
    v.score = score;
    v.band = std::isnan(score) ? HealthBand::NoData
             : score >= 75.0   ? HealthBand::Healthy
             : score >= 50.0   ? HealthBand::Degraded
                               : HealthBand::Failing;
    v.factors.connectivity = std::isnan(score) ? kNaN : std::min(100.0, score + 20.0);
    v.factors.stability = score;
    v.factors.protocol = std::isnan(score) ? kNaN : 100.0;
    v.driver = driver;
    v.reason = reason;
    return v;
}

// Every node and edge healthy (90) except checkout, which gets `checkoutScore`.
HealthScores scoresFor(const Topology &t, double checkoutScore, const QString &reason = {})
{
    HealthScores s;
    s.generation = t.generation();
    s.nodes.assign(size_t(t.nodeCount()),
                   verdict(90.0, HealthFactor::Connectivity, QStringLiteral("all good")));
    s.edges.assign(size_t(t.edgeCount()),
                   verdict(88.0, HealthFactor::Protocol, QStringLiteral("edge fine")));
    const int checkout = t.nodeIndex(svc("checkout"));
    if (checkout >= 0)
        s.nodes[size_t(checkout)] = verdict(checkoutScore, HealthFactor::Stability, reason);
    return s;
}

template <typename T> T *child(QWidget *w, const char *name)
{
    T *found = w->findChild<T *>(QString::fromLatin1(name));
    if (!found)
        qFatal("no child named %s", name);
    return found;
}

QString labelText(QWidget *w, const char *name)
{
    return child<QLabel>(w, name)->text();
}

// Feeds `points` refreshes into a store and the panel; `checkoutScoreAt(i)` gives the score.
struct Fixture
{
    TopologyBuilder builder;
    HistoryStore history{720};
    TopologyPtr topology;
    HealthScores scores;
    GraphFacts facts;

    template <typename ScoreFn>
    void run(DetailsPanel &panel, int points, ScoreFn checkoutScoreAt, qint64 start = kT0)
    {
        for (int i = 0; i < points; ++i) {
            topology = builder.build(shopSample(start + i * kStepMs));
            scores = scoresFor(*topology, checkoutScoreAt(i),
                               QStringLiteral("p95 84 ms is 3.1\u03c3 above its baseline"));
            history.append(*topology, scores);
        }
        facts = GraphAnalytics::analyze(*topology);
        panel.setData(topology, std::make_shared<const HealthScores>(scores), &history,
                      std::make_shared<const GraphFacts>(facts));
    }
};

} // namespace

class TestDetailsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noSelectionShowsHint()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 3, [](int) { return 60.0; });
        QVERIFY(child<QLabel>(&panel, "hintLabel")->isVisible());
        QVERIFY(labelText(&panel, "hintLabel").contains(QStringLiteral("Select a service")));
        QVERIFY(!child<QLabel>(&panel, "titleLabel")->isVisible());
        panel.showNode(svc("checkout"));
        QVERIFY(!child<QLabel>(&panel, "hintLabel")->isVisible());
        panel.clear();
        QVERIFY(child<QLabel>(&panel, "hintLabel")->isVisible());
    }

    void nodeHeaderSaysWhy()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 3, [](int) { return 42.4; });
        panel.showNode(svc("checkout"));
        QCOMPARE(labelText(&panel, "titleLabel"), QStringLiteral("checkout"));
        QVERIFY(labelText(&panel, "subtitleLabel").contains(QStringLiteral("shop")));
        QVERIFY(labelText(&panel, "subtitleLabel").contains(QStringLiteral("service")));
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("42"));
        QCOMPARE(labelText(&panel, "bandLabel"), QStringLiteral("Failing"));
        QVERIFY(labelText(&panel, "driverLabel").contains(QStringLiteral("stability")));
        QVERIFY(labelText(&panel, "reasonLabel").contains(QStringLiteral("above its baseline")));
        QVERIFY(!child<QLabel>(&panel, "statusLabel")->isVisible());
        // The badge is coloured by the palette (failing = a red), not left at the default.
        QVERIFY(child<QLabel>(&panel, "scoreLabel")->styleSheet().contains(QStringLiteral("#")));
    }

    void customThresholdsRecolour()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 2, [](int) { return 72.0; });
        panel.showNode(svc("checkout"));
        using meshscope::widgets::HealthPalette;
        const QString degraded = HealthPalette::colorForScore(72.0).name();
        const QString healthy = HealthPalette::colorForScore(72.0, 70.0, 40.0).name();
        QVERIFY(degraded != healthy);
        QVERIFY(child<QLabel>(&panel, "scoreLabel")->styleSheet().contains(degraded));
        panel.setBandThresholds(70.0, 40.0);
        QVERIFY(child<QLabel>(&panel, "scoreLabel")->styleSheet().contains(healthy));
    }

    void nodeFiguresAreFormatted()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 1, [](int) { return 80.0; });
        panel.showNode(svc("checkout"));
        QCOMPARE(labelText(&panel, "rateValue"), QStringLiteral("120 req/s"));
        QCOMPARE(labelText(&panel, "errorValue"), QStringLiteral("0.35 %"));
        QCOMPARE(labelText(&panel, "p95Value"), QStringLiteral("84 ms"));
        QCOMPARE(labelText(&panel, "replicasValue"), QStringLiteral("2 / 3"));
        panel.showNode(svc("gateway")); // a gateway's figures are over its outbound calls
        QCOMPARE(labelText(&panel, "rateValue"), QStringLiteral("1.2k req/s"));
        panel.showNode(svc("payment")); // known only from an edge: replicas unknown
        QCOMPARE(labelText(&panel, "replicasValue"), QStringLiteral("\u2014"));
    }

    void scoreSeriesHasOnePointPerHistoryPoint()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 20, [](int i) { return 50.0 + i; });
        panel.showNode(svc("checkout"));
        HistoryChart *chart = panel.historyView()->scoreChart();
        const QList<QPointF> score = chart->drawnPoints(HealthHistoryView::ScoreLineScore);
        QCOMPARE(score.size(), 20);
        QCOMPARE(chart->pieceCount(HealthHistoryView::ScoreLineScore), 1);
        QCOMPARE(score.front().x(), double(kT0));
        QCOMPARE(score.back().y(), 69.0);
        QCOMPARE(chart->drawnPoints(HealthHistoryView::ScoreLineConnectivity).size(), 20);
        QCOMPARE(chart->drawnPoints(HealthHistoryView::ScoreLineStability).size(), 20);
        QCOMPARE(chart->drawnPoints(HealthHistoryView::ScoreLineProtocol).size(), 20);
        QCOMPARE(chart->drawnPoints(HealthHistoryView::ScoreLineProtocol).back().y(), 100.0);
        HistoryChart *latency = panel.historyView()->latencyChart();
        QCOMPARE(latency->drawnPoints(0).size(), 20);
        QCOMPARE(latency->drawnPoints(0).front().y(), 84.0);
        // Error % is on its own axis, in percent.
        const QList<QPointF> errors =
            panel.historyView()->trafficChart()->drawnPoints(HealthHistoryView::TrafficLineErrors);
        QCOMPARE(errors.size(), 20);
        // HistoryStore keeps rates in a 16-bit float (within 0.2 %), so compare relatively.
        QVERIFY(std::abs(errors.front().y() - 0.35) < 0.35 * 0.005);
    }

    void missingDataBreaksTheLine()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 20, [](int i) { return i == 10 ? kNaN : 70.0; });
        panel.showNode(svc("checkout"));
        HistoryChart *chart = panel.historyView()->scoreChart();
        const QList<QPointF> score = chart->drawnPoints(HealthHistoryView::ScoreLineScore);
        QCOMPARE(score.size(), 19);
        QCOMPARE(chart->pieceCount(HealthHistoryView::ScoreLineScore), 2);
        const double gapX = double(kT0 + 10 * kStepMs);
        QVERIFY(std::none_of(score.begin(), score.end(),
                             [&](const QPointF &p) { return p.x() == gapX; }));
        QVERIFY(std::none_of(score.begin(), score.end(),
                             [](const QPointF &p) { return p.y() == 0.0; }));
        // A single point between two gaps is still drawn (as a dot), not lost.
        f.run(
            panel, 3, [](int i) { return i == 1 ? 65.0 : kNaN; }, kT0 + 20 * kStepMs);
        QCOMPARE(chart->drawnPoints(HealthHistoryView::ScoreLineScore).size(), 20);
        QCOMPARE(chart->pieceCount(HealthHistoryView::ScoreLineScore), 3);
    }

    void missedRefreshesBreakTheLine()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 10, [](int) { return 70.0; });
        // Twelve refreshes without this service (one minute), then it is back.
        f.run(
            panel, 10, [](int) { return 72.0; }, kT0 + 22 * kStepMs);
        panel.showNode(svc("checkout"));
        HistoryChart *chart = panel.historyView()->scoreChart();
        QCOMPARE(chart->drawnPoints(HealthHistoryView::ScoreLineScore).size(), 20);
        QCOMPARE(chart->pieceCount(HealthHistoryView::ScoreLineScore), 2);
    }

    void timeRangeSelectsWindow()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 240, [](int) { return 80.0; }); // 20 minutes of history
        panel.showNode(svc("checkout"));
        HealthHistoryView *view = panel.historyView();
        child<QAbstractButton>(&panel, "range60m")->click();
        QCOMPARE(view->rangeMinutes(), 60);
        QCOMPARE(view->scoreChart()->drawnPoints(0).size(), 240);
        child<QAbstractButton>(&panel, "range5m")->click();
        QCOMPARE(view->rangeMinutes(), 5);
        const int fiveMinutes = int(view->scoreChart()->drawnPoints(0).size());
        // 5 min of 5 s refreshes, the window's right edge rounded up to the minute, plus the
        // point entering from the left edge.
        QVERIFY2(fiveMinutes >= 49 && fiveMinutes <= 62, qPrintable(QString::number(fiveMinutes)));
        // The newest point is never cut off, and the axis scales to the visible values.
        QCOMPARE(view->scoreChart()->drawnPoints(0).back().x(), double(kT0 + 239 * kStepMs));
    }

    void edgeShowsCallerAndCallee()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 5, [](int) { return 80.0; });
        panel.showEdge(svc("checkout"), svc("payment"));
        QCOMPARE(labelText(&panel, "titleLabel"), QStringLiteral("checkout \u2192 payment"));
        QVERIFY(labelText(&panel, "subtitleLabel").contains(QStringLiteral("HTTP")));
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("88"));
        QCOMPARE(labelText(&panel, "reasonLabel"), QStringLiteral("edge fine"));
        QCOMPARE(labelText(&panel, "p95Value"), QStringLiteral("150 ms"));
        QCOMPARE(labelText(&panel, "errorValue"), QStringLiteral("2.0 %"));
        QCOMPARE(labelText(&panel, "mtlsValue"), QStringLiteral("100 %"));
        QVERIFY(child<QLabel>(&panel, "mtlsValue")->isVisible());
        QVERIFY(!child<QLabel>(&panel, "replicasValue")->isVisible());
        QVERIFY(!child<QLabel>(&panel, "betweennessValue")->isVisible());
        QVERIFY(
            labelText(&panel, "spofValue").startsWith(QStringLiteral("<b>Yes</b>"))); // a bridge
        QCOMPARE(panel.historyView()->latencyChart()->drawnPoints(0).size(), 5);
        QCOMPARE(panel.historyView()->latencyChart()->drawnPoints(0).back().y(), 150.0);
    }

    void selectionSurvivesNewSnapshot()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 3, [](int) { return 40.0; });
        panel.showNode(svc("checkout"));
        // A new snapshot where checkout has another index (a new service comes first).
        TelemetrySample s = shopSample(kT0 + 3 * kStepMs);
        s.nodes.insert(s.nodes.begin(), NodeSample{svc("ads"), NodeKind::Service, QString(), 1, 1});
        TopologyPtr next = f.builder.build(s);
        QVERIFY(next->nodeIndex(svc("checkout")) != f.topology->nodeIndex(svc("checkout")));
        HealthScores scores = scoresFor(*next, 77.0, QStringLiteral("recovered"));
        f.history.append(*next, scores);
        GraphFacts facts = GraphAnalytics::analyze(*next);
        panel.setData(next, std::make_shared<const HealthScores>(scores), &f.history,
                      std::make_shared<const GraphFacts>(facts));
        QCOMPARE(labelText(&panel, "titleLabel"), QStringLiteral("checkout"));
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("77"));
        QCOMPARE(labelText(&panel, "reasonLabel"), QStringLiteral("recovered"));
        QCOMPARE(panel.historyView()->scoreChart()->drawnPoints(0).size(), 4);
    }

    void vanishedEntityKeepsHistory()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.builder.setIdleGraceRefreshes(0);
        f.run(panel, 6, [](int) { return 55.0; });
        panel.showNode(svc("checkout"));
        TopologyPtr next = f.builder.build(shopSample(kT0 + 6 * kStepMs, 84.0, false));
        QCOMPARE(next->nodeIndex(svc("checkout")), -1);
        HealthScores scores = scoresFor(*next, 0.0);
        f.history.append(*next, scores);
        panel.setData(next, std::make_shared<const HealthScores>(scores), &f.history, nullptr);
        QCOMPARE(labelText(&panel, "titleLabel"), QStringLiteral("checkout"));
        QVERIFY(child<QLabel>(&panel, "statusLabel")->isVisible());
        QVERIFY(
            labelText(&panel, "statusLabel").contains(QStringLiteral("Not in the latest refresh")));
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("\u2014"));
        QCOMPARE(labelText(&panel, "rateValue"), QStringLiteral("\u2014"));
        QVERIFY(labelText(&panel, "subtitleLabel").contains(QStringLiteral("v7"))); // last known
        QCOMPARE(panel.historyView()->scoreChart()->drawnPoints(0).size(), 6);
        // A vanished call says so too.
        panel.showEdge(svc("frontend"), svc("checkout"));
        QVERIFY(child<QLabel>(&panel, "statusLabel")->isVisible());
        QCOMPARE(panel.historyView()->scoreChart()->drawnPoints(0).size(), 6);
    }

    void structureFacts()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 2, [](int) { return 80.0; });
        panel.showNode(svc("checkout"));
        QVERIFY(labelText(&panel, "spofValue").startsWith(QStringLiteral("<b>Yes</b>")));
        // checkout lies on every path from gateway/frontend to payment and orders-db: 4 of the
        // 20 ordered pairs, like frontend (a tie for the first rank).
        QVERIFY2(labelText(&panel, "betweennessValue")
                     .startsWith(QStringLiteral("0.200 \u2014 top 17 % (rank 1 of 6)")),
                 qPrintable(labelText(&panel, "betweennessValue")));
        QCOMPARE(labelText(&panel, "upstreamValue"), QStringLiteral("2 services"));
        QCOMPARE(labelText(&panel, "downstreamValue"), QStringLiteral("2 services"));
        panel.showNode(svc("payment"));
        QCOMPARE(labelText(&panel, "spofValue"), QStringLiteral("No"));
        QVERIFY(labelText(&panel, "betweennessValue").startsWith(QStringLiteral("0 ")));
        QCOMPARE(labelText(&panel, "downstreamValue"), QStringLiteral("None"));
        // Facts of another generation are not shown as if they were current.
        GraphFacts stale = f.facts;
        stale.generation = 999;
        panel.setData(f.topology, std::make_shared<const HealthScores>(f.scores), &f.history,
                      std::make_shared<const GraphFacts>(stale));
        QVERIFY(labelText(&panel, "spofValue").contains(QStringLiteral("analysing")));
    }

    void clickingUpstreamSelectsIt()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 2, [](int) { return 80.0; });
        panel.showNode(svc("payment"));
        QCOMPARE(labelText(&panel, "upstreamValue"), QStringLiteral("3 services"));
        QList<QPushButton *> links;
        for (QPushButton *b : panel.findChildren<QPushButton *>(QStringLiteral("upstreamLink"))) {
            if (b->isVisible())
                links << b;
        }
        QCOMPARE(links.size(), 3);
        QCOMPARE(links.front()->text(), QStringLiteral("checkout")); // the direct caller first
        QSignalSpy spy(&panel, &DetailsPanel::serviceActivated);
        QTest::mouseClick(links.front(), Qt::LeftButton);
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.front().front().value<NodeId>() == svc("checkout"));
    }

    // Renders a realistic node (60 refreshes with a latency spike) for a visual check, and
    // measures what a refresh costs.
    void renderAndMeasure()
    {
        DetailsPanel panel;
        panel.resize(360, 820);
        panel.show();
        TopologyBuilder builder;
        HistoryStore history(720);
        TopologyPtr topo;
        HealthScores scores;
        for (int i = 0; i < 60; ++i) {
            const bool spike = i >= 50;
            const double p95 = spike ? 420.0 + 30.0 * (i % 3) : 80.0 + 6.0 * std::sin(i * 0.7);
            topo = builder.build(shopSample(kT0 + i * kStepMs, p95));
            scores = scoresFor(*topo, 0.0);
            HealthVerdict &v = scores.nodes[size_t(topo->nodeIndex(svc("checkout")))];
            v.factors.connectivity = 96.0 - (spike ? 8.0 : 0.0);
            v.factors.stability = spike ? 22.0 + (i - 50) * 2.0 : 88.0 + 4.0 * std::sin(i * 0.5);
            v.factors.protocol = i == 20 || i == 21 ? kNaN : 97.0;
            v.score = 0.4 * v.factors.connectivity + 0.35 * v.factors.stability + 0.25 * 97.0;
            v.band = v.score >= 75.0   ? HealthBand::Healthy
                     : v.score >= 50.0 ? HealthBand::Degraded
                                       : HealthBand::Failing;
            v.driver = HealthFactor::Stability;
            v.reason =
                spike ? QStringLiteral("p95 %1 ms is 5.2\u03c3 above its 15 min baseline (84 ms)")
                            .arg(p95)
                      : QStringLiteral("p95 within baseline");
            history.append(*topo, scores);
        }
        GraphFacts facts = GraphAnalytics::analyze(*topo);
        panel.setData(topo, std::make_shared<const HealthScores>(scores), &history,
                      std::make_shared<const GraphFacts>(facts));
        panel.showNode(svc("checkout"));
        panel.historyView()->setRangeMinutes(5);
        QCoreApplication::processEvents();
        QVERIFY(panel.grab().save(QStringLiteral("/tmp/details-node.png")));
        panel.showEdge(svc("checkout"), svc("payment"));
        QCoreApplication::processEvents();
        QVERIFY(panel.grab().save(QStringLiteral("/tmp/details-edge.png")));
        panel.showNode(svc("checkout"));

        // A full store (720 points) and a topology of this size: the cost of one refresh.
        for (int i = 60; i < 720; ++i) {
            topo = builder.build(shopSample(kT0 + i * kStepMs, 80.0 + (i % 7)));
            scores = scoresFor(*topo, 70.0 + (i % 11));
            history.append(*topo, scores);
        }
        facts = GraphAnalytics::analyze(*topo);
        panel.historyView()->setRangeMinutes(60);
        std::vector<double> setDataMs;
        std::vector<double> renderMs;
        for (int i = 0; i < 30; ++i) {
            QElapsedTimer timer;
            timer.start();
            panel.setData(topo, std::make_shared<const HealthScores>(scores), &history,
                          std::make_shared<const GraphFacts>(facts));
            setDataMs.push_back(double(timer.nsecsElapsed()) / 1e6);
            timer.restart();
            const QPixmap rendered = panel.grab(); // layout and paint of the whole 360x1250 panel
            renderMs.push_back(double(timer.nsecsElapsed()) / 1e6);
            QVERIFY(!rendered.isNull());
        }
        std::sort(setDataMs.begin(), setDataMs.end());
        std::sort(renderMs.begin(), renderMs.end());
        std::printf("figure details_setdata_720pts_ms %.2f ms\n", setDataMs[setDataMs.size() / 2]);
        std::printf("figure details_render_720pts_ms %.2f ms\n", renderMs[renderMs.size() / 2]);
        // The 1 h window ends on the next whole 10 min; the points before it start are not
        // drawn, except the one that enters from the left edge.
        const qint64 last = kT0 + 719 * kStepMs;
        const qint64 windowEnd = (last + 600'000 - 1) / 600'000 * 600'000;
        const qint64 inWindow = (last - (windowEnd - 3'600'000)) / kStepMs + 1;
        QCOMPARE(panel.historyView()->scoreChart()->drawnPoints(0).size(), qsizetype(inWindow + 1));
    }

    // What a refresh costs on a large mesh: the scores copy and the two reachability walks grow
    // with the graph; the charts do not.
    void refreshCostAt5000Services()
    {
        const MeshSpec mesh = generateLayeredMesh(5000, 7);
        TopologyBuilder builder;
        HistoryStore history(720);
        TopologyPtr topo;
        HealthScores scores;
        for (int i = 0; i < 12; ++i) {
            TelemetrySample sample;
            sample.timestampMs = kT0 + i * kStepMs;
            for (const CallSpec &c : mesh.calls) {
                EdgeSample e;
                e.source = mesh.nodeId(c.from);
                e.destination = mesh.nodeId(c.to);
                e.requestRate = 10.0 * c.callsPerRequest;
                e.latency.p95Ms = 20.0;
                sample.edges.push_back(e);
            }
            topo = builder.build(sample);
            scores.generation = topo->generation();
            scores.nodes.assign(size_t(topo->nodeCount()),
                                verdict(80.0, HealthFactor::Stability, QStringLiteral("ok")));
            scores.edges.assign(size_t(topo->edgeCount()),
                                verdict(85.0, HealthFactor::Protocol, QStringLiteral("ok")));
            history.append(*topo, scores);
        }
        // The most called service: the largest blast radius to walk.
        int busiest = 0;
        for (int n = 0; n < topo->nodeCount(); ++n) {
            if (topo->inEdges(n).size() > topo->inEdges(busiest).size())
                busiest = n;
        }
        DetailsPanel panel;
        panel.resize(360, 800);
        panel.show();
        panel.setData(topo, std::make_shared<const HealthScores>(scores), &history,
                      nullptr); // the naive facts take too long at this size
        panel.showNode(topo->nodes()[size_t(busiest)].id);
        std::vector<double> ms;
        for (int i = 0; i < 20; ++i) {
            QElapsedTimer timer;
            timer.start();
            panel.setData(topo, std::make_shared<const HealthScores>(scores), &history, nullptr);
            ms.push_back(double(timer.nsecsElapsed()) / 1e6);
        }
        std::sort(ms.begin(), ms.end());
        std::printf("figure details_setdata_5000_ms %.2f ms\n", ms[ms.size() / 2]);
        std::printf("# %d nodes, %d edges, blast radius: %s\n", topo->nodeCount(),
                    topo->edgeCount(), qPrintable(labelText(&panel, "upstreamValue")));
        QVERIFY(labelText(&panel, "upstreamValue").endsWith(QStringLiteral("services")));
        QCOMPARE(panel.historyView()->scoreChart()->drawnPoints(0).size(), 12);
    }
};

QTEST_MAIN(TestDetailsPanel)
#include "tst_detailspanel.moc"
