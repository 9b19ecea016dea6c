#include "core/jaeger/jaegerparser.h"

#include "core/jaeger/jaegerjson_p.h"
#include "core/jaeger/tracesummarizer_p.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace meshscope::core {

using jaeger_detail::checkJsonBody;
using jaeger_detail::jsonAt;
using jaeger_detail::shapeError;
using jaeger_detail::SpanFacts;
using jaeger_detail::statusText;

namespace {

// v1: {"data": ..., "total", "limit", "offset", "errors": null | [{"code", "msg"}]}.
Result<QJsonValue> v1Data(const HttpResponse &r)
{
    if (auto ok = checkJsonBody(r); !ok)
        return Error{ok.error()};
    auto doc = jsonAt(r, 0, nullptr);
    if (!doc)
        return Error{doc.error()};
    if (!doc->isObject() && !r.isSuccess())
        return Error{QStringLiteral("Jaeger at %1 answered %2: %3")
                         .arg(r.url, statusText(r), r.bodyExcerpt())};
    if (!doc->isObject())
        return shapeError(r, QStringLiteral("the body"),
                          QStringLiteral("is not a Jaeger envelope {\"data\": ...}"));
    const QJsonObject envelope = doc->object();
    QStringList messages;
    for (const QJsonValue &e : envelope.value(QLatin1String("errors")).toArray()) {
        const QJsonObject o = e.toObject();
        QString msg = o.value(QLatin1String("msg")).toString();
        if (o.contains(QLatin1String("traceID")))
            msg += QStringLiteral(" (trace %1)").arg(o.value(QLatin1String("traceID")).toString());
        messages.append(msg);
    }
    const QJsonValue data = envelope.value(QLatin1String("data"));
    if (!r.isSuccess() || (data.isNull() && !messages.isEmpty()))
        return Error{QStringLiteral("Jaeger at %1 answered %2: %3")
                         .arg(r.url, statusText(r),
                              messages.isEmpty() ? r.bodyExcerpt() : messages.join(u"; "))};
    if (!data.isArray() && !data.isNull())
        return shapeError(r, QStringLiteral("data"), QStringLiteral("is not an array"));
    return data;
}

// v3 error object: {"error": {"httpCode": 404, "message": "No traces found"}}.
Error v3Error(const HttpResponse &r, const QJsonObject &error)
{
    return Error{QStringLiteral("Jaeger at %1 answered %2: %3")
                     .arg(r.url, statusText(r),
                          error.value(QLatin1String("message")).toString(r.bodyExcerpt()))};
}

Result<QJsonObject> v3Object(const HttpResponse &r)
{
    if (auto ok = checkJsonBody(r); !ok)
        return Error{ok.error()};
    auto doc = jsonAt(r, 0, nullptr);
    if (!doc)
        return Error{doc.error()};
    const QJsonObject o = doc->object();
    if (o.value(QLatin1String("error")).isObject())
        return v3Error(r, o.value(QLatin1String("error")).toObject());
    if (!r.isSuccess())
        return Error{QStringLiteral("Jaeger at %1 answered %2: %3")
                         .arg(r.url, statusText(r), r.bodyExcerpt())};
    if (!doc->isObject())
        return shapeError(r, QStringLiteral("the body"), QStringLiteral("is not an object"));
    return o;
}

// µs since the epoch from a JSON number (v1 startTime/duration are uint64 µs).
std::optional<qint64> micros(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double d = v.toDouble();
    if (!(d >= 0.0 && d < 9.0e18))
        return std::nullopt;
    return v.toInteger(qint64(d));
}

// OTLP nanos are int64 written as strings ("1706678909209712000"); numbers are accepted too.
std::optional<qint64> nanosAsMicros(const QJsonValue &v)
{
    if (v.isUndefined() || v.isNull())
        return qint64(0);
    bool ok = false;
    qint64 nanos = 0;
    if (v.isString())
        nanos = v.toString().toLongLong(&ok);
    else if (v.isDouble() && v.toDouble() >= 0.0 && v.toDouble() < 9.2e18) {
        nanos = v.toInteger(qint64(v.toDouble()));
        ok = true;
    }
    if (!ok || nanos < 0)
        return std::nullopt;
    return nanos / 1000;
}

bool truthy(const QJsonValue &v)
{
    return v.toBool() || v.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
}

QStringList warningsOf(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &w : v.toArray())
        out.append(w.toString());
    return out;
}

Result<TraceSummary> v1Trace(const HttpResponse &r, const QJsonObject &trace, const QString &where)
{
    if (!trace.value(QLatin1String("spans")).isArray())
        return shapeError(r, where + QStringLiteral(".spans"), QStringLiteral("is not an array"));
    const QJsonObject processes = trace.value(QLatin1String("processes")).toObject();
    QStringList warnings = warningsOf(trace.value(QLatin1String("warnings")));
    std::vector<SpanFacts> spans;
    const QJsonArray array = trace.value(QLatin1String("spans")).toArray();
    spans.reserve(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = QStringLiteral("%1.spans[%2]").arg(where).arg(i);
        const QJsonObject span = array.at(i).toObject();
        if (!array.at(i).isObject())
            return shapeError(r, at, QStringLiteral("is not an object"));
        const auto start = micros(span.value(QLatin1String("startTime")));
        if (!start)
            return shapeError(r, at + QStringLiteral(".startTime"),
                              QStringLiteral("is not a time in µs"));
        const auto duration = micros(span.value(QLatin1String("duration")));
        if (!duration)
            return shapeError(r, at + QStringLiteral(".duration"),
                              QStringLiteral("is not a duration in µs"));
        SpanFacts s;
        s.spanId = span.value(QLatin1String("spanID")).toString();
        s.operation = span.value(QLatin1String("operationName")).toString();
        s.startUs = *start;
        s.endUs = *start + *duration;
        s.service = processes.value(span.value(QLatin1String("processID")).toString())
                        .toObject()
                        .value(QLatin1String("serviceName"))
                        .toString();
        for (const QJsonValue &ref : span.value(QLatin1String("references")).toArray()) {
            const QJsonObject o = ref.toObject();
            const QString id = o.value(QLatin1String("spanID")).toString();
            QString &slot =
                o.value(QLatin1String("refType")).toString() == QLatin1String("CHILD_OF")
                    ? s.parentId
                    : s.followsFromId;
            if (slot.isEmpty())
                slot = id;
        }
        if (s.parentId.isEmpty())
            s.parentId = span.value(QLatin1String("parentSpanID")).toString();
        for (const QJsonValue &tag : span.value(QLatin1String("tags")).toArray()) {
            const QJsonObject kv = tag.toObject();
            const QString key = kv.value(QLatin1String("key")).toString();
            if ((key == QLatin1String("error") && truthy(kv.value(QLatin1String("value")))) ||
                (key == QLatin1String("otel.status_code") &&
                 kv.value(QLatin1String("value")).toString() == QLatin1String("ERROR")))
                s.error = true;
        }
        warnings += warningsOf(span.value(QLatin1String("warnings")));
        spans.push_back(std::move(s));
    }
    return jaeger_detail::summarize(
        JaegerParser::normaliseTraceId(trace.value(QLatin1String("traceID")).toString()), spans,
        warnings);
}

QString otlpString(const QJsonArray &attributes, QLatin1String key)
{
    for (const QJsonValue &a : attributes)
        if (a.toObject().value(QLatin1String("key")).toString() == key)
            return a.toObject()
                .value(QLatin1String("value"))
                .toObject()
                .value(QLatin1String("stringValue"))
                .toString();
    return {};
}

} // namespace

Result<std::vector<JaegerDependency>> JaegerParser::parseDependencies(const HttpResponse &r)
{
    auto data = v1Data(r);
    if (!data)
        return Error{data.error()};
    std::vector<JaegerDependency> out;
    const QJsonArray array = data->toArray();
    out.reserve(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = QStringLiteral("data[%1]").arg(i);
        const QJsonObject o = array.at(i).toObject();
        JaegerDependency d{o.value(QLatin1String("parent")).toString(),
                           o.value(QLatin1String("child")).toString(), 0};
        if (d.parent.isEmpty() || d.child.isEmpty())
            return shapeError(r, at, QStringLiteral("has no parent or child service name"));
        const auto count = micros(o.value(QLatin1String("callCount")));
        if (!count)
            return shapeError(r, at + QStringLiteral(".callCount"),
                              QStringLiteral("is not a non-negative number"));
        d.callCount = *count;
        out.push_back(std::move(d));
    }
    return out;
}

Result<QStringList> JaegerParser::parseServices(const HttpResponse &r)
{
    auto data = v1Data(r);
    if (!data)
        return Error{data.error()};
    QStringList out;
    const QJsonArray array = data->toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return shapeError(r, QStringLiteral("data[%1]").arg(i),
                              QStringLiteral("is not a service name"));
        out.append(array.at(i).toString());
    }
    return out;
}

Result<std::vector<TraceSummary>> JaegerParser::parseTraces(const HttpResponse &r)
{
    auto data = v1Data(r);
    if (!data)
        return Error{data.error()};
    std::vector<TraceSummary> out;
    const QJsonArray array = data->toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString at = QStringLiteral("data[%1]").arg(i);
        if (!array.at(i).isObject())
            return shapeError(r, at, QStringLiteral("is not a trace object"));
        auto trace = v1Trace(r, array.at(i).toObject(), at);
        if (!trace)
            return Error{trace.error()};
        out.push_back(std::move(trace).value());
    }
    return out;
}

Result<QStringList> JaegerParser::parseServicesV3(const HttpResponse &r)
{
    auto o = v3Object(r);
    if (!o)
        return Error{o.error()};
    const QJsonValue services = o->value(QLatin1String("services"));
    // protobuf JSON leaves out an empty list, so `{}` is "no services"; anything else without
    // the list (a v1 envelope) is not this API's answer.
    if (services.isUndefined() && !o->isEmpty())
        return shapeError(r, QStringLiteral("the body"),
                          QStringLiteral("has no \"services\" list (not a Jaeger v3 answer)"));
    if (!services.isArray() && !services.isUndefined())
        return shapeError(r, QStringLiteral("services"), QStringLiteral("is not an array"));
    QStringList out;
    const QJsonArray array = services.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        if (!array.at(i).isString())
            return shapeError(r, QStringLiteral("services[%1]").arg(i),
                              QStringLiteral("is not a service name"));
        out.append(array.at(i).toString());
    }
    return out;
}

Result<std::vector<TraceSummary>> JaegerParser::parseTracesV3(const HttpResponse &r)
{
    if (auto ok = checkJsonBody(r); !ok)
        return Error{ok.error()};
    QStringList order;
    QHash<QString, std::vector<SpanFacts>> byTrace;
    qsizetype pos = 0;
    for (int chunk = 0;; ++chunk) {
        while (pos < r.body.size() && QChar::isSpace(uchar(r.body.at(pos))))
            ++pos;
        if (pos >= r.body.size())
            break;
        qsizetype used = 0;
        auto doc = jsonAt(r, pos, &used);
        if (!doc)
            return Error{doc.error()};
        pos += used;
        const QJsonObject o = doc->object();
        const QString where = chunk == 0 ? QStringLiteral("result")
                                         : QStringLiteral("chunk %1: result").arg(chunk + 1);
        if (o.value(QLatin1String("error")).isObject()) {
            const QJsonObject e = o.value(QLatin1String("error")).toObject();
            // A search that matches nothing is answered 404 "No traces found".
            if (r.status == 404 || e.value(QLatin1String("httpCode")).toInt() == 404)
                return std::vector<TraceSummary>{};
            return v3Error(r, e);
        }
        if (!r.isSuccess())
            return Error{QStringLiteral("Jaeger at %1 answered %2: %3")
                             .arg(r.url, statusText(r), r.bodyExcerpt())};
        // Generic OTLP/JSON producers send TracesData without the gateway's wrapper.
        const QJsonObject data =
            o.contains(QLatin1String("result")) ? o.value(QLatin1String("result")).toObject() : o;
        if (!doc->isObject() || !data.value(QLatin1String("resourceSpans")).isArray())
            return shapeError(r, where, QStringLiteral("has no resourceSpans array"));
        const QJsonArray resources = data.value(QLatin1String("resourceSpans")).toArray();
        for (qsizetype i = 0; i < resources.size(); ++i) {
            const QJsonObject res = resources.at(i).toObject();
            const QString service = otlpString(res.value(QLatin1String("resource"))
                                                   .toObject()
                                                   .value(QLatin1String("attributes"))
                                                   .toArray(),
                                               QLatin1String("service.name"));
            const QJsonArray scopes = res.value(QLatin1String("scopeSpans")).toArray();
            for (qsizetype j = 0; j < scopes.size(); ++j) {
                const QJsonArray spans =
                    scopes.at(j).toObject().value(QLatin1String("spans")).toArray();
                for (qsizetype k = 0; k < spans.size(); ++k) {
                    const QString at = QStringLiteral("%1.resourceSpans[%2].scopeSpans[%3]."
                                                      "spans[%4]")
                                           .arg(where)
                                           .arg(i)
                                           .arg(j)
                                           .arg(k);
                    const QJsonObject span = spans.at(k).toObject();
                    const auto start =
                        nanosAsMicros(span.value(QLatin1String("startTimeUnixNano")));
                    const auto end = nanosAsMicros(span.value(QLatin1String("endTimeUnixNano")));
                    if (!start || !end)
                        return shapeError(r, at,
                                          QStringLiteral("has a start or end time that is not "
                                                         "nanoseconds as an int64 string"));
                    SpanFacts s;
                    s.spanId = normaliseTraceId(span.value(QLatin1String("spanId")).toString());
                    s.parentId =
                        normaliseTraceId(span.value(QLatin1String("parentSpanId")).toString());
                    s.service = service;
                    s.operation = span.value(QLatin1String("name")).toString();
                    s.startUs = *start;
                    s.endUs = std::max(*start, *end);
                    const QJsonValue code =
                        span.value(QLatin1String("status")).toObject().value(QLatin1String("code"));
                    s.error =
                        code.toInt() == 2 || code.toString() == QLatin1String("STATUS_CODE_ERROR");
                    const QString traceId =
                        normaliseTraceId(span.value(QLatin1String("traceId")).toString());
                    if (traceId.isEmpty())
                        return shapeError(r, at + QStringLiteral(".traceId"),
                                          QStringLiteral("is missing"));
                    if (!byTrace.contains(traceId))
                        order.append(traceId);
                    byTrace[traceId].push_back(std::move(s));
                }
            }
        }
    }
    std::vector<TraceSummary> out;
    out.reserve(size_t(order.size()));
    for (const QString &id : std::as_const(order))
        out.push_back(jaeger_detail::summarize(id, byTrace.value(id), {}));
    return out;
}

QString JaegerParser::normaliseTraceId(const QString &id)
{
    static const QRegularExpression hex(QStringLiteral("^[0-9a-fA-F]{1,32}$"));
    static const QRegularExpression base64(QStringLiteral("^[A-Za-z0-9+/]{11,22}={0,2}$"));
    if (hex.match(id).hasMatch()) {
        const int width = id.size() <= 16 ? 16 : 32;
        return id.toLower().rightJustified(width, QLatin1Char('0'));
    }
    if (base64.match(id).hasMatch()) {
        const QByteArray bytes = QByteArray::fromBase64(id.toLatin1());
        if (bytes.size() == 8 || bytes.size() == 16)
            return QString::fromLatin1(bytes.toHex());
    }
    return id;
}

} // namespace meshscope::core
