#include "tests/core/prometheus/samplebuilderfixture.h"

#include <QTest>

#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing;

// Prometheus answers (as the Istio profile's queries return them) read into the sample the
// health model scores: Kiali's error classes, both reporters, TCP units, identities and kinds.
class TstSampleBuilder : public QObject, public SampleBuilderFixture
{
    Q_OBJECT

private Q_SLOTS:
    void init() { setUpAnswers(); }

    void httpClassesAsKiali()
    {
        const TelemetrySample s = build();
        QCOMPARE(s.timestampMs, qint64(42));
        const EdgeSample *e = findEdge(s, "istio-ingressgateway", "frontend");
        QVERIFY(e);
        QCOMPARE(e->source.key(), QStringLiteral("east/shop/istio-ingressgateway"));
        QCOMPARE(int(e->protocol), int(Protocol::Http));
        QCOMPARE(e->requestRate, 100.0);
        QCOMPARE(e->rate5xx, 8.0);        // app 500s + Envoy's local 503 UH + the 504 UT
        QCOMPARE(e->rateTimeout, 1.0);    // UT
        QCOMPARE(e->rateNoResponse, 1.0); // response code 0 only
        QCOMPARE(e->rate4xx, 1.0);
        QCOMPARE(e->errorRatio(), 0.09);
        QCOMPARE(e->latency.p95Ms, 48.0);
        QCOMPARE(e->latency.p99Ms, 90.0);
    }

    void grpcByStatus()
    {
        const TelemetrySample s = build();
        const EdgeSample *e = findEdge(s, "frontend", "cartservice");
        QVERIFY(e);
        QCOMPARE(int(e->protocol), int(Protocol::Grpc));
        QCOMPARE(e->requestRate, 50.0);
        QCOMPARE(e->rateGrpcError, 5.0); // 13 and the Envoy 503's 14, not also counted as 5xx
        QCOMPARE(e->rate5xx, 0.0);
    }

    void destinationReporterGivesServerViewAndMtls()
    {
        const TelemetrySample s = build();
        const EdgeSample *e = findEdge(s, "istio-ingressgateway", "frontend");
        QCOMPARE(e->serverRequestRate, 80.0);
        QCOMPARE(e->mtlsShare, 0.75);
        QCOMPARE(e->serverLatency.p95Ms, 40.0);
        QVERIFY(std::isnan(e->serverLatency.p50Ms));
        // No destination reporter: unknown, not zero.
        QVERIFY(std::isnan(findEdge(s, "frontend", "cartservice")->serverRequestRate));
        QVERIFY(std::isnan(findEdge(s, "frontend", "cartservice")->mtlsShare));
    }

    void tcpInConnectionUnits()
    {
        const TelemetrySample s = build();
        const EdgeSample *e = findEdge(s, "cartservice", "redis-cart");
        QVERIFY(e);
        QCOMPARE(int(e->protocol), int(Protocol::Tcp));
        QCOMPARE(e->requestRate, 0.0);
        QCOMPARE(e->tcpOpenedRate, 5.0);
        QCOMPARE(e->tcpClosedRate, 4.0);
        QCOMPARE(e->tcpFailedRate, 1.0);
        QCOMPARE(e->bytesSentRate, 2048.0);
        QCOMPARE(e->bytesReceivedRate, 8192.0);
    }

    void quietTcpCallIsStillTcp()
    {
        // Rates of 0 in this window (no connection opened lately): still a database call.
        for (PromSeries &series : m_results[4].series)
            series.samples.back().value = 0.0;
        const TelemetrySample s = build();
        QCOMPARE(int(findEdge(s, "cartservice", "redis-cart")->protocol), int(Protocol::Tcp));
        QCOMPARE(int(findNode(s, "redis-cart")->kind), int(NodeKind::Database));
    }

    void kindsAndReplicas()
    {
        const TelemetrySample s = build();
        QCOMPARE(s.nodes.size(), size_t(4));
        QCOMPARE(int(findNode(s, "istio-ingressgateway")->kind), int(NodeKind::Gateway));
        QCOMPARE(int(findNode(s, "frontend")->kind), int(NodeKind::Service));
        QCOMPARE(int(findNode(s, "redis-cart")->kind), int(NodeKind::Database));
        QCOMPARE(findNode(s, "frontend")->replicasDesired, 3);
        QCOMPARE(findNode(s, "frontend")->replicasReady, 2);
        QCOMPARE(findNode(s, "cartservice")->replicasDesired, -1);
    }

    void externalPeerTakesTheCallersCluster()
    {
        add(m_results[0],
            outcome(call("frontend", "api.stripe.com", "shop", "unknown"), "http", "200", "", "-"),
            7);
        const TelemetrySample s = build();
        const NodeSample *n = findNode(s, "api.stripe.com");
        QVERIFY(n);
        QCOMPARE(int(n->kind), int(NodeKind::External));
        QCOMPARE(n->id.cluster(), QStringLiteral("east"));
    }

    void granularityNamesNodes()
    {
        const TelemetrySample w = build(Granularity::Workload);
        QVERIFY(findEdge(w, "frontend-v1", "cartservice-v2"));
        const TelemetrySample a = build(Granularity::App);
        QVERIFY(findEdge(a, "frontend:v1", "cartservice:v2"));
        QCOMPARE(findNode(a, "cartservice:v2")->version, QStringLiteral("v2"));
    }

    void multiClusterKeepsNodesApart()
    {
        add(m_results[0],
            outcome(call("frontend", "cartservice", "shop", "west"), "grpc", "200", "0", "-"), 9);
        const TelemetrySample s = build();
        int carts = 0;
        for (const NodeSample &n : s.nodes)
            carts += n.id.name() == QLatin1String("cartservice");
        QCOMPARE(carts, 2);
    }

    // The latency query answers with bucket rates (`sum by (le, ...)`); the quantiles are
    // histogram_quantile's, worked by hand: 100 requests/s, 10 at most 10 ms, 60 at most 50,
    // 90 at most 100, all at most 250. p50: rank 50 in (10, 50]: 10 + 40 * 40/50 = 42;
    // p95: rank 95 in (100, 250]: 100 + 150 * 5/10 = 175; p99: 100 + 150 * 9/10 = 235.
    void latencyFromBuckets()
    {
        m_results[1].series.clear();
        const PromLabels gwFe = call("istio-ingressgateway", "frontend");
        const QList<std::pair<const char *, double>> buckets{
            {"5", 0}, {"10", 10}, {"50", 60}, {"100", 90}, {"250", 100}, {"+Inf", 100}};
        for (const auto &[le, v] : buckets)
            add(m_results[1], with(gwFe, {{"le", le}}), v);
        // A second series of the same edge (another service name at workload granularity is
        // the real case; here a label the edge key ignores): the slower one counts.
        const QList<std::pair<const char *, double>> slower{
            {"5", 0}, {"10", 10}, {"50", 60}, {"100", 94}, {"250", 98}, {"+Inf", 100}};
        for (const auto &[le, v] : slower)
            add(m_results[1], with(gwFe, {{"le", le}, {"request_protocol", "grpc"}}), v);
        const TelemetrySample s = build();
        const EdgeSample *e = findEdge(s, "istio-ingressgateway", "frontend");
        QVERIFY(e);
        QCOMPARE(e->latency.p50Ms, 42.0);
        QCOMPARE(e->latency.p95Ms, 175.0); // the second: 100 + 150 * 1/4 = 137.5
        // The second series' rank 99 falls in +Inf: 250, the highest finite bound (the first
        // gives 235).
        QCOMPARE(e->latency.p99Ms, 250.0);
    }

    void bucketsOfAnIdleCallGiveNoLatency()
    {
        m_results[1].series.clear();
        for (const char *le : {"10", "100", "+Inf"})
            add(m_results[1], with(call("istio-ingressgateway", "frontend"), {{"le", le}}), 0);
        int sanitised = -1;
        const TelemetrySample s = build(Granularity::Service, &sanitised);
        QVERIFY(std::isnan(findEdge(s, "istio-ingressgateway", "frontend")->latency.p95Ms));
        QCOMPARE(sanitised, 0); // no traffic is not a broken value
    }

    void nanAndInfAreDroppedAndCounted()
    {
        add(m_results[0], outcome(call("frontend", "adservice"), "grpc", "200", "0", "-"), qInf());
        add(m_results[2],
            with(call("frontend", "adservice"), {{"connection_security_policy", "none"}}),
            std::nan(""));
        int sanitised = 0;
        const TelemetrySample s = build(Granularity::Service, &sanitised);
        QCOMPARE(sanitised, 2);
        QVERIFY(!findEdge(s, "frontend", "adservice"));
        QCOMPARE(findEdge(s, "istio-ingressgateway", "frontend")->requestRate, 100.0);
    }
};

QTEST_GUILESS_MAIN(TstSampleBuilder)
#include "tst_samplebuilder.moc"
