#include "core/topology/focusfilter.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;

namespace {

// gateway -> web -> cart -> redis -> disk, and web -> ads: a chain with a side branch.
TopologyPtr chain()
{
    TelemetrySample s;
    s.timestampMs = 1000;
    for (auto [a, b] :
         {std::pair{"gateway", "web"}, std::pair{"web", "cart"}, std::pair{"cart", "redis"},
          std::pair{"redis", "disk"}, std::pair{"web", "ads"}}) {
        EdgeSample e;
        e.source = svc(a);
        e.destination = svc(b);
        e.requestRate = 10;
        s.edges.push_back(e);
    }
    TopologyBuilder builder;
    return builder.build(s);
}

HealthScores scoresWithUnhealthy(const Topology &t, const QStringList &unhealthy)
{
    HealthScores scores;
    scores.generation = t.generation();
    scores.nodes.resize(size_t(t.nodeCount()));
    for (int i = 0; i < t.nodeCount(); ++i) {
        HealthVerdict &v = scores.nodes[size_t(i)];
        v.score = unhealthy.contains(t.nodes()[size_t(i)].name) ? 30.0 : 95.0;
        v.band = v.score < 50 ? HealthBand::Failing : HealthBand::Healthy;
    }
    return scores;
}

QStringList names(const NodeIdSet &set)
{
    QStringList out;
    for (const NodeId &id : set)
        out << id.name();
    out.sort();
    return out;
}

} // namespace

class TestFocusFilter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noCriteriaMeansNoFilter()
    {
        const TopologyPtr t = chain();
        QVERIFY(!FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), {}).has_value());
        QVERIFY(!FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), {QStringLiteral("  ")})
                     .has_value());
    }

    void unhealthyWithNeighbours_data()
    {
        QTest::addColumn<int>("hops");
        QTest::addColumn<QStringList>("expected");
        // cart is failing; its neighbourhood grows one call at a time, either direction.
        QTest::newRow("1 hop") << 1 << QStringList{"cart", "redis", "web"};
        QTest::newRow("2 hops") << 2
                                << QStringList{"ads", "cart", "disk", "gateway", "redis", "web"};
        QTest::newRow("0 is clamped to 1") << 0 << QStringList{"cart", "redis", "web"};
    }

    void unhealthyWithNeighbours()
    {
        QFETCH(int, hops);
        QFETCH(QStringList, expected);
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.unhealthyOnly = true;
        c.hops = hops;
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {"cart"}), c);
        QVERIFY(focus.has_value());
        QCOMPARE(names(*focus), expected);
    }

    void nothingUnhealthyDimsEverything()
    {
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.unhealthyOnly = true;
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), c);
        QVERIFY(focus.has_value());
        QVERIFY(focus->isEmpty());
    }

    void textMatchesNamesIgnoringCase()
    {
        const TopologyPtr t = chain();
        const auto focus =
            FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), {QStringLiteral("A")});
        QCOMPARE(names(*focus), (QStringList{"ads", "cart", "gateway"}));
        const auto none =
            FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), {QStringLiteral("kafka")});
        QVERIFY(none.has_value() && none->isEmpty()); // no match: all dimmed, not all shown
        QCOMPARE(FocusFilter::matches(*t, QStringLiteral("WEB")),
                 (std::vector<NodeId>{svc("web")}));
    }

    void textNarrowsTheUnhealthyNeighbourhood()
    {
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.text = QStringLiteral("r");
        c.unhealthyOnly = true;
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {"cart"}), c);
        QCOMPARE(names(*focus), (QStringList{"cart", "redis"}));
    }

    void hopsAroundTheSelection_data()
    {
        QTest::addColumn<int>("hops");
        QTest::addColumn<QStringList>("expected");
        // Focus on redis: its neighbourhood grows one call at a time, either direction.
        QTest::newRow("1 hop") << 1 << QStringList{"cart", "disk", "redis"};
        QTest::newRow("2 hops") << 2 << QStringList{"cart", "disk", "redis", "web"};
        QTest::newRow("3 hops") << 3
                                << QStringList{"ads", "cart", "disk", "gateway", "redis", "web"};
        QTest::newRow("9 is clamped to 3")
            << 9 << QStringList{"ads", "cart", "disk", "gateway", "redis", "web"};
    }

    void hopsAroundTheSelection()
    {
        QFETCH(int, hops);
        QFETCH(QStringList, expected);
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.around = svc("redis");
        c.hops = hops;
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), c);
        QVERIFY(focus.has_value());
        QCOMPARE(names(*focus), expected);
    }

    // A collapsed group is reached but not crossed: cart stands in for a group here.
    void opaqueNodesEndAPath()
    {
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.around = svc("web");
        c.hops = 3;
        c.opaque = {svc("cart")};
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), c);
        QCOMPARE(names(*focus), (QStringList{"ads", "cart", "gateway", "web"}));
        c.around = svc("cart"); // focusing on the group itself shows its neighbours
        c.hops = 1;
        QCOMPARE(names(*FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), c)),
                 (QStringList{"cart", "redis", "web"}));
    }

    void focusOnAVanishedServiceDimsEverything()
    {
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.around = svc("gone");
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {}), c);
        QVERIFY(focus.has_value() && focus->isEmpty());
    }

    void selectionFocusNarrowsTheUnhealthyNeighbourhood()
    {
        const TopologyPtr t = chain();
        FocusCriteria c;
        c.unhealthyOnly = true; // cart, +1: web, cart, redis
        c.around = svc("disk"); // +1: redis, disk
        const auto focus = FocusFilter::focus(*t, scoresWithUnhealthy(*t, {"cart"}), c);
        QCOMPARE(names(*focus), (QStringList{"redis"}));
    }
};

QTEST_GUILESS_MAIN(TestFocusFilter)
#include "tst_focusfilter.moc"
