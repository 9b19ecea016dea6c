#include "tests/servers/jaegertestserver.h"

#include "tests/servers/otlpjson.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QSet>
#include <QUrlQuery>

#include <algorithm>

namespace meshscope::tests {

namespace {

using Reply = MisbehavingServer::Reply;

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

// Go's http.Error: the JSON envelope, but typed text/plain with a trailing newline.
Reply v1Error(int status, const QString &message)
{
    const QJsonObject envelope{
        {"data", QJsonValue::Null},
        {"total", 0},
        {"limit", 0},
        {"offset", 0},
        {"errors", QJsonArray{QJsonObject{{"code", status}, {"msg", message}}}}};
    return Reply{status, "text/plain; charset=utf-8", {}, json(envelope) + '\n', false};
}

Reply v1Data(const QJsonArray &data, int total = 0)
{
    const QJsonObject envelope{{"data", data},
                               {"total", total},
                               {"limit", 0},
                               {"offset", 0},
                               {"errors", QJsonValue::Null}};
    return Reply{200, "application/json", {}, json(envelope), false};
}

Reply v3Error(int status, const QString &message)
{
    const QJsonObject body{{"error", QJsonObject{{"httpCode", status}, {"message", message}}}};
    return Reply{status, "application/json", {}, json(body), false};
}

QString item(const QUrlQuery &q, const QString &key)
{
    return q.queryItemValue(key, QUrl::FullyDecoded);
}

QString tagText(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

QString serviceOf(const QJsonObject &trace, const QJsonObject &span)
{
    return trace.value("processes")
        .toObject()
        .value(span.value("processID").toString())
        .toObject()
        .value("serviceName")
        .toString();
}

qint64 traceStartUs(const QJsonObject &trace)
{
    qint64 start = std::numeric_limits<qint64>::max();
    for (const QJsonValue &s : trace.value("spans").toArray())
        start = std::min(start, s.toObject().value("startTime").toInteger());
    return start;
}

} // namespace

JaegerTestServer::JaegerTestServer(Apis apis, quint16 port)
    : m_server(MisbehavingServer::Transport::Plain, port)
{
    const bool v1 = apis != Apis::V3Only;
    const bool v3 = apis != Apis::V1Only;
    auto gone = [](const Request &) {
        return Reply{404, "text/plain; charset=utf-8", {}, "404 page not found\n", false};
    };
    auto spaFallback = [](const Request &) {
        return Reply{200,
                     "text/html; charset=utf-8",
                     {},
                     "<!doctype html><html><head><title>Jaeger UI</title></head>"
                     "<body><div id=\"jaeger-ui-root\"></div></body></html>",
                     false};
    };
    // Jaeger keeps /api/dependencies in every version.
    m_server.setRoute("/api/dependencies", [this](const Request &r) { return dependencies(r); });
    if (v1) {
        m_server.setRoute("/api/services", [this](const Request &) { return services(false); });
        m_server.setRoute("/api/traces", [this](const Request &r) { return searchV1(r); });
    } else {
        m_server.setRoute("/api/services", gone);
        m_server.setRoute("/api/traces", gone);
    }
    if (v3) {
        m_server.setRoute("/api/v3/services", [this](const Request &) { return services(true); });
        m_server.setRoute("/api/v3/traces", [this](const Request &r) { return searchV3(r); });
    } else {
        m_server.setRoute("/api/v3/services", spaFallback);
        m_server.setRoute("/api/v3/traces", spaFallback);
    }
}

JaegerTestServer::~JaegerTestServer() = default;

void JaegerTestServer::addTrace(const QJsonObject &trace)
{
    QMutexLocker lock(&m_mutex);
    const QString id = trace.value("traceID").toString();
    for (const QJsonObject &t : m_traces)
        if (t.value("traceID").toString() == id)
            return;
    m_traces.push_back(trace);
}

int JaegerTestServer::loadRecordedTraces(const QString &fixturesDir)
{
    int added = 0;
    const QDir dir(fixturesDir);
    const QStringList files = {
        "jaeger/v1_trace_ui_01.json", "jaeger/v1_envelope_traces_from_transform.json",
        "jaeger-ui/trace_testTrace.json", "jaeger-ui/trace_spansAmongEachOtherGrouped.json",
        "jaeger-ui/envelope_otlp2jaeger-out.json"};
    for (const QString &name : files) {
        QFile f(dir.filePath(name));
        if (!f.open(QIODevice::ReadOnly))
            continue;
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        const QJsonArray traces = o.contains("data") ? o.value("data").toArray() : QJsonArray{o};
        for (const QJsonValue &t : traces) {
            const size_t before = m_traces.size();
            addTrace(t.toObject());
            added += int(m_traces.size() - before);
        }
    }
    return added;
}

void JaegerTestServer::addDependencies(const QJsonArray &links, qint64 atMs)
{
    QMutexLocker lock(&m_mutex);
    m_dependencies.push_back({links, atMs, false});
}

void JaegerTestServer::addRollingDependencies(const QJsonArray &links, qint64 sinceMs)
{
    QMutexLocker lock(&m_mutex);
    m_dependencies.push_back({links, sinceMs, true});
}

void JaegerTestServer::setV3ChunkPerTrace(bool on)
{
    QMutexLocker lock(&m_mutex);
    m_chunkPerTrace = on;
}

JaegerTestServer::Reply JaegerTestServer::services(bool v3) const
{
    QMutexLocker lock(&m_mutex);
    QSet<QString> names;
    for (const QJsonObject &t : m_traces)
        for (const QJsonValue &p : t.value("processes").toObject())
            names.insert(p.toObject().value("serviceName").toString());
    QStringList sorted(names.begin(), names.end());
    sorted.sort();
    const QJsonArray array = QJsonArray::fromStringList(sorted);
    if (v3)
        return Reply{200, "application/json", {}, json({{"services", array}}), false};
    return v1Data(array, int(array.size()));
}

JaegerTestServer::Reply JaegerTestServer::dependencies(const Request &r) const
{
    const QUrlQuery q(QString::fromUtf8(r.query));
    bool ok = true;
    const qint64 endTs = q.hasQueryItem("endTs") ? item(q, "endTs").toLongLong(&ok)
                                                 : QDateTime::currentMSecsSinceEpoch();
    if (!ok)
        return v1Error(400, QStringLiteral("unable to parse param 'endTs': strconv.ParseInt: "
                                           "parsing \"%1\": invalid syntax")
                                .arg(item(q, "endTs")));
    const qint64 lookback =
        q.hasQueryItem("lookback") ? item(q, "lookback").toLongLong(&ok) : 24 * 3600 * 1000;
    if (!ok)
        return v1Error(400, QStringLiteral("unable to parse param 'lookback'"));
    QMutexLocker lock(&m_mutex);
    QMap<QPair<QString, QString>, qint64> sums; // ordered, so answers are stable
    QList<QPair<QString, QString>> order;
    for (const DependencySet &set : m_dependencies) {
        // A rolling set was last observed at the window's end (the request's time).
        const bool inWindow =
            set.rolling ? set.atMs <= endTs : set.atMs <= endTs && set.atMs >= endTs - lookback;
        if (!inWindow)
            continue;
        for (const QJsonValue &l : set.links) {
            const auto key = qMakePair(l["parent"].toString(), l["child"].toString());
            if (!sums.contains(key))
                order.append(key);
            sums[key] += l["callCount"].toInteger();
        }
    }
    QJsonArray data;
    for (const auto &key : std::as_const(order))
        data.append(QJsonObject{
            {"parent", key.first}, {"child", key.second}, {"callCount", sums.value(key)}});
    return v1Data(data);
}

std::vector<QJsonObject> JaegerTestServer::search(const QString &service, const QString &operation,
                                                  qint64 startUs, qint64 endUs, int limit,
                                                  const QJsonObject &tags) const
{
    QMutexLocker lock(&m_mutex);
    std::vector<QJsonObject> found;
    for (const QJsonObject &t : m_traces) {
        bool match = false;
        for (const QJsonValue &sv : t.value("spans").toArray()) {
            const QJsonObject span = sv.toObject();
            const qint64 start = span.value("startTime").toInteger();
            if (serviceOf(t, span) != service || start < startUs || start > endUs)
                continue;
            if (!operation.isEmpty() && span.value("operationName").toString() != operation)
                continue;
            bool tagsMatch = true;
            for (auto it = tags.begin(); it != tags.end() && tagsMatch; ++it) {
                bool has = false;
                for (const QJsonValue &tag : span.value("tags").toArray())
                    has = has || (tag["key"].toString() == it.key() &&
                                  tagText(tag["value"]) == it.value().toString());
                tagsMatch = has;
            }
            match = match || tagsMatch;
        }
        if (match)
            found.push_back(t);
    }
    std::stable_sort(found.begin(), found.end(), [](const QJsonObject &a, const QJsonObject &b) {
        return traceStartUs(a) > traceStartUs(b);
    });
    if (limit > 0 && found.size() > size_t(limit))
        found.resize(size_t(limit));
    return found;
}

JaegerTestServer::Reply JaegerTestServer::searchV1(const Request &r) const
{
    const QUrlQuery q(QString::fromUtf8(r.query));
    const QString service = item(q, "service");
    if (service.isEmpty())
        return v1Error(400, QStringLiteral("parameter 'service' is required"));
    bool ok = true;
    const qint64 now = QDateTime::currentMSecsSinceEpoch() * 1000;
    const qint64 end = q.hasQueryItem("end") ? item(q, "end").toLongLong(&ok) : now;
    const qint64 start = ok && q.hasQueryItem("start") ? item(q, "start").toLongLong(&ok)
                                                       : end - 2 * 86400'000'000LL;
    if (!ok)
        return v1Error(400, QStringLiteral("unable to parse param 'start' or 'end'"));
    const int limit = q.hasQueryItem("limit") ? item(q, "limit").toInt(&ok) : 100;
    QJsonParseError error{};
    const QString tagsText = item(q, "tags");
    const QJsonObject tags = tagsText.isEmpty()
                                 ? QJsonObject{}
                                 : QJsonDocument::fromJson(tagsText.toUtf8(), &error).object();
    if (!ok || error.error != QJsonParseError::NoError)
        return v1Error(400, QStringLiteral("malformed 'limit' or 'tags' parameter"));
    QJsonArray data;
    for (const QJsonObject &t : search(service, item(q, "operation"), start, end, limit, tags))
        data.append(t);
    return v1Data(data);
}

JaegerTestServer::Reply JaegerTestServer::searchV3(const Request &r) const
{
    const QUrlQuery q(QString::fromUtf8(r.query));
    const QString service = item(q, "query.service_name");
    if (service.isEmpty())
        return v3Error(400, QStringLiteral("query.service_name is required"));
    const QDateTime min = QDateTime::fromString(item(q, "query.start_time_min"), Qt::ISODateWithMs);
    const QDateTime max = QDateTime::fromString(item(q, "query.start_time_max"), Qt::ISODateWithMs);
    if (!min.isValid() || !max.isValid())
        return v3Error(400, QStringLiteral("query.start_time_min and query.start_time_max are "
                                           "required (RFC 3339)"));
    const int limit = q.hasQueryItem("query.num_traces") ? item(q, "query.num_traces").toInt() : 0;
    // Qt reads milliseconds; the microseconds of the nanosecond field are ignored, so widen
    // the window by a millisecond at the end.
    const auto found =
        search(service, item(q, "query.operation_name"), min.toMSecsSinceEpoch() * 1000,
               max.toMSecsSinceEpoch() * 1000 + 999, limit, {});
    if (found.empty())
        return v3Error(404, QStringLiteral("No traces found"));
    QMutexLocker lock(&m_mutex);
    QByteArray body;
    QJsonArray merged;
    for (const QJsonObject &t : found) {
        const QJsonArray spans = v1TraceToOtlp(t).value("resourceSpans").toArray();
        if (m_chunkPerTrace)
            body += json({{"result", QJsonObject{{"resourceSpans", spans}}}}) + '\n';
        for (const QJsonValue &s : spans)
            merged.append(s);
    }
    if (!m_chunkPerTrace)
        body = json({{"result", QJsonObject{{"resourceSpans", merged}}}});
    return Reply{200, "application/json", {}, body, m_chunkPerTrace};
}

} // namespace meshscope::tests
