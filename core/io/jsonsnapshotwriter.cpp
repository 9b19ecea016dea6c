// The JSON snapshot writer: writeJson() of jsonsnapshot.h. Schema: docs/export-formats.md.

#include "core/alerts/alertsnapshot.h"
#include "core/io/jsonsnapshot.h"
#include "core/io/jsonsnapshot_p.h"
#include "core/io/snapshotio_p.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace meshscope::core {

using namespace jsonsnapshot;

namespace {

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

// AlertSnapshot's export fields, plus what the reader needs to give the alert back whole
// (which silences and inhibitions mute it, its identity and its link).
QJsonArray alertsJson(const AlertSnapshot &alerts, const NodeId &node)
{
    QJsonArray out = alerts.toJson(node);
    const std::vector<Alert> of = alerts.alertsOf(node);
    for (qsizetype i = 0; i < out.size() && size_t(i) < of.size(); ++i) {
        const Alert &a = of[size_t(i)];
        QJsonObject o = out.at(i).toObject();
        o.insert(QStringLiteral("silencedBy"), QJsonArray::fromStringList(a.silencedBy));
        o.insert(QStringLiteral("inhibitedBy"), QJsonArray::fromStringList(a.inhibitedBy));
        o.insert(QStringLiteral("fingerprint"), a.fingerprint);
        o.insert(QStringLiteral("generatorURL"), a.generatorUrl);
        out.replace(i, o);
    }
    return out;
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
        o.insert(QStringLiteral("alerts"), alertsJson(*view.alerts, n.id));
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
    QJsonObject root{
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("version"), kVersion},
        {QStringLiteral("generatedAt"), at.toUTC().toString(Qt::ISODateWithMs)},
        {QStringLiteral("source"), t.sourceName()},
        {QStringLiteral("generation"), double(t.generation())},
        {QStringLiteral("timestamp"), double(t.timestampMs())},
        {QStringLiteral("nodes"), nodes},
        {QStringLiteral("edges"), edges},
    };
    if (view.replay)
        root.insert(QStringLiteral("replay"), true);
    return snapshotio::writeAll(device, QJsonDocument(root).toJson(QJsonDocument::Indented),
                                "JSON");
}

} // namespace meshscope::core
