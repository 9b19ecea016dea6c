// The JSON snapshot reader: readJson() of jsonsnapshot.h. Schema: docs/export-formats.md.

#include "core/alerts/alertsnapshot.h"
#include "core/io/jsonsnapshot.h"
#include "core/io/jsonsnapshot_p.h"
#include "core/io/snapshotio_p.h"
#include "core/topology/topologybuilder.h"

#include <QIODevice>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <cmath>

namespace meshscope::core {

using namespace jsonsnapshot;

namespace {

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

    QStringList strings(const QJsonObject &o, const QString &where, const char *key)
    {
        QStringList out;
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined() || v.isNull())
            return out;
        if (!v.isArray()) {
            fail(where + QLatin1Char('.') + QLatin1String(key), "expected an array of strings");
            return out;
        }
        for (const QJsonValue &item : v.toArray()) {
            if (!item.isString()) {
                fail(where + QLatin1Char('.') + QLatin1String(key), "expected an array of strings");
                return out;
            }
            out.push_back(item.toString());
        }
        return out;
    }

    // What AlertSnapshot::toJson() and the writer wrote for one alert. Files written before
    // "silencedBy"/"inhibitedBy" existed only say "silenced"/"inhibited": the alert still reads
    // back muted, by a silence (or alert) the file does not name.
    Alert alert(const QJsonObject &o, const QString &where)
    {
        Alert a;
        a.name = string(o, where, "name");
        a.severity = string(o, where, "severity", false);
        a.summary = string(o, where, "summary", false);
        a.fingerprint = string(o, where, "fingerprint", false);
        a.generatorUrl = string(o, where, "generatorURL", false);
        a.startsAt = QDateTime::fromString(string(o, where, "startsAt", false), Qt::ISODate);
        const QJsonObject labels = object(o, where, "labels");
        for (auto it = labels.constBegin(); it != labels.constEnd(); ++it)
            a.labels.insert(it.key(), it.value().toString());
        a.silencedBy = strings(o, where, "silencedBy");
        a.inhibitedBy = strings(o, where, "inhibitedBy");
        const QString state = string(o, where, "state");
        if (state == QLatin1String("active")) {
            a.state = Alert::State::Active;
        } else if (state == QLatin1String("unprocessed")) {
            a.state = Alert::State::Unprocessed;
        } else if (state == QLatin1String("suppressed") || state == QLatin1String("silenced") ||
                   state == QLatin1String("inhibited")) {
            a.state = Alert::State::Suppressed;
            if (state == QLatin1String("silenced") && a.silencedBy.isEmpty())
                a.silencedBy.push_back(QString());
            if (state == QLatin1String("inhibited") && a.inhibitedBy.isEmpty())
                a.inhibitedBy.push_back(QString());
        } else if (!failed()) {
            fail(where + QStringLiteral(".state"),
                 "expected active, suppressed, unprocessed, silenced or inhibited");
        }
        return a;
    }

    // "mesh", "traces" or "both" -> EdgeSample's evidence bits.
    std::uint8_t evidence(const QJsonObject &o, const QString &where)
    {
        const QString text = string(o, where, "evidence");
        if (text == QLatin1String("mesh"))
            return EdgeSample::FromMesh;
        if (text == QLatin1String("traces"))
            return EdgeSample::FromTraces;
        if (text == QLatin1String("both"))
            return EdgeSample::FromMesh | EdgeSample::FromTraces;
        if (!failed())
            fail(where + QStringLiteral(".evidence"), "expected mesh, traces or both");
        return EdgeSample::FromMesh;
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
    // null reads as NaN and a file may hold any number: converted only within range (a double
    // outside it, or NaN, is undefined as an integer), else 0.
    const auto whole = [](double v, double low) {
        return std::isfinite(v) && v >= low && v < 9.0e18 ? v : 0.0;
    };
    out.generation =
        quint64(whole(r.number(root, QStringLiteral("snapshot"), "generation", 0.0), 0.0));
    out.timestampMs =
        qint64(whole(r.number(root, QStringLiteral("snapshot"), "timestamp", 0.0), -9.0e18));
    out.generatedAt = QDateTime::fromString(
        r.string(root, QStringLiteral("snapshot"), "generatedAt", false), Qt::ISODateWithMs);

    TelemetrySample sample;
    sample.timestampMs = out.timestampMs;
    sample.sourceName = out.sourceName;
    QHash<NodeId, HealthVerdict> nodeVerdicts;
    std::vector<HealthVerdict> edgeVerdicts;
    NodeIdSet idle;
    AlertSnapshot alerts;
    bool hasAlerts = false;
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
        if (o.contains(QLatin1String("alerts"))) {
            const QJsonValue list = o.value(QLatin1String("alerts"));
            if (!list.isArray())
                r.fail(where + QStringLiteral(".alerts"), "expected an array");
            const QJsonArray items = list.toArray();
            for (qsizetype k = 0; k < items.size() && !r.failed(); ++k) {
                const QString at = where + QStringLiteral(".alerts[%1]").arg(k);
                if (!items.at(k).isObject()) {
                    r.fail(at, "expected an object");
                    break;
                }
                alerts.byNode[ns.id].push_back(int(alerts.alerts.size()));
                alerts.alerts.push_back(r.alert(items.at(k).toObject(), at));
            }
            hasAlerts = true;
        }
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
        if (o.contains(QLatin1String("evidence"))) {
            e.evidence = r.evidence(o, where);
            e.traceCallCount = r.number(o, where, "traceCalls", 0.0);
            if (!std::isfinite(e.traceCallCount))
                e.traceCallCount = 0.0;
            out.evidence = true;
        }
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
    if (hasAlerts)
        out.alerts = std::make_shared<const AlertSnapshot>(std::move(alerts));
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
