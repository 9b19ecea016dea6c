#include "core/topology/groupedview.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::edgeSample;
using meshscope::testing::svc;

namespace {

// shop: web -> cart, web -> ads; data: redis, pg. cart -> redis (10/s, 2 errors/s),
// cart -> pg (30/s), web -> pg (20/s); redis -> pg inside data.
struct Mesh
{
    TopologyPtr topology;
    std::shared_ptr<const HealthScores> scores;
    GroupAssignment groups;
};

Mesh mesh(const QHash<QString, double> &nodeScores = {})
{
    TelemetrySample s;
    auto call = [&](const NodeId &a, const NodeId &b, double rps, double p95, double errors) {
        EdgeSample e = edgeSample(a, b, rps, p95);
        e.rate5xx = errors;
        s.edges.push_back(e);
    };
    call(svc("web"), svc("cart"), 50, 20, 0);
    call(svc("web"), svc("ads"), 5, 10, 0);
    call(svc("cart"), svc("redis", "data"), 10, 4, 2);
    call(svc("cart"), svc("pg", "data"), 30, 8, 0);
    call(svc("web"), svc("pg", "data"), 20, 12, 0);
    call(svc("redis", "data"), svc("pg", "data"), 1, 1, 0);
    TopologyBuilder builder;
    Mesh m;
    m.topology = builder.build(s);
    auto scores = std::make_shared<HealthScores>();
    for (const TopologyNode &node : m.topology->nodes()) {
        HealthVerdict v;
        v.score = nodeScores.value(node.name, 95.0);
        v.band = v.score < 50   ? HealthBand::Failing
                 : v.score < 75 ? HealthBand::Degraded
                                : HealthBand::Healthy;
        scores->nodes.push_back(v);
    }
    for (const TopologyEdge &edge : m.topology->edges()) {
        HealthVerdict v;
        v.score = edge.metrics.rate5xx > 0 ? 60.0 : 98.0;
        v.band = v.score < 75 ? HealthBand::Degraded : HealthBand::Healthy;
        scores->edges.push_back(v);
    }
    m.scores = scores;
    m.groups = Grouping::assign(*m.topology, {});
    return m;
}

} // namespace

class TestGroupedView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nothingCollapsedIsTheSnapshotItself()
    {
        const Mesh m = mesh();
        const GroupedGraph g = GroupedView::build(m.topology, m.scores, m.groups, {});
        QCOMPARE(g.topology.get(), m.topology.get());
        QVERIFY(g.collapsedGroups.isEmpty());
    }

    void collapsedGroupIsOneNodeWithTheWorstMembersColour()
    {
        const Mesh m = mesh({{"pg", 40.0}, {"redis", 70.0}});
        const GroupedGraph g = GroupedView::build(m.topology, m.scores, m.groups, {"data"});
        QCOMPARE(g.topology->nodeCount(), 4); // web, cart, ads, data
        const int data = g.topology->nodeIndex(GroupedView::groupNodeId("data"));
        QVERIFY(data >= 0);
        QCOMPARE(g.topology->nodes()[size_t(data)].name, "data (2)");
        QCOMPARE(g.scores->nodes[size_t(data)].score, 40.0);
        QVERIFY(g.scores->nodes[size_t(data)].band == HealthBand::Failing);
        QCOMPARE(GroupedView::groupOf(GroupedView::groupNodeId("data")), "data");
        QVERIFY(!GroupedView::isGroupNode(svc("web")));
        // Members map to the group's node; untouched services keep their scores.
        QCOMPARE(g.shownOf[size_t(m.topology->nodeIndex(svc("pg", "data")))], data);
        const int web = g.topology->nodeIndex(svc("web"));
        QCOMPARE(g.scores->nodes[size_t(web)].score, 95.0);
    }

    void callsIntoACollapsedGroupAggregate()
    {
        const Mesh m = mesh();
        const GroupedGraph g = GroupedView::build(m.topology, m.scores, m.groups, {"data"});
        const NodeId data = GroupedView::groupNodeId("data");
        // cart -> redis and cart -> pg become one edge: rates and errors summed, p95 weighted,
        // score request-weighted (the busiest call explains it); redis -> pg (inside the group)
        // is not drawn.
        const int e = g.topology->edgeIndex(svc("cart"), data);
        QVERIFY(e >= 0);
        const EdgeSample &metrics = g.topology->edges()[size_t(e)].metrics;
        QCOMPARE(metrics.requestRate, 40.0);
        QCOMPARE(metrics.rate5xx, 2.0);
        QCOMPARE(metrics.latency.p95Ms, (10 * 4.0 + 30 * 8.0) / 40.0);
        QCOMPARE(g.scores->edges[size_t(e)].score, (10 * 60.0 + 30 * 98.0) / 40.0);
        QVERIFY(g.scores->edges[size_t(e)].band == HealthBand::Healthy); // cart -> pg's
        QCOMPARE(g.topology->edgeCount(), 4); // web>cart, web>ads, cart>data, web>data
        QCOMPARE(g.topology->edgeIndex(data, data), -1);
        const TopologyNode &group = g.topology->nodes()[size_t(g.topology->nodeIndex(data))];
        QCOMPARE(group.inRate, 60.0);
        QCOMPARE(group.errorRatio, 2.0 / 60.0);
        // The caller still shows what it sends in the full snapshot.
        QCOMPARE(g.topology->nodes()[size_t(g.topology->nodeIndex(svc("cart")))].outRate, 40.0);
        QCOMPARE(g.topology->inEdges(g.topology->nodeIndex(data)).size(), size_t(2));
    }

    void bothEndsCollapsedGiveOneGroupToGroupEdge()
    {
        const Mesh m = mesh();
        const GroupedGraph g = GroupedView::build(m.topology, m.scores, m.groups, {"data", "shop"});
        QCOMPARE(g.topology->nodeCount(), 2);
        QCOMPARE(g.topology->edgeCount(), 1);
        const TopologyEdge &edge = g.topology->edges().front();
        QCOMPARE(edge.metrics.requestRate, 60.0);
        QCOMPARE(edge.metrics.source, GroupedView::groupNodeId("shop"));
    }

    void collapsedGroupSitsAtItsMembersCentre()
    {
        const Mesh m = mesh();
        Positions full;
        for (const TopologyNode &node : m.topology->nodes())
            full.insert(node.id, QPointF(node.ns == "data" ? 100 : 0, node.name.size()));
        full.insert(svc("pg", "data"), QPointF(300, 0));
        full.insert(svc("redis", "data"), QPointF(100, 40));
        const GroupedGraph g = GroupedView::build(m.topology, m.scores, m.groups, {"data"});
        const Positions shown = GroupedView::positions(g, m.groups, *m.topology, full);
        QCOMPARE(shown.size(), 4);
        QCOMPARE(shown.value(GroupedView::groupNodeId("data")), QPointF(200, 20));
        QCOMPARE(shown.value(svc("web")), full.value(svc("web")));
    }

    void largeMeshOpensCollapsedExceptUnhealthyGroups()
    {
        const Mesh m = mesh({{"redis", 60.0}});
        QVERIFY(GroupedView::defaultCollapsed(m.groups, *m.scores, 5, 300).isEmpty());
        QCOMPARE(GroupedView::defaultCollapsed(m.groups, *m.scores, 301, 300),
                 (QSet<QString>{"shop"}));
        QCOMPARE(GroupedView::unhealthyGroups(m.groups, *m.scores), (QSet<QString>{"data"}));
    }

    // Trouble everywhere: the worst groups open first, within the threshold's budget.
    void openingStateStaysWithinTheBudget()
    {
        // shop (3 services) has one Degraded, data (2) one Failing.
        const Mesh m = mesh({{"ads", 60.0}, {"pg", 30.0}});
        QCOMPARE(GroupedView::defaultCollapsed(m.groups, *m.scores, 500, 5), QSet<QString>{});
        QCOMPARE(GroupedView::defaultCollapsed(m.groups, *m.scores, 500, 4),
                 (QSet<QString>{"shop"}));
        // The worst group opens even when it alone is over the budget.
        QCOMPARE(GroupedView::defaultCollapsed(m.groups, *m.scores, 500, 1),
                 (QSet<QString>{"shop"}));
    }
};

QTEST_GUILESS_MAIN(TestGroupedView)
#include "tst_groupedview.moc"
