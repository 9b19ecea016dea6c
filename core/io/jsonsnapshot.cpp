// The JSON snapshot: writeJson() and readJson() of snapshotio.h. Schema: docs/export-formats.md.

#include "core/io/jsonsnapshot.h"

#include "core/alerts/alertsnapshot.h"
#include "core/io/snapshotio_p.h"
#include "core/topology/topologybuilder.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace meshscope::core {

namespace {

constexpr auto kFormat = "meshscope-snapshot";
// Version 2: health.reason is an object (code and figures) instead of an English sentence.
constexpr int kVersion = 2;
constexpr int kOldestReadable = 1; // version 1 reads with its reasons dropped (code "none")

// JSON has no NaN or infinity: they become null (and null reads back as NaN).
QJsonValue number(double v)
{
    return std::isfinite(v) ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

QJsonValue count(int v) // -1 = unknown
{
    return v >= 0 ? QJsonValue(v) : QJsonValue(QJsonValue::Null);
}

// Only the fields the code fills (docs/export-formats.md); a consumer words it itself.
QJsonObject reasonJson(const VerdictReason &r)
{
    QJsonObject o{{QStringLiteral("code"), reasonKey(r.code)}};
    const auto put = [&o](const char *key, double v) {
        if (std::isfinite(v))
            o.insert(QLatin1String(key), v);
    };
    put("value", r.value);
    put("threshold", r.threshold);
    put("baseline", r.baseline);
    put("sigma", r.sigma);
    put("rate", r.rate);
    if (r.samples > 0)
        o.insert(QStringLiteral("samples"), r.samples);
    if (r.code == ReasonCode::Replicas) {
        o.insert(QStringLiteral("ready"), count(r.ready));
        o.insert(QStringLiteral("desired"), count(r.desired));
    }
    if (r.code == ReasonCode::ErrorTolerance) {
        o.insert(QStringLiteral("errorClass"), toString(r.errorClass));
        o.insert(QStringLiteral("level"), snapshotio::bandKey(r.level));
    }
    if (r.code == ReasonCode::LatencyObjective)
        o.insert(QStringLiteral("level"), snapshotio::bandKey(r.level));
    return o;
}

QJsonValue health(const HealthVerdict *v)
{
    if (!v)
        return QJsonValue(QJsonValue::Null);
    return QJsonObject{
        {QStringLiteral("score"), number(v->score)},
        {QStringLiteral("band"), snapshotio::bandKey(v->band)},
        {QStringLiteral("connectivity"), number(v->factors.connectivity)},
        {QStringLiteral("stability"), number(v->factors.stability)},
        {QStringLiteral("protocol"), number(v->factors.protocol)},
        {QStringLiteral("driver"), toString(v->driver)},
        {QStringLiteral("reason"), reasonJson(v->reason)},
    };
}

QJsonObject nodeJson(const SnapshotView &view, int index)
{
    const TopologyNode &n = view.topology->nodes()[size_t(index)];
    const std::optional<QPointF> pos = snapshotio::positionOf(view, n.id);
    QJsonObject o{
        {QStringLiteral("id"), n.id.key()},
        {QStringLiteral("name"), n.name},
        {QStringLiteral("namespace"), n.ns},
        {QStringLiteral("cluster"), n.id.cluster()},
        {QStringLiteral("kind"), toString(n.kind)},
        {QStringLiteral("version"), n.version},
        {QStringLiteral("idle"), n.idle},
        {QStringLiteral("replicas"),
         QJsonObject{{QStringLiteral("desired"), count(n.replicasDesired)},
                     {QStringLiteral("ready"), count(n.replicasReady)}}},
        {QStringLiteral("rps"), number(snapshotio::nodeRate(n))},
        {QStringLiteral("errorRatio"), number(n.errorRatio)},
        {QStringLiteral("p95Ms"), number(n.p95Ms)},
        {QStringLiteral("health"), health(snapshotio::nodeVerdict(view, index))},
        {QStringLiteral("position"),
         pos ? QJsonValue(QJsonObject{{QStringLiteral("x"), number(pos->x())},
                                      {QStringLiteral("y"), number(pos->y())}})
             : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("pinned"), view.pinned && view.pinned->contains(n.id)},
    };
    if (view.alerts)
        o.insert(QStringLiteral("alerts"), view.alerts->toJson(n.id));
    return o;
}

QString evidenceText(std::uint8_t evidence)
{
    const bool mesh = evidence & EdgeSample::FromMesh;
    const bool traces = evidence & EdgeSample::FromTraces;
    return mesh && traces ? QStringLiteral("both")
           : traces       ? QStringLiteral("traces")
                          : QStringLiteral("mesh");
}

QJsonObject edgeJson(const SnapshotView &view, int index)
{
    const TopologyEdge &e = view.topology->edges()[size_t(index)];
    const EdgeSample &m = e.metrics;
    QJsonObject o{
        {QStringLiteral("source"), view.topology->nodes()[size_t(e.source)].id.key()},
        {QStringLiteral("target"), view.topology->nodes()[size_t(e.target)].id.key()},
        {QStringLiteral("protocol"), toString(m.protocol)},
        {QStringLiteral("rps"), number(m.requestRate)},
        {QStringLiteral("rate4xx"), number(m.rate4xx)},
        {QStringLiteral("rate5xx"), number(m.rate5xx)},
        {QStringLiteral("rateGrpcError"), number(m.rateGrpcError)},
        {QStringLiteral("rateNoResponse"), number(m.rateNoResponse)},
        {QStringLiteral("errorRatio"), number(m.errorRatio())},
        {QStringLiteral("latency"),
         QJsonObject{{QStringLiteral("p50Ms"), number(m.latency.p50Ms)},
                     {QStringLiteral("p95Ms"), number(m.latency.p95Ms)},
                     {QStringLiteral("p99Ms"), number(m.latency.p99Ms)}}},
        {QStringLiteral("mtlsShare"), number(m.mtlsShare)},
        {QStringLiteral("tcpOpenedRate"), number(m.tcpOpenedRate)},
        {QStringLiteral("tcpClosedRate"), number(m.tcpClosedRate)},
        {QStringLiteral("bytesSentRate"), number(m.bytesSentRate)},
        {QStringLiteral("bytesReceivedRate"), number(m.bytesReceivedRate)},
        {QStringLiteral("tlsHandshakeFailureRate"), number(m.tlsHandshakeFailureRate)},
        {QStringLiteral("health"), health(snapshotio::edgeVerdict(view, index))},
    };
    if (view.evidence) {
        o.insert(QStringLiteral("evidence"), evidenceText(m.evidence));
        o.insert(QStringLiteral("traceCalls"), number(m.traceCallCount));
    }
    return o;
}

// Reading: every accessor names the field it failed on, e.g. "edges[2].latency.p95Ms".
class Reader
{
public:
    QString error;
    int version = kVersion;

    bool failed() const { return !error.isEmpty(); }

    void fail(const QString &where, const char *what)
    {
        if (error.isEmpty())
            error = where + QStringLiteral(": ") + QLatin1String(what);
    }

    QString string(const QJsonObject &o, const QString &where, const char *key,
                   bool required = true)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isString())
            return v.toString();
        if (required || !(v.isUndefined() || v.isNull()))
            fail(where + QLatin1Char('.') + QLatin1String(key), "expected a string");
        return {};
    }

    // Missing -> fallback; null -> NaN (what the writer makes of NaN and infinities).
    double number(const QJsonObject &o, const QString &where, const char *key,
                  double fallback = kNaN)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isDouble())
            return v.toDouble();
        if (v.isNull())
            return kNaN;
        if (v.isUndefined())
            return fallback;
        fail(where + QLatin1Char('.') + QLatin1String(key), "expected a number or null");
        return kNaN;
    }

    QJsonObject object(const QJsonObject &o, const QString &where, const char *key)
    {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isObject())
            return v.toObject();
        if (!(v.isUndefined() || v.isNull()))
            fail(where + QLatin1Char('.') + QLatin1String(key), "expected an object or null");
        return {};
    }

    int integer(const QJsonObject &o, const QString &where, const char *key, int fallback)
    {
        const double v = number(o, where, key, double(fallback));
        return std::isfinite(v) ? int(v) : fallback;
    }

    VerdictReason reason(const QJsonObject &h, const QString &where)
    {
        VerdictReason r;
        const QJsonObject o = object(h, where, "reason");
        if (o.isEmpty())
            return r;
        const QString at = where + QStringLiteral(".reason");
        const QString code = string(o, at, "code");
        if (const auto c = reasonFromKey(code))
            r.code = *c;
        else if (!failed())
            fail(at + QStringLiteral(".code"), "unknown reason code");
        r.value = number(o, at, "value");
        r.threshold = number(o, at, "threshold");
        r.baseline = number(o, at, "baseline");
        r.sigma = number(o, at, "sigma");
        r.rate = number(o, at, "rate");
        r.samples = integer(o, at, "samples", 0);
        r.ready = integer(o, at, "ready", -1);
        r.desired = integer(o, at, "desired", -1);
        const QString errorClass = string(o, at, "errorClass", false);
        for (ErrorClass c : {ErrorClass::Http5xx, ErrorClass::Http4xx, ErrorClass::GrpcError,
                             ErrorClass::NoResponse, ErrorClass::TcpFailure}) {
            if (toString(c) == errorClass)
                r.errorClass = c;
        }
        const QString level = string(o, at, "level", false);
        if (const auto b = snapshotio::bandFromKey(level))
            r.level = *b;
        return r;
    }

    HealthVerdict verdict(const QJsonObject &o, const QString &where)
    {
        HealthVerdict v;
        const QJsonObject h = object(o, where, "health");
        if (h.isEmpty())
            return v;
        const QString at = where + QStringLiteral(".health");
        v.score = number(h, at, "score");
        v.factors.connectivity = number(h, at, "connectivity");
        v.factors.stability = number(h, at, "stability");
        v.factors.protocol = number(h, at, "protocol");
        // Version 1 wrote an English sentence: nothing to recover as data.
        if (version >= 2)
            v.reason = reason(h, at);
        const QString band = string(h, at, "band");
        if (const auto b = snapshotio::bandFromKey(band))
            v.band = *b;
        else if (!failed())
            fail(at + QStringLiteral(".band"), "expected noData, healthy, degraded or failing");
        const QString driver = string(h, at, "driver", false);
        for (HealthFactor f :
             {HealthFactor::Connectivity, HealthFactor::Stability, HealthFactor::Protocol}) {
            if (toString(f) == driver)
                v.driver = f;
        }
        return v;
    }
};

template <typename Enum>
std::optional<Enum> enumFromString(const QString &text, std::initializer_list<Enum> values)
{
    for (Enum v : values) {
        if (toString(v) == text)
            return v;
    }
    return std::nullopt;
}

} // namespace

Result<void> writeJson(const SnapshotView &view, QIODevice &device)
{
    if (Result<void> ok = snapshotio::checkWritable(view, device, "JSON"); !ok)
        return ok;
    const Topology &t = *view.topology;
    QJsonArray nodes;
    for (int i = 0; i < t.nodeCount(); ++i)
        nodes.append(nodeJson(view, i));
    QJsonArray edges;
    for (int e = 0; e < t.edgeCount(); ++e)
        edges.append(edgeJson(view, e));
    const QDateTime at =
        view.generatedAt.isValid() ? view.generatedAt : QDateTime::currentDateTimeUtc();
    const QJsonObject root{
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("generatedAt"), at.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("source"), t.sourceName()},
        {QStringLiteral("generation"), double(t.generation())},
        {QStringLiteral("timestamp"), double(t.timestampMs())},
        {QStringLiteral("nodes"), nodes},
        {QStringLiteral("edges"), edges},
    };
    return snapshotio::writeAll(device, QJsonDocument(root).toJson(QJsonDocument::Indented),
                                "JSON");
}

Result<LoadedSnapshot> readJson(QIODevice &device)
{
    using R = Result<LoadedSnapshot>;
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(device.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return R::failure(QStringLiteral("not valid JSON at offset %1: %2")
                              .arg(parseError.offset)
                              .arg(parseError.errorString()));
    if (!doc.isObject())
        return R::failure(
            QStringLiteral("not a Meshscope snapshot: the top level is not an object"));
    const QJsonObject root = doc.object();
    if (root.value(QLatin1String("format")).toString() != QLatin1String(kFormat))
        return R::failure(QStringLiteral("not a Meshscope snapshot: \"format\" is not \"%1\"")
                              .arg(QLatin1String(kFormat)));
    const int version = root.value(QLatin1String("version")).toInt();
    if (version < kOldestReadable || version > kVersion)
        return R::failure(
            QStringLiteral("unsupported snapshot version %1 (this build reads versions %2 to %3)")
                .arg(root.value(QLatin1String("version")).toVariant().toString())
                .arg(kOldestReadable)
                .arg(kVersion));
    if (!root.value(QLatin1String("nodes")).isArray() ||
        !root.value(QLatin1String("edges")).isArray())
        return R::failure(QStringLiteral("\"nodes\" and \"edges\" must be arrays"));

    Reader r;
    r.version = version;
    LoadedSnapshot out;
    out.sourceName = r.string(root, QStringLiteral("snapshot"), "source", false);
    out.generation =
        quint64(std::max(0.0, r.number(root, QStringLiteral("snapshot"), "generation", 0.0)));
    out.timestampMs = qint64(r.number(root, QStringLiteral("snapshot"), "timestamp", 0.0));
    out.generatedAt = QDateTime::fromString(
        r.string(root, QStringLiteral("snapshot"), "generatedAt", false), Qt::ISODateWithMs);

    TelemetrySample sample;
    sample.timestampMs = out.timestampMs;
    sample.sourceName = out.sourceName;
    QHash<NodeId, HealthVerdict> nodeVerdicts;
    std::vector<HealthVerdict> edgeVerdicts;
    NodeIdSet idle;
    const QJsonArray nodes = root.value(QLatin1String("nodes")).toArray();
    for (qsizetype i = 0; i < nodes.size() && !r.failed(); ++i) {
        const QString where = QStringLiteral("nodes[%1]").arg(i);
        if (!nodes.at(i).isObject())
            return R::failure(where + QStringLiteral(": expected an object"));
        const QJsonObject o = nodes.at(i).toObject();
        NodeSample ns;
        ns.id = NodeId::fromKey(r.string(o, where, "id"));
        if (!r.failed() && ns.id.key().count(QLatin1Char('/')) < 2)
            r.fail(where + QStringLiteral(".id"), "expected \"cluster/namespace/name\"");
        const auto kind = enumFromString(
            r.string(o, where, "kind", false),
            {NodeKind::Service, NodeKind::Gateway, NodeKind::Database, NodeKind::External});
        ns.kind = kind.value_or(NodeKind::Service);
        ns.version = r.string(o, where, "version", false);
        const QJsonObject replicas = r.object(o, where, "replicas");
        const double desired = r.number(replicas, where + QStringLiteral(".replicas"), "desired");
        const double ready = r.number(replicas, where + QStringLiteral(".replicas"), "ready");
        ns.replicasDesired = std::isfinite(desired) ? int(desired) : -1;
        ns.replicasReady = std::isfinite(ready) ? int(ready) : -1;
        nodeVerdicts.insert(ns.id, r.verdict(o, where));
        const QJsonObject pos = r.object(o, where, "position");
        if (!pos.isEmpty()) {
            const double x = r.number(pos, where + QStringLiteral(".position"), "x");
            const double y = r.number(pos, where + QStringLiteral(".position"), "y");
            if (std::isfinite(x) && std::isfinite(y))
                out.positions.insert(ns.id, QPointF(x, y));
        }
        if (o.value(QLatin1String("pinned")).toBool())
            out.pinned.insert(ns.id);
        if (o.value(QLatin1String("idle")).toBool())
            idle.insert(ns.id);
        sample.nodes.push_back(ns);
    }
    const QJsonArray edges = root.value(QLatin1String("edges")).toArray();
    for (qsizetype i = 0; i < edges.size() && !r.failed(); ++i) {
        const QString where = QStringLiteral("edges[%1]").arg(i);
        if (!edges.at(i).isObject())
            return R::failure(where + QStringLiteral(": expected an object"));
        const QJsonObject o = edges.at(i).toObject();
        EdgeSample e;
        e.source = NodeId::fromKey(r.string(o, where, "source"));
        e.destination = NodeId::fromKey(r.string(o, where, "target"));
        e.protocol = enumFromString(r.string(o, where, "protocol", false),
                                    {Protocol::Http, Protocol::Grpc, Protocol::Tcp})
                         .value_or(Protocol::Http);
        e.requestRate = r.number(o, where, "rps", 0.0);
        e.rate4xx = r.number(o, where, "rate4xx", 0.0);
        e.rate5xx = r.number(o, where, "rate5xx", 0.0);
        e.rateGrpcError = r.number(o, where, "rateGrpcError", 0.0);
        e.rateNoResponse = r.number(o, where, "rateNoResponse", 0.0);
        const QJsonObject latency = r.object(o, where, "latency");
        e.latency.p50Ms = r.number(latency, where + QStringLiteral(".latency"), "p50Ms");
        e.latency.p95Ms = r.number(latency, where + QStringLiteral(".latency"), "p95Ms");
        e.latency.p99Ms = r.number(latency, where + QStringLiteral(".latency"), "p99Ms");
        e.mtlsShare = r.number(o, where, "mtlsShare");
        e.tcpOpenedRate = r.number(o, where, "tcpOpenedRate", 0.0);
        e.tcpClosedRate = r.number(o, where, "tcpClosedRate", 0.0);
        e.bytesSentRate = r.number(o, where, "bytesSentRate", 0.0);
        e.bytesReceivedRate = r.number(o, where, "bytesReceivedRate", 0.0);
        e.tlsHandshakeFailureRate = r.number(o, where, "tlsHandshakeFailureRate", 0.0);
        edgeVerdicts.push_back(r.verdict(o, where));
        sample.edges.push_back(e);
    }
    if (r.failed())
        return R::failure(r.error);

    // Idle nodes (no traffic in that refresh) come back idle the way the builder marks them:
    // known from an earlier refresh, absent from this one.
    TopologyBuilder builder;
    if (!idle.isEmpty()) {
        TelemetrySample earlier = sample;
        earlier.edges.clear();
        (void)builder.build(earlier);
        std::erase_if(sample.nodes, [&idle](const NodeSample &ns) { return idle.contains(ns.id); });
    }
    out.topology = builder.build(sample);
    const Topology &t = *out.topology;
    out.scores.generation = t.generation();
    out.scores.nodes.resize(size_t(t.nodeCount()));
    for (int i = 0; i < t.nodeCount(); ++i)
        out.scores.nodes[size_t(i)] = nodeVerdicts.value(t.nodes()[size_t(i)].id);
    out.scores.edges.resize(size_t(t.edgeCount()));
    for (size_t i = 0; i < sample.edges.size(); ++i) {
        const int e = t.edgeIndex(sample.edges[i].source, sample.edges[i].destination);
        if (e >= 0)
            out.scores.edges[size_t(e)] = edgeVerdicts[i];
    }
    return out;
}

} // namespace meshscope::core
