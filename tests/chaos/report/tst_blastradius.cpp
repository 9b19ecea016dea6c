#include "reportfixtures.h"

#include "chaos/report/blastradius.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::chaos;
using testing::edgeSample;
using testing::svc;

class TestBlastRadius : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void upstreamWeightedByDependencyStrength()
    {
        // b sends 3 of its 4 req/s to a; gw sends everything to b.
        const auto radius =
            BlastRadius::predict(*fixtures::reportTopology(), {QStringLiteral("shop/a")});
        QCOMPARE(radius.size(), 2);
        QCOMPARE(radius.value(QStringLiteral("shop/b")), 0.75);
        QCOMPARE(radius.value(QStringLiteral("shop/gw")), 0.75);
        QVERIFY(!radius.contains(QStringLiteral("shop/c"))); // downstream of b, not of a
        QVERIFY(!radius.contains(QStringLiteral("shop/a"))); // the target itself
    }

    void twoPathsAddUp()
    {
        core::TelemetrySample s;
        // x reaches t directly (1 req/s) and through y (1 req/s); y sends half its calls to t.
        s.edges = {edgeSample(svc("x"), svc("t"), 1.0), edgeSample(svc("x"), svc("y"), 1.0),
                   edgeSample(svc("y"), svc("t"), 1.0), edgeSample(svc("y"), svc("w"), 1.0)};
        core::TopologyBuilder builder;
        const auto radius = BlastRadius::predict(*builder.build(s), {QStringLiteral("shop/t")});
        QCOMPARE(radius.value(QStringLiteral("shop/y")), 0.5);
        QCOMPARE(radius.value(QStringLiteral("shop/x")), 0.5 + 0.5 * 0.5);
        QVERIFY(!radius.contains(QStringLiteral("shop/w")));
    }

    void aCycleConvergesWithinBounds()
    {
        core::TelemetrySample s;
        // p and q call each other; q also calls t. Every call of either ends up reaching t.
        s.edges = {edgeSample(svc("p"), svc("q"), 1.0), edgeSample(svc("q"), svc("p"), 1.0),
                   edgeSample(svc("q"), svc("t"), 1.0)};
        core::TopologyBuilder builder;
        const auto radius = BlastRadius::predict(*builder.build(s), {QStringLiteral("shop/t")});
        QVERIFY(qAbs(radius.value(QStringLiteral("shop/q")) - 1.0) < 1e-6);
        QVERIFY(qAbs(radius.value(QStringLiteral("shop/p")) - 1.0) < 1e-6);
    }

    void unknownTargetPredictsNothing()
    {
        QVERIFY(BlastRadius::predict(*fixtures::reportTopology(), {QStringLiteral("shop/nope")})
                    .isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestBlastRadius)
#include "tst_blastradius.moc"
