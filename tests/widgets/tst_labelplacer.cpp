#include "widgets/labelplacer.h"

#include <QTest>

using meshscope::widgets::LabelPlacer;
using meshscope::widgets::LabelRank;

class TestLabelPlacer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void aLabelOverlappingAnEarlierOneIsLeftOut()
    {
        LabelPlacer placer(14.0);
        QVERIFY(placer.tryPlace(QRectF(0, 0, 60, 12)));
        QVERIFY(!placer.tryPlace(QRectF(50, 5, 60, 12)));     // overlaps the first
        QVERIFY(placer.tryPlace(QRectF(200, 0, 60, 12)));     // far away
        QVERIFY(!placer.tryPlace(QRectF(-1000, 3, 5000, 2))); // spans many cells
        QCOMPARE(int(placer.placed().size()), 2);
        QVERIFY(placer.collides(QRectF(10, 10, 5, 5)));
        QVERIFY(!placer.collides(QRectF(100, 100, 5, 5)));
    }

    void priorityIsSelectedThenFocusThenSeverityThenTrafficThenDegree()
    {
        std::vector<LabelRank> ranks(6);
        ranks[0] = {false, false, 0, 10.0, 3}; // healthy, some traffic
        ranks[1] = {false, false, 2, 0.1, 1};  // failing, little traffic
        ranks[2] = {false, false, 1, 5.0, 1};  // degraded
        ranks[3] = {false, false, 0, 10.0, 9}; // healthy, same traffic, more calls
        ranks[4] = {true, true, 0, 0.0, 0};    // selected (even when dimmed)
        ranks[5] = {false, true, 2, 99.0, 9};  // failing but outside the focus
        const std::vector<int> order = LabelPlacer::priorityOrder(ranks);
        QCOMPARE(order, (std::vector<int>{4, 1, 2, 3, 0, 5}));
    }

    void labelsKeepTheirScreenSizeWhenZoomedOut()
    {
        const QSizeF size(50, 12);
        const QRectF atOne = LabelPlacer::nodeLabelRect(QPointF(0, 0), size, 1.0);
        const QRectF atHalf = LabelPlacer::nodeLabelRect(QPointF(0, 0), size, 0.5);
        const QRectF atTwo = LabelPlacer::nodeLabelRect(QPointF(0, 0), size, 2.0);
        QCOMPARE(atOne.size(), size);
        QCOMPARE(atHalf.size(), size * 2.0); // twice the scene units = the same pixels
        QCOMPARE(atTwo.size(), size);        // grows with the scene when zoomed in
        QVERIFY(atOne.top() > 0.0);          // below the node
        QCOMPARE(atOne.center().x(), 0.0);
    }
};

QTEST_GUILESS_MAIN(TestLabelPlacer)
#include "tst_labelplacer.moc"
