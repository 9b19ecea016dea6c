#pragma once

// The answers of the Istio profile's queries as SampleBuilder reads them, built by hand:
// tst_samplebuilder (the separate identity labels) and tst_samplebuilder_joined (the joined
// meshscope_edge label every query and recorded series carries).

#include "core/prometheus/samplebuilder.h"

#include <QTest>

#include <vector>

namespace meshscope::testing {

using namespace meshscope::core;

inline PromLabels call(const QString &from, const QString &to, const QString &toNs = "shop",
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

inline PromLabels with(PromLabels labels, const QMap<QString, QString> &more)
{
    for (auto it = more.cbegin(); it != more.cend(); ++it)
        labels.insert(it.key(), it.value());
    return labels;
}

inline void add(PromQueryResult &r, const PromLabels &labels, double value)
{
    PromSeries s;
    s.labels = labels;
    s.samples.push_back({1'000, value});
    r.series.push_back(std::move(s));
}

inline PromLabels outcome(const PromLabels &edge, const char *protocol, const char *code,
                          const char *grpc, const char *flags)
{
    return with(edge, {{"request_protocol", protocol},
                       {"response_code", code},
                       {"grpc_response_status", grpc},
                       {"response_flags", flags}});
}

// A series as the queries answer it: the identity labels of the service granularity joined in
// meshscope_edge (groupBy order), the separate ones gone.
inline PromLabels joined(PromLabels labels)
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
inline QStringList facts(const TelemetrySample &s)
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

inline const EdgeSample *findEdge(const TelemetrySample &s, const QString &from, const QString &to)
{
    for (const EdgeSample &e : s.edges)
        if (e.source.name() == from && e.destination.name() == to)
            return &e;
    return nullptr;
}

// A pointer into a temporary sample would dangle.
const EdgeSample *findEdge(TelemetrySample &&, const QString &, const QString &) = delete;

inline const NodeSample *findNode(const TelemetrySample &s, const QString &name)
{
    for (const NodeSample &n : s.nodes)
        if (n.id.name() == name)
            return &n;
    return nullptr;
}

// The Istio profile with the callee's latency role added back at index 3, and one answer per
// query: a gateway -> frontend HTTP call with every error class, a frontend -> cartservice gRPC
// call, a cartservice -> redis-cart TCP call, replicas of frontend.
struct SampleBuilderFixture
{
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

    void setUpAnswers()
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
};

} // namespace meshscope::testing
