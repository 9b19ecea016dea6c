#include "core/prometheus/samplebuilder.h"

#include <QTest>

#include <cmath>

using namespace meshscope;
using namespace meshscope::core;

namespace {

PromLabels call(const QString &from, const QString &to, const QString &toNs = "shop",
                const QString &toCluster = "east")
{
    return {{"source_cluster", "east"},
            {"source_workload_namespace", "shop"},
            {"source_canonical_service", from},
            {"source_workload", from + "-v1"},
            {"source_app", from},
            {"source_version", "v1"},
            {"destination_cluster", toCluster},
            {"destination_service_namespace", toNs},
            {"destination_service_name", to},
            {"destination_workload", to + "-v2"},
            {"destination_app", to},
            {"destination_version", "v2"}};
}

PromLabels with(PromLabels labels, const QMap<QString, QString> &more)
{
    for (auto it = more.cbegin(); it != more.cend(); ++it)
        labels.insert(it.key(), it.value());
    return labels;
}

void add(PromQueryResult &r, const PromLabels &labels, double value)
{
    PromSeries s;
    s.labels = labels;
    s.samples.push_back({1'000, value});
    r.series.push_back(std::move(s));
}

PromLabels outcome(const PromLabels &edge, const char *protocol, const char *code, const char *grpc,
                   const char *flags)
{
    return with(edge, {{"request_protocol", protocol},
                       {"response_code", code},
                       {"grpc_response_status", grpc},
                       {"response_flags", flags}});
}

// A series as the queries answer it: the identity labels of the service granularity joined in
// meshscope_edge (groupBy order), the separate ones gone.
PromLabels joined(PromLabels labels)
{
    QStringList parts;
    for (const char *l :
         {"source_cluster", "source_workload_namespace", "source_canonical_service",
          "destination_cluster", "destination_service_namespace", "destination_service_name"})
        parts << labels.value(QLatin1String(l));
    for (const char *l : {"source_cluster", "source_workload_namespace", "source_canonical_service",
                          "source_workload", "source_app", "source_version", "destination_cluster",
                          "destination_service_namespace", "destination_service_name",
                          "destination_workload", "destination_app", "destination_version"})
        labels.remove(QLatin1String(l));
    labels.insert("meshscope_edge", parts.join(QLatin1Char('|')));
    return labels;
}

// What the health model reads of a sample, in a form QCOMPARE can show.
QStringList facts(const TelemetrySample &s)
{
    QStringList out;
    for (const EdgeSample &e : s.edges)
        out << QStringLiteral("%1 -> %2: %3 req/s 5xx %4 4xx %5 grpc %6 none %7 timeout %8 "
                              "p50 %9 p95 %10 p99 %11 server %12 mtls %13 tcp %14/%15/%16 "
                              "protocol %17")
                   .arg(e.source.key(), e.destination.key())
                   .arg(e.requestRate)
                   .arg(e.rate5xx)
                   .arg(e.rate4xx)
                   .arg(e.rateGrpcError)
                   .arg(e.rateNoResponse)
                   .arg(e.rateTimeout)
                   .arg(e.latency.p50Ms)
                   .arg(e.latency.p95Ms)
                   .arg(e.latency.p99Ms)
                   .arg(e.serverRequestRate)
                   .arg(e.mtlsShare)
                   .arg(e.tcpOpenedRate)
                   .arg(e.tcpFailedRate)
                   .arg(e.bytesSentRate)
                   .arg(int(e.protocol));
    for (const NodeSample &n : s.nodes)
        out << QStringLiteral("node %1 kind %2").arg(n.id.key()).arg(int(n.kind));
    return out;
}

const EdgeSample *findEdge(const TelemetrySample &s, const QString &from, const QString &to)
{
    for (const EdgeSample &e : s.edges)
        if (e.source.name() == from && e.destination.name() == to)
            return &e;
    return nullptr;
}

// A pointer into a temporary sample would dangle.
const EdgeSample *findEdge(TelemetrySample &&, const QString &, const QString &) = delete;

const NodeSample *findNode(const TelemetrySample &s, const QString &name)
{
    for (const NodeSample &n : s.nodes)
        if (n.id.name() == name)
            return &n;
    return nullptr;
}

} // namespace

// Prometheus answers (as the Istio profile's queries return them) read into the sample the
// health model scores: Kiali's error classes, both reporters, TCP units, identities and kinds.
class TstSampleBuilder : public QObject
{
    Q_OBJECT

private:
    MetricProfile m_istio;
    // requests, latency, serverRequests, serverLatency, tcp, replicas
    std::vector<PromQueryResult> m_results = std::vector<PromQueryResult>(6);

    TelemetrySample build(Granularity g = Granularity::Service, int *sanitised = nullptr) const
    {
        std::vector<const PromQueryResult *> p;
        for (const PromQueryResult &r : m_results)
            p.push_back(&r);
        const SampleBuilder b(m_istio, g);
        TelemetrySample s = b.build(p, 42);
        if (sanitised)
            *sanitised = b.sanitisedValues();
        return s;
    }

private Q_SLOTS:
    void init()
    {
        auto p = MetricProfile::find(QStringLiteral("istio"));
        QVERIFY2(p.ok(), qPrintable(p.error()));
        m_istio = p.value();
        // The built-in profile leaves the callee's latency out (the health model does not read
        // it); the role stays for profiles that want it, and is tested here at index 3.
        MetricProfile::Query serverLatency;
        serverLatency.role = MetricProfile::Role::ServerLatency;
        serverLatency.histogram = QStringLiteral("x_bucket{reporter=\"destination\"${filter}}");
        QCOMPARE(m_istio.queries.at(2).role, MetricProfile::Role::ServerRequests);
        m_istio.queries.insert(m_istio.queries.begin() + 3, serverLatency);
        m_results.assign(6, PromQueryResult{});
        const PromLabels gwFe = call("istio-ingressgateway", "frontend");
        const PromLabels feCart = call("frontend", "cartservice");
        // HTTP: 90 ok, 4 app 500s, 3 Envoy-local 503 UH, 1 UT 504, 1 no response, 1 404.
        add(m_results[0], outcome(gwFe, "http", "200", "", "-"), 90);
        add(m_results[0], outcome(gwFe, "http", "500", "", "-"), 4);
        add(m_results[0], outcome(gwFe, "http", "503", "", "UH"), 3);
        add(m_results[0], outcome(gwFe, "http", "504", "", "UT"), 1);
        add(m_results[0], outcome(gwFe, "http", "0", "", "DC"), 1);
        add(m_results[0], outcome(gwFe, "http", "404", "", "-"), 1);
        // gRPC: 200 + grpc-status, and an Envoy 503 carrying status 14.
        add(m_results[0], outcome(feCart, "grpc", "200", "0", "-"), 45);
        add(m_results[0], outcome(feCart, "grpc", "200", "13", "-"), 3);
        add(m_results[0], outcome(feCart, "grpc", "503", "14", "URX"), 2);
        for (const auto &[q, v] : {std::pair{"0.5", 12.0}, {"0.95", 48.0}, {"0.99", 90.0}})
            add(m_results[1], with(gwFe, {{"quantile", q}}), v);
        add(m_results[2], with(gwFe, {{"connection_security_policy", "mutual_tls"}}), 60);
        add(m_results[2], with(gwFe, {{"connection_security_policy", "none"}}), 20);
        add(m_results[3], with(gwFe, {{"quantile", "0.95"}}), 40);
        const PromLabels cartRedis = call("cartservice", "redis-cart");
        add(m_results[4], with(cartRedis, {{"meshscope_series", "opened"}}), 5);
        add(m_results[4], with(cartRedis, {{"meshscope_series", "closed"}}), 4);
        add(m_results[4], with(cartRedis, {{"meshscope_series", "failed"}}), 1);
        add(m_results[4], with(cartRedis, {{"meshscope_series", "bytesSent"}}), 2048);
        add(m_results[4], with(cartRedis, {{"meshscope_series", "bytesReceived"}}), 8192);
        add(m_results[5],
            {{"namespace", "shop"}, {"deployment", "frontend"}, {"meshscope_series", "desired"}},
            3);
        add(m_results[5],
            {{"namespace", "shop"}, {"deployment", "frontend"}, {"meshscope_series", "ready"}}, 2);
    }

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

    // As the query answers: the identity labels joined in meshscope_edge (groupBy order).
    void latencyFromJoinedBuckets()
    {
        m_results[1].series.clear();
        const QString edge = "east|shop|istio-ingressgateway|east|shop|frontend";
        const QList<std::pair<const char *, double>> buckets{
            {"5", 0}, {"10", 10}, {"50", 60}, {"100", 90}, {"250", 100}, {"+Inf", 100}};
        for (const auto &[le, v] : buckets)
            add(m_results[1], {{"le", le}, {"meshscope_edge", edge}}, v);
        // A '|' inside a value: the parts cannot be told apart, so the series is left out and
        // counted, never attached to a wrong node.
        for (const auto &[le, v] : buckets)
            add(m_results[1], {{"le", le}, {"meshscope_edge", "east|shop|a|b|east|shop|frontend"}},
                v);
        const SampleBuilder builder(m_istio, Granularity::Service);
        std::vector<const PromQueryResult *> p;
        for (const PromQueryResult &r : m_results)
            p.push_back(&r);
        const TelemetrySample s = builder.build(p, 42);
        const EdgeSample *e = findEdge(s, "istio-ingressgateway", "frontend");
        QVERIFY(e);
        QCOMPARE(e->source.ns(), QStringLiteral("shop"));
        QCOMPARE(e->latency.p50Ms, 42.0);
        QCOMPARE(e->latency.p95Ms, 175.0);
        QCOMPARE(e->latency.p99Ms, 235.0);
        QCOMPARE(builder.unreadableSeries(), 1); // one call, whatever its number of series
        QVERIFY(!findNode(s, "a|b"));
        QVERIFY(!findNode(s, "a"));
    }

    // Every query joins the identity labels into meshscope_edge (the recorded series too): the
    // same answers in that shape give the same sample, an external peer included.
    void joinedAnswersGiveTheSameSample()
    {
        add(m_results[0],
            outcome(call("frontend", "api.stripe.com", "shop", "unknown"), "http", "200", "", "-"),
            7);
        const QStringList separate = facts(build());
        for (PromQueryResult &r : m_results)
            for (PromSeries &series : r.series)
                if (series.labels.contains("destination_service_name"))
                    series.labels = joined(series.labels);
        QCOMPARE(m_results[0].series.front().labels.size(), 5); // the edge and the outcome
        QCOMPARE(facts(build()), separate);
        QCOMPARE(int(findNode(build(), "api.stripe.com")->kind), int(NodeKind::External));
    }

    // The recorded series are selected by namespace with a regex over the joined label, which
    // lets a selection run past its field ("shop.cart.*" over "shop|cartservice"): the split
    // fields are checked again, and a call with either end in the selection stays.
    void namespacesAreCheckedOnTheJoinedFields()
    {
        add(m_results[0], outcome(call("frontend", "basket", "shop-carts"), "http", "200", "", "-"),
            5);
        for (PromQueryResult &r : m_results)
            for (PromSeries &series : r.series)
                if (series.labels.contains("destination_service_name"))
                    series.labels = joined(series.labels);
        std::vector<const PromQueryResult *> p;
        for (const PromQueryResult &r : m_results)
            p.push_back(&r);
        const TelemetrySample s =
            SampleBuilder(m_istio, Granularity::Service, QStringLiteral("shop.cart.*"))
                .build(p, 42);
        QCOMPARE(int(s.edges.size()), 1);
        QVERIFY(findEdge(s, "frontend", "basket"));
        const TelemetrySample all =
            SampleBuilder(m_istio, Granularity::Service, QStringLiteral(".*")).build(p, 42);
        QCOMPARE(int(all.edges.size()), 4);
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
