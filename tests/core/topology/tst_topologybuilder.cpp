#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QTest>

using namespace meshscope::core;
using meshscope::testing::svc;

namespace {

EdgeSample edge(const char *from, const char *to, double rps, double r5xx = 0.0, double p95 = 10.0)
{
    EdgeSample e = meshscope::testing::edgeSample(svc(from), svc(to), rps, p95);
    e.rate5xx = r5xx;
    return e;
}

} // namespace

class TestTopologyBuilder : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsNodesAndEdges()
    {
        TelemetrySample s;
        s.timestampMs = 1000;
        s.nodes.push_back(
            NodeSample{svc("frontend"), NodeKind::Service, QStringLiteral("v1"), 3, 3, {}});
        s.edges.push_back(edge("gateway", "frontend", 100.0));
        s.edges.push_back(edge("frontend", "cart", 40.0, 4.0, 30.0));
        TopologyBuilder b;
        TopologyPtr t = b.build(s);
        QCOMPARE(t->nodeCount(), 3);
        QCOMPARE(t->edgeCount(), 2);
        QCOMPARE(t->generation(), quint64(1));
        const int fe = t->nodeIndex(svc("frontend"));
        QVERIFY(fe >= 0);
        QCOMPARE(t->nodes()[size_t(fe)].replicasReady, 3);
        QCOMPARE(t->nodes()[size_t(fe)].inRate, 100.0);
        QCOMPARE(t->nodes()[size_t(fe)].outRate, 40.0);
        const int cart = t->nodeIndex(svc("cart"));
        QVERIFY(t->nodes()[size_t(cart)].kind == NodeKind::Service); // known only from an edge
        QCOMPARE(t->nodes()[size_t(cart)].replicasDesired, -1);
        QCOMPARE(t->nodes()[size_t(cart)].errorRatio, 0.1);
        QCOMPARE(t->nodes()[size_t(cart)].p95Ms, 30.0);
        QCOMPARE(t->edgeIndex(svc("frontend"), svc("cart")), t->outEdges(fe).front());
        QCOMPARE(t->edgeIndex(svc("cart"), svc("frontend")), -1);
        QCOMPARE(t->inEdges(fe).size(), size_t(1));
    }

    void mergesDuplicateEdgesWeightedByRate()
    {
        TelemetrySample s;
        s.edges.push_back(edge("a", "b", 30.0, 0.0, 10.0));
        EdgeSample grpc = edge("a", "b", 10.0, 0.0, 50.0);
        grpc.protocol = Protocol::Grpc;
        grpc.rateGrpcError = 1.0;
        s.edges.push_back(grpc);
        TopologyBuilder b;
        TopologyPtr t = b.build(s);
        QCOMPARE(t->edgeCount(), 1);
        const EdgeSample &m = t->edges().front().metrics;
        QCOMPARE(m.requestRate, 40.0);
        QCOMPARE(m.latency.p95Ms, 20.0);
        QVERIFY(m.protocol == Protocol::Http);
        QCOMPARE(m.errorRatio(), 1.0 / 40.0);
    }

    void identityIsStableAndIdleNodesLinger()
    {
        TelemetrySample s1;
        s1.edges.push_back(edge("a", "b", 1.0));
        s1.edges.push_back(edge("a", "c", 1.0));
        TelemetrySample s2;
        s2.edges.push_back(edge("a", "b", 1.0));
        TopologyBuilder b;
        b.setIdleGraceRefreshes(2);
        TopologyPtr t1 = b.build(s1);
        TopologyPtr t2 = b.build(s2);
        QCOMPARE(t2->generation(), quint64(2));
        const int c = t2->nodeIndex(svc("c"));
        QVERIFY(c >= 0);
        QVERIFY(t2->nodes()[size_t(c)].idle);
        QVERIFY(!t2->nodes()[size_t(t2->nodeIndex(svc("a")))].idle);
        b.build(s2);
        TopologyPtr t4 = b.build(s2);
        QCOMPARE(t4->nodeIndex(svc("c")), -1); // forgotten after the grace period
        QCOMPARE(t1->nodeCount(), 3);          // older snapshots are untouched
    }
};

QTEST_GUILESS_MAIN(TestTopologyBuilder)
#include "tst_topologybuilder.moc"
