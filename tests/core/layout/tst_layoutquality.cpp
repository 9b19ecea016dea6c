#include "core/layout/layoutquality.h"
#include "core/layout/layoutrandom.h"

#include <QTest>

using namespace meshscope::core;

namespace {

LayoutGraph path(int n)
{
    LayoutGraph g;
    g.nodeCount = n;
    for (int i = 0; i + 1 < n; ++i)
        g.edges.emplace_back(i, i + 1);
    return g;
}

LayoutGraph grid(int side)
{
    LayoutGraph g;
    g.nodeCount = side * side;
    for (int r = 0; r < side; ++r) {
        for (int c = 0; c < side; ++c) {
            if (c + 1 < side)
                g.edges.emplace_back(r * side + c, r * side + c + 1);
            if (r + 1 < side)
                g.edges.emplace_back(r * side + c, (r + 1) * side + c);
        }
    }
    return g;
}

std::vector<QPointF> gridPositions(int side, double spacing)
{
    std::vector<QPointF> p;
    for (int r = 0; r < side; ++r)
        for (int c = 0; c < side; ++c)
            p.emplace_back(c * spacing, r * spacing);
    return p;
}

std::vector<QPointF> randomPositions(int n, quint64 seed)
{
    LayoutRandom rng(seed);
    std::vector<QPointF> p;
    for (int i = 0; i < n; ++i)
        p.emplace_back(rng.uniform() * 1000.0, rng.uniform() * 1000.0);
    return p;
}

} // namespace

class TestLayoutQuality : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pathOnALineHasNoStress()
    {
        const LayoutGraph g = path(50);
        std::vector<QPointF> p;
        for (int i = 0; i < 50; ++i)
            p.emplace_back(i * 37.0, 0.0);
        QVERIFY(normalisedStress(g, p) < 1e-12);
        QCOMPARE(neighbourhoodPreservation(g, p), 1.0);
    }

    void gridOnAGridIsNearlyPerfectAndRandomIsNot()
    {
        // Hop distances on a grid are Manhattan distances, so a grid drawing is not exactly 0.
        const LayoutGraph g = grid(12);
        const double drawn = normalisedStress(g, gridPositions(12, 100.0));
        const double random = normalisedStress(g, randomPositions(144, 3));
        QVERIFY2(drawn < 0.05, qPrintable(QString::number(drawn)));
        QVERIFY2(random > 0.3, qPrintable(QString::number(random)));
        QVERIFY(random > 5.0 * drawn);
    }

    void stressIsScaleInvariant()
    {
        const LayoutGraph g = grid(10);
        std::vector<QPointF> p = randomPositions(100, 9);
        const double once = normalisedStress(g, p);
        for (QPointF &q : p)
            q *= 2.0;
        QVERIFY(qFuzzyCompare(normalisedStress(g, p), once));
    }

    void samplingIsSeeded()
    {
        const LayoutGraph g = grid(20);
        const std::vector<QPointF> p = randomPositions(400, 5);
        QCOMPARE(normalisedStress(g, p, 30, 4), normalisedStress(g, p, 30, 4));
        QVERIFY(normalisedStress(g, p, 30, 4) != normalisedStress(g, p, 30, 5));
    }

    void stability_data()
    {
        QTest::addColumn<double>("dx");
        QTest::addColumn<double>("dy");
        QTest::addColumn<double>("expected");
        // Before spans 300 x 400: diagonal 500.
        QTest::newRow("unmoved") << 0.0 << 0.0 << 0.0;
        QTest::newRow("10 right") << 10.0 << 0.0 << 0.02;
        QTest::newRow("30-40 diagonal") << 30.0 << 40.0 << 0.1;
    }

    void stability()
    {
        QFETCH(double, dx);
        QFETCH(double, dy);
        QFETCH(double, expected);
        const std::vector<QPointF> before = {{0, 0}, {300, 0}, {0, 400}, {300, 400}};
        std::vector<QPointF> after = before;
        for (QPointF &p : after)
            p += QPointF(dx, dy);
        QVERIFY(qAbs(meshscope::core::stability(before, after) - expected) < 1e-12);
    }

    void stabilityCountsOnlyMovedNodes()
    {
        const std::vector<QPointF> before = {{0, 0}, {300, 0}, {0, 400}, {300, 400}};
        std::vector<QPointF> after = before;
        after[0] += QPointF(100, 0); // mean displacement 25 over a 500 diagonal
        QVERIFY(qAbs(meshscope::core::stability(before, after) - 0.05) < 1e-12);
    }

    void crossings()
    {
        LayoutGraph g;
        g.nodeCount = 5;
        g.edges = {{0, 1}, {2, 3}, {0, 4}};
        // 0-1 and 2-3 cross in an X; 0-4 shares node 0 with 0-1 and does not cross 2-3.
        const std::vector<QPointF> p = {{0, 0}, {10, 10}, {0, 10}, {10, 0}, {-5, 5}};
        QCOMPARE(edgeCrossings(g, p), qint64(1));
        const std::vector<QPointF> apart = {{0, 0}, {10, 0}, {0, 10}, {10, 10}, {-5, 5}};
        QCOMPARE(edgeCrossings(g, apart), qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestLayoutQuality)
#include "tst_layoutquality.moc"
