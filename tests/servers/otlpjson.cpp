#include "tests/servers/otlpjson.h"

#include <QHash>
#include <QJsonArray>
#include <QStringList>

namespace meshscope::tests {

namespace {

QString tagText(const QJsonValue &v)
{
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 17);
    return v.toString();
}

QJsonObject otlpValue(const QJsonObject &tag)
{
    const QString type = tag.value("type").toString();
    const QJsonValue v = tag.value("value");
    if (type == QLatin1String("bool"))
        return {{"boolValue", v.isBool() ? v.toBool() : v.toString() == QLatin1String("true")}};
    if (type == QLatin1String("int64"))
        return {{"intValue", v.isString() ? v.toString() : QString::number(v.toInteger())}};
    if (type == QLatin1String("float64"))
        return {{"doubleValue", v.toDouble()}};
    if (type == QLatin1String("binary"))
        return {{"bytesValue", v.toString()}};
    return {{"stringValue", tagText(v)}};
}

int otlpKind(const QString &spanKind)
{
    static const QHash<QString, int> kinds{
        {"internal", 1}, {"server", 2}, {"client", 3}, {"producer", 4}, {"consumer", 5}};
    return kinds.value(spanKind, 0);
}

// Jaeger's v3 gateway writes 128-bit trace ids and 64-bit span ids as fixed-width hex.
QString paddedHex(const QString &id, int width)
{
    for (const QChar c : id)
        if (!isxdigit(c.toLatin1()))
            return id;
    return id.toLower().rightJustified(width, QLatin1Char('0'));
}

} // namespace

QJsonObject v1TraceToOtlp(const QJsonObject &trace)
{
    QJsonArray resources;
    QHash<QString, QJsonArray> spansByProcess;
    QStringList order;
    for (const QJsonValue &sv : trace.value("spans").toArray()) {
        const QJsonObject span = sv.toObject();
        QJsonObject out{{"traceId", paddedHex(span.value("traceID").toString(), 32)},
                        {"spanId", paddedHex(span.value("spanID").toString(), 16)},
                        {"name", span.value("operationName")}};
        QJsonArray links;
        for (const QJsonValue &ref : span.value("references").toArray()) {
            const QString id = paddedHex(ref["spanID"].toString(), 16);
            if (ref["refType"].toString() == QLatin1String("CHILD_OF") &&
                !out.contains("parentSpanId"))
                out.insert("parentSpanId", id);
            else
                links.append(QJsonObject{{"traceId", out.value("traceId")}, {"spanId", id}});
        }
        if (!links.isEmpty())
            out.insert("links", links);
        const qint64 start = span.value("startTime").toInteger();
        out.insert("startTimeUnixNano", QString::number(start * 1000));
        out.insert("endTimeUnixNano",
                   QString::number((start + span.value("duration").toInteger()) * 1000));
        QJsonArray attributes;
        bool error = false;
        for (const QJsonValue &tv : span.value("tags").toArray()) {
            const QJsonObject tag = tv.toObject();
            const QString key = tag.value("key").toString();
            if (key == QLatin1String("span.kind")) {
                if (const int kind = otlpKind(tagText(tag.value("value"))))
                    out.insert("kind", kind);
                continue;
            }
            if (key == QLatin1String("error")) {
                error = tagText(tag.value("value")) == QLatin1String("true");
                continue;
            }
            attributes.append(QJsonObject{{"key", key}, {"value", otlpValue(tag)}});
        }
        if (!attributes.isEmpty())
            out.insert("attributes", attributes);
        out.insert("status", error ? QJsonObject{{"code", 2}} : QJsonObject{});
        const QString process = span.value("processID").toString();
        if (!spansByProcess.contains(process))
            order.append(process);
        spansByProcess[process].append(out);
    }
    for (const QString &process : std::as_const(order)) {
        const QString service = trace.value("processes")
                                    .toObject()
                                    .value(process)
                                    .toObject()
                                    .value("serviceName")
                                    .toString();
        resources.append(QJsonObject{
            {"resource",
             QJsonObject{{"attributes", QJsonArray{QJsonObject{
                                            {"key", "service.name"},
                                            {"value", QJsonObject{{"stringValue", service}}}}}}}},
            {"scopeSpans", QJsonArray{QJsonObject{{"scope", QJsonObject{}},
                                                  {"spans", spansByProcess.value(process)}}}}});
    }
    return {{"resourceSpans", resources}};
}

} // namespace meshscope::tests
