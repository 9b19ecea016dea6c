#include "core/jaeger/traceedgemerge.h"

#include <QTest>

#include <algorithm>

using namespace meshscope::core;

namespace {

EdgeSample edge(const char *from, const char *to, double rate, std::uint8_t evidence,
                double calls = 0.0)
{
    EdgeSample e;
    e.source = NodeId("c", "ns", from);
    e.destination = NodeId("c", "ns", to);
    e.requestRate = rate;
    e.rate5xx = evidence == EdgeSample::FromMesh ? rate / 10 : 0.0;
    e.evidence = evidence;
    e.traceCallCount = calls;
    return e;
}

TelemetrySample sample(std::vector<EdgeSample> edges)
{
    TelemetrySample s;
    for (const EdgeSample &e : edges)
        for (const NodeId &id : {e.source, e.destination})
            if (std::none_of(s.nodes.begin(), s.nodes.end(),
                             [&](const NodeSample &n) { return n.id == id; })) {
                NodeSample n;
                n.id = id;
                s.nodes.push_back(n);
            }
    s.edges = std::move(edges);
    return s;
}

const EdgeSample *find(const TelemetrySample &s, const char *from, const char *to)
{
    for (const EdgeSample &e : s.edges)
        if (e.source.name() == QLatin1String(from) && e.destination.name() == QLatin1String(to))
            return &e;
    return nullptr;
}

} // namespace

// Each edge of the merged graph says where it is known from: the mesh only (no traces through
// it: uninstrumented code), traces only (calls the mesh does not see, e.g. outside it), or both.
class TstTraceEdgeMerge : public QObject
{
    Q_OBJECT

private slots:
    void marksEvidence()
    {
        const TelemetrySample mesh = sample(
            {edge("gw", "a", 10, EdgeSample::FromMesh), edge("a", "b", 5, EdgeSample::FromMesh)});
        const TelemetrySample traces = sample({edge("a", "b", 0.2, EdgeSample::FromTraces, 720),
                                               edge("b", "db", 0.1, EdgeSample::FromTraces, 360)});
        const TelemetrySample merged = mergeTraceEdges(mesh, traces);

        QCOMPARE(merged.edges.size(), size_t(3));
        const EdgeSample *meshOnly = find(merged, "gw", "a");
        QVERIFY(meshOnly);
        QCOMPARE(meshOnly->evidence, std::uint8_t(EdgeSample::FromMesh));
        QCOMPARE(meshOnly->traceCallCount, 0.0);

        const EdgeSample *both = find(merged, "a", "b");
        QVERIFY(both);
        QCOMPARE(both->evidence, std::uint8_t(EdgeSample::FromMesh | EdgeSample::FromTraces));
        QCOMPARE(both->traceCallCount, 720.0);
        // The mesh's figures win: they have errors and latency, traces have only counts.
        QCOMPARE(both->requestRate, 5.0);
        QCOMPARE(both->rate5xx, 0.5);

        const EdgeSample *tracesOnly = find(merged, "b", "db");
        QVERIFY(tracesOnly);
        QCOMPARE(tracesOnly->evidence, std::uint8_t(EdgeSample::FromTraces));
        QCOMPARE(tracesOnly->traceCallCount, 360.0);

        // The traces-only edge brought its new node; known nodes are not repeated.
        QCOMPARE(merged.nodes.size(), size_t(4));
        QCOMPARE(merged.nodes.back().id, NodeId("c", "ns", "db"));
    }

    void noTracesChangesNothing()
    {
        const TelemetrySample mesh = sample({edge("gw", "a", 10, EdgeSample::FromMesh)});
        const TelemetrySample merged = mergeTraceEdges(mesh, TelemetrySample{});
        QCOMPARE(merged.edges.size(), size_t(1));
        QCOMPARE(merged.edges.front().evidence, std::uint8_t(EdgeSample::FromMesh));
    }
};

QTEST_GUILESS_MAIN(TstTraceEdgeMerge)
#include "tst_traceedgemerge.moc"
