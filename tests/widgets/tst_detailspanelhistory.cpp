#include "tests/widgets/detailspanelfixture.h"
#include "widgets/detailspanel.h"
#include "widgets/healthhistoryview.h"
#include "widgets/historychart.h"

#include <QAbstractButton>
#include <QTest>

#include <algorithm>
#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing::details;
using meshscope::widgets::DetailsPanel;
using meshscope::widgets::HealthHistoryView;
using meshscope::widgets::HistoryChart;

// The score history in the details panel: one point per refresh, gaps where data was missing
// or refreshes were missed, and the time range choosing the window.

class TestDetailsPanelHistory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
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
};

QTEST_MAIN(TestDetailsPanelHistory)
#include "tst_detailspanelhistory.moc"
