#pragma once

// The value types every telemetry source produces (demo simulator, Prometheus, Jaeger) and the
// topology builder consumes. Plain values: cheap to copy, safe to hand between threads.

#include <QHashFunctions>
#include <QMap>
#include <QMetaType>
#include <QString>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace meshscope::core {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

enum class NodeKind : std::uint8_t
{
    Service,
    Gateway,
    Database,
    External
};

QString toString(NodeKind kind);

enum class Protocol : std::uint8_t
{
    Http,
    Grpc,
    Tcp
};

QString toString(Protocol protocol);

// Stable identity of a service (or workload) across refreshes: "cluster/namespace/name".
// Small typed value (one implicitly shared string), hashable, usable as a map key.
class NodeId
{
public:
    NodeId() = default;
    NodeId(const QString &cluster, const QString &ns, const QString &name)
        : m_key(cluster + QLatin1Char('/') + ns + QLatin1Char('/') + name)
    {
    }
    static NodeId fromKey(const QString &key)
    {
        NodeId id;
        id.m_key = key;
        return id;
    }

    const QString &key() const { return m_key; }
    bool isValid() const { return !m_key.isEmpty(); }
    QString cluster() const { return m_key.section(QLatin1Char('/'), 0, 0); }
    QString ns() const { return m_key.section(QLatin1Char('/'), 1, 1); }
    QString name() const { return m_key.section(QLatin1Char('/'), 2); }

    friend bool operator==(const NodeId &a, const NodeId &b) { return a.m_key == b.m_key; }
    friend bool operator!=(const NodeId &a, const NodeId &b) { return a.m_key != b.m_key; }
    friend bool operator<(const NodeId &a, const NodeId &b) { return a.m_key < b.m_key; }
    friend size_t qHash(const NodeId &id, size_t seed = 0) { return qHash(id.m_key, seed); }

private:
    QString m_key;
};

// Latency quantiles in milliseconds; NaN when unknown (no traffic, no histogram).
struct LatencyQuantiles
{
    double p50Ms = kNaN;
    double p95Ms = kNaN;
    double p99Ms = kNaN;
};

// One directed call edge as a mesh reports it over the sampling window (rates per second,
// as `rate(...[1m])` gives them). The request and latency figures are the reporter="source"
// view (what the caller saw, so each request counts once); the server* figures and the mTLS
// share are the reporter="destination" view, which Istio alone labels with
// connection_security_policy. Error classes follow Kiali: the class is decided by the response
// code alone, so Envoy's local 503s (flags UH, UF, URX, DF) are 5xx (gRPC status 14 on gRPC) and
// "no response" is response code 0 only.
struct EdgeSample
{
    NodeId source;
    NodeId destination;
    Protocol protocol = Protocol::Http;

    double requestRate = 0.0;    // requests/s, all outcomes (HTTP/gRPC)
    double rate4xx = 0.0;        // requests/s answered 4xx (HTTP)
    double rate5xx = 0.0;        // requests/s answered 5xx, incl. Envoy's local 503/504 (HTTP)
    double rateGrpcError = 0.0;  // requests/s with grpc_response_status 1..16 (gRPC)
    double rateNoResponse = 0.0; // requests/s with response code 0 (Kiali's "-")
    double rateTimeout = 0.0;    // of the above, requests/s that hit the route timeout (flag UT)
    LatencyQuantiles latency;    // client-observed (reporter="source")

    // reporter="destination": what the callee's proxy saw. NaN = no destination-reporter data
    // (a source without it, or a call that never reached the callee, e.g. a DNS failure).
    double serverRequestRate = kNaN;
    LatencyQuantiles serverLatency;

    // TCP (istio_tcp_*), only on TCP edges; connection units, never mixed with requests.
    double tcpOpenedRate = 0.0;           // connections opened/s
    double tcpClosedRate = 0.0;           // connections closed/s
    double tcpFailedRate = 0.0;           // of the opened, connections/s with a failure flag
    double bytesSentRate = 0.0;           // bytes/s client -> server
    double bytesReceivedRate = 0.0;       // bytes/s server -> client
    double mtlsShare = kNaN;              // 0..1 of requests over mutual TLS; NaN = unknown
    double tlsHandshakeFailureRate = 0.0; // failed TLS handshakes/s (flag UF with TLS error)

    // Where the edge is known from: the mesh's metrics, traces (Jaeger dependencies), or both.
    enum Evidence : std::uint8_t
    {
        FromMesh = 1,
        FromTraces = 2
    };
    std::uint8_t evidence = FromMesh;
    double traceCallCount = 0.0; // calls Jaeger's dependency graph counted over its lookback

    double errorRate() const { return rate5xx + rateGrpcError + rateNoResponse; }
    double errorRatio() const { return requestRate > 0.0 ? errorRate() / requestRate : kNaN; }
};

// What is known of a node itself (workload replicas); -1 = unknown.
struct NodeSample
{
    NodeId id;
    NodeKind kind = NodeKind::Service;
    QString version;
    int replicasDesired = -1;
    int replicasReady = -1;
    // Workload labels the source knows (app.kubernetes.io/part-of, team…): grouping by a label
    // other than the namespace reads them. Empty when the source has none.
    QMap<QString, QString> labels;
};

// One refresh worth of telemetry from any source.
struct TelemetrySample
{
    qint64 timestampMs = 0; // end of the sampling window, ms since the Unix epoch
    QString sourceName;     // "demo:shop", "prometheus:http://...", for status bars and exports
    std::vector<NodeSample> nodes;
    std::vector<EdgeSample> edges;
};

} // namespace meshscope::core

Q_DECLARE_METATYPE(meshscope::core::NodeId)
