#include "core/topology/graphanalytics.h"
#include "tests/widgets/detailspanelfixture.h"
#include "widgets/detailspanel.h"
#include "widgets/healthhistoryview.h"
#include "widgets/healthpalette.h"
#include "widgets/historychart.h"

#include <QLabel>
#include <QListView>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing::details;
using meshscope::widgets::DetailsPanel;
using meshscope::widgets::HealthPalette;
using meshscope::widgets::HistoryChart;

// The details panel: why a service or a call has its colour, its figures, its place in the graph
// and its neighbours. The score history it charts is in tst_detailspanelhistory.cpp.

class TestDetailsPanel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // The details dock is usable beside the graph at about 340 px: nothing in the panel
    // needs more (long texts wrap, figures are in two columns, the charts shrink).
    void fitsANarrowDock()
    {
        DetailsPanel panel;
        Fixture f;
        f.run(panel, 20, [](int) { return 80.0; });
        panel.showNode(svc("checkoutservice"));
        QVERIFY2(panel.minimumSizeHint().width() <= 340,
                 qPrintable(QString::number(panel.minimumSizeHint().width())));
        panel.showEdge(svc("frontend"), svc("checkoutservice"));
        QVERIFY2(panel.minimumSizeHint().width() <= 340,
                 qPrintable(QString::number(panel.minimumSizeHint().width())));
    }

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
        // The reason is worded from its code and figures.
        QCOMPARE(labelText(&panel, "reasonLabel"),
                 QStringLiteral("p95 84 ms is 3.1\u03c3 above its baseline 40 ms (30 samples)"));
        QVERIFY(!child<QLabel>(&panel, "statusLabel")->isVisible());
        // What the user sees: the badge is painted in the failing red of the graph.
        const QColor badge = badgeColor(&panel);
        QVERIFY2(colorDistance(badge, HealthPalette::colorForScore(42.4, {})) < 30,
                 qPrintable(badge.name()));
        QVERIFY(badge.red() > 2 * badge.blue());
    }

    // issue 6: with `bands: {healthy: 85}` a service scoring 80 must read Degraded, in the
    // degraded colour, as soon as the settings arrive (the panel had 75/50 built in).
    void bandsComeFromTheActiveSettings()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 2, [](int) { return 80.0; });
        panel.showNode(svc("checkout"));
        QCOMPARE(labelText(&panel, "bandLabel"), QStringLiteral("Healthy"));
        QVERIFY(badgeColor(&panel).blue() > badgeColor(&panel).red());
        HealthSettings settings;
        settings.bands.healthy = 85.0;
        panel.setHealthSettings(settings);
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("80"));
        QCOMPARE(labelText(&panel, "bandLabel"), QStringLiteral("Degraded"));
        const QColor badge = badgeColor(&panel);
        QVERIFY2(colorDistance(badge, HealthPalette::colorForScore(80.0, settings.bands)) < 30,
                 qPrintable(badge.name()));
        QVERIFY(badge.red() > badge.blue());
        // The chart behind the score shades the same bands (failing, degraded, healthy).
        HistoryChart *chart = panel.historyView()->scoreChart();
        QCOMPARE(chart->bandRange(1), std::make_pair(50.0, 85.0));
        QCOMPARE(chart->bandRange(2), std::make_pair(85.0, 100.0));
    }

    // One rounding rule: 74.6 shows "74" and is Degraded, never a "75" in the degraded colour.
    void scoreIsTheWholeNumberItIsBandedOn()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 1, [](int) { return 74.6; });
        panel.showNode(svc("checkout"));
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("74"));
        QCOMPARE(labelText(&panel, "bandLabel"), QStringLiteral("Degraded"));
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
        QCOMPARE(labelText(&panel, "reasonLabel"), QStringLiteral("all terms within tolerance"));
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

    // Issue 7 item 6: how much to trust a verdict, and how much the caller leans on a call.
    void showsConfidenceAndDependencyStrength()
    {
        DetailsPanel panel;
        panel.show();
        Fixture f;
        f.run(panel, 1, [](int) { return 80.0; });
        auto scores = f.scores;
        const int e = f.topology->edgeIndex(svc("checkout"), svc("payment"));
        QVERIFY(e >= 0);
        scores.edges[size_t(e)].dependencyStrength = 0.35;
        scores.edges[size_t(e)].lowConfidence = true;
        panel.setData(f.topology, std::make_shared<const HealthScores>(scores), &f.history,
                      std::make_shared<const GraphFacts>(f.facts));
        panel.showEdge(svc("checkout"), svc("payment"));
        QVERIFY(child<QLabel>(&panel, "strengthLabel")->isVisible());
        QCOMPARE(labelText(&panel, "strengthLabel"),
                 QStringLiteral("Dependency strength: 35.0 % of checkout's calls"));
        QVERIFY(child<QLabel>(&panel, "confidenceLabel")->isVisible());
        QVERIFY(labelText(&panel, "confidenceLabel").startsWith(QStringLiteral("Low confidence")));
        // A service has no dependency strength; a confident verdict says nothing extra.
        panel.showNode(svc("payment"));
        QVERIFY(!child<QLabel>(&panel, "strengthLabel")->isVisible());
        QVERIFY(!child<QLabel>(&panel, "confidenceLabel")->isVisible());
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
        s.nodes.insert(s.nodes.begin(),
                       NodeSample{svc("ads"), NodeKind::Service, QString(), 1, 1, {}});
        TopologyPtr next = f.builder.build(s);
        QVERIFY(next->nodeIndex(svc("checkout")) != f.topology->nodeIndex(svc("checkout")));
        VerdictReason replicas;
        replicas.code = ReasonCode::Replicas;
        replicas.ready = 2;
        replicas.desired = 3;
        HealthScores scores = scoresFor(*next, 77.0, replicas);
        f.history.append(*next, scores);
        GraphFacts facts = GraphAnalytics::analyze(*next);
        panel.setData(next, std::make_shared<const HealthScores>(scores), &f.history,
                      std::make_shared<const GraphFacts>(facts));
        QCOMPARE(labelText(&panel, "titleLabel"), QStringLiteral("checkout"));
        QCOMPARE(labelText(&panel, "scoreLabel"), QStringLiteral("77"));
        QCOMPARE(labelText(&panel, "reasonLabel"), QStringLiteral("2/3 replicas ready"));
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
        auto *list = panel.findChild<QListView *>(QStringLiteral("upstreamList"));
        QVERIFY(list);
        QVERIFY(list->isVisible());
        QCOMPARE(list->model()->rowCount(), 3);
        const QModelIndex first = list->model()->index(0, 0);
        QCOMPARE(first.data().toString(), QStringLiteral("checkout")); // the direct caller first
        QSignalSpy spy(&panel, &DetailsPanel::serviceActivated);
        QTest::mouseClick(list->viewport(), Qt::LeftButton, {}, list->visualRect(first).center());
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.front().front().value<NodeId>() == svc("checkout"));
    }

    // Every caller is listed (no "… and N more"); past a few rows the list scrolls.
    void dependencyListsAreFullAndScroll()
    {
        TelemetrySample s;
        for (int i = 0; i < 12; ++i) {
            EdgeSample e;
            e.source = NodeId(QStringLiteral("c1"), QStringLiteral("shop"),
                              QStringLiteral("caller%1").arg(i));
            e.destination = svc("db");
            e.requestRate = 1.0;
            s.edges.push_back(e);
        }
        TopologyBuilder builder;
        TopologyPtr t = builder.build(s);
        HealthScores scores;
        scores.generation = t->generation();
        scores.nodes.resize(size_t(t->nodeCount()));
        scores.edges.resize(size_t(t->edgeCount()));
        DetailsPanel panel;
        panel.resize(420, 900);
        panel.show();
        panel.setData(t, std::make_shared<const HealthScores>(scores), nullptr, nullptr);
        panel.showNode(svc("db"));
        QCOMPARE(labelText(&panel, "upstreamValue"), QStringLiteral("12 services"));
        auto *upstream = panel.findChild<QListView *>(QStringLiteral("upstreamList"));
        QCOMPARE(upstream->model()->rowCount(), 12);
        QTRY_VERIFY(upstream->verticalScrollBar()->maximum() > 0);
        auto *downstream = panel.findChild<QListView *>(QStringLiteral("downstreamList"));
        QVERIFY(!downstream->isVisible()); // the database calls nothing

        panel.showNode(
            NodeId(QStringLiteral("c1"), QStringLiteral("shop"), QStringLiteral("caller7")));
        QVERIFY(downstream->isVisible());
        QCOMPARE(downstream->model()->rowCount(), 1);
        QSignalSpy spy(&panel, &DetailsPanel::serviceActivated);
        const QModelIndex db = downstream->model()->index(0, 0);
        QTest::mouseClick(downstream->viewport(), Qt::LeftButton, {},
                          downstream->visualRect(db).center());
        QCOMPARE(spy.count(), 1);
        QVERIFY(spy.front().front().value<NodeId>() == svc("db"));
    }
};

QTEST_MAIN(TestDetailsPanel)
#include "tst_detailspanel.moc"
