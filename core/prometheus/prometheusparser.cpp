#include "core/prometheus/prometheusparser.h"

#include "core/prometheus/vectorparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QRegularExpression>
#include <QSet>

#include <cmath>
#include <limits>

namespace meshscope::core {

namespace {

// Where in the answer a shape error sits, e.g. "data.result[3].value".
using Path = QString;

Error shapeError(const HttpResponse &r, const Path &where, const QString &what)
{
    return Error{QStringLiteral("Unexpected answer from %1: %2 %3").arg(r.url, where, what)};
}

// A JSON value as text on one line, for messages.
QString compact(const QJsonValue &v)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact))
        .mid(1)
        .chopped(1);
}

QStringList stringArray(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray array = v.toArray();
    for (const QJsonValue &item : array)
        out.append(item.isString() ? item.toString() : compact(item));
    return out;
}

std::optional<qint64> timestampMs(const QJsonValue &v)
{
    if (!v.isDouble())
        return std::nullopt;
    const double seconds = v.toDouble();
    // Beyond ±1e12 s (year ~33000) the ms would not fit the range we treat as time.
    if (!std::isfinite(seconds) || std::fabs(seconds) > 1e12)
        return std::nullopt;
    return qint64(std::llround(seconds * 1000.0));
}

// [<ts>, "<value>"]
Result<PromSample> sample(const HttpResponse &r, const QJsonValue &v, const Path &where)
{
    const QJsonArray pair = v.toArray();
    if (!v.isArray() || pair.size() != 2)
        return shapeError(r, where, QStringLiteral("is not a [timestamp, \"value\"] pair"));
    const auto ts = timestampMs(pair[0]);
    if (!ts)
        return shapeError(r, where + QStringLiteral("[0]"), QStringLiteral("is not a timestamp"));
    const auto value = PrometheusParser::parseValue(pair[1].toString());
    if (!pair[1].isString() || !value)
        return shapeError(
            r, where + QStringLiteral("[1]"),
            QStringLiteral("is not a number in quotes (got %1)").arg(compact(pair[1]).left(40)));
    return PromSample{*ts, *value};
}

Result<double> number(const HttpResponse &r, const QJsonValue &v, const Path &where)
{
    const auto value = PrometheusParser::parseValue(v.toString());
    if (!v.isString() || !value)
        return shapeError(r, where, QStringLiteral("is not a number in quotes"));
    return *value;
}

// [<ts>, {"count":"..","sum":"..","buckets":[[rule,"lower","upper","count"],...]}]
Result<PromHistogramSample> histogram(const HttpResponse &r, const QJsonValue &v, const Path &where)
{
    const QJsonArray pair = v.toArray();
    if (!v.isArray() || pair.size() != 2 || !pair[1].isObject())
        return shapeError(r, where, QStringLiteral("is not a [timestamp, {histogram}] pair"));
    const auto ts = timestampMs(pair[0]);
    if (!ts)
        return shapeError(r, where + QStringLiteral("[0]"), QStringLiteral("is not a timestamp"));
    const QJsonObject h = pair[1].toObject();
    PromHistogramSample out;
    out.timestampMs = *ts;
    auto count = number(r, h.value(QLatin1String("count")), where + QStringLiteral("[1].count"));
    auto sum = number(r, h.value(QLatin1String("sum")), where + QStringLiteral("[1].sum"));
    if (!count || !sum)
        return Error{!count ? count.error() : sum.error()};
    out.count = *count;
    out.sum = *sum;
    const QJsonArray buckets = h.value(QLatin1String("buckets")).toArray();
    for (qsizetype i = 0; i < buckets.size(); ++i) {
        const Path at = where + QStringLiteral("[1].buckets[%1]").arg(i);
        const QJsonArray b = buckets[i].toArray();
        if (b.size() != 4 || !b[0].isDouble())
            return shapeError(r, at,
                              QStringLiteral("is not [rule, \"lower\", \"upper\", \"count\"]"));
        PromHistogramBucket bucket;
        bucket.boundaryRule = b[0].toInt(-1);
        auto lower = number(r, b[1], at + QStringLiteral("[1]"));
        auto upper = number(r, b[2], at + QStringLiteral("[2]"));
        auto n = number(r, b[3], at + QStringLiteral("[3]"));
        if (!lower || !upper || !n)
            return Error{!lower ? lower.error() : !upper ? upper.error() : n.error()};
        bucket.lower = *lower;
        bucket.upper = *upper;
        bucket.count = *n;
        out.buckets.push_back(bucket);
    }
    return out;
}

Result<PromLabels> labels(const HttpResponse &r, const QJsonValue &v, const Path &where)
{
    if (!v.isObject())
        return shapeError(r, where, QStringLiteral("is not an object of labels"));
    PromLabels out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!it.value().isString())
            return shapeError(r, where + u'.' + it.key(), QStringLiteral("is not a string"));
        out.insert(it.key(), it.value().toString());
    }
    return out;
}

QString formatLabels(const PromLabels &labels)
{
    QStringList parts;
    for (auto it = labels.begin(); it != labels.end(); ++it)
        parts.append(it.key() + QStringLiteral("=\"") + it.value() + u'"');
    return u'{' + parts.join(u',') + u'}';
}

// One element of result[] of a vector or matrix.
Result<PromSeries> series(const HttpResponse &r, const QJsonValue &v, const Path &where,
                          bool matrix)
{
    if (!v.isObject())
        return shapeError(r, where, QStringLiteral("is not a series object"));
    const QJsonObject o = v.toObject();
    auto metric = labels(r, o.value(QLatin1String("metric")), where + QStringLiteral(".metric"));
    if (!metric)
        return Error{metric.error()};
    PromSeries out;
    out.labels = std::move(metric).value();
    const QLatin1String valuesKey(matrix ? "values" : "value");
    const QLatin1String histogramsKey(matrix ? "histograms" : "histogram");
    // A vector's one value is read as a matrix of one.
    auto items = [&](QLatin1String key) {
        return matrix ? o.value(key).toArray()
                      : (o.contains(key) ? QJsonArray{o.value(key)} : QJsonArray{});
    };
    const QJsonArray values = items(valuesKey), histograms = items(histogramsKey);
    if (!o.contains(valuesKey) && !o.contains(histogramsKey))
        return shapeError(
            r, where,
            QStringLiteral("has neither \"%1\" nor \"%2\"").arg(valuesKey, histogramsKey));
    out.samples.reserve(size_t(values.size()));
    for (qsizetype i = 0; i < values.size(); ++i) {
        const Path at =
            where + u'.' + valuesKey + (matrix ? QStringLiteral("[%1]").arg(i) : Path());
        auto s = sample(r, values[i], at);
        if (!s)
            return Error{s.error()};
        out.samples.push_back(*s);
    }
    for (qsizetype i = 0; i < histograms.size(); ++i) {
        const Path at =
            where + u'.' + histogramsKey + (matrix ? QStringLiteral("[%1]").arg(i) : Path());
        auto h = histogram(r, histograms[i], at);
        if (!h)
            return Error{h.error()};
        out.histograms.push_back(std::move(h).value());
    }
    return out;
}

} // namespace

std::optional<double> PrometheusParser::parseValue(const QString &text)
{
    // Matched first: QLocale and from_chars disagree on the leading '+' of "+Inf".
    if (text == u"NaN")
        return std::numeric_limits<double>::quiet_NaN();
    if (text == u"+Inf" || text == u"Inf")
        return std::numeric_limits<double>::infinity();
    if (text == u"-Inf")
        return -std::numeric_limits<double>::infinity();
    bool ok = false;
    const double v = QLocale::c().toDouble(text, &ok);
    if (!ok)
        return std::nullopt;
    return v;
}

Result<PromEnvelope> PrometheusParser::parseEnvelope(const HttpResponse &r)
{
    if (r.body.size() > kMaxBodyBytes)
        return Error{QStringLiteral("The answer from %1 is %2 MiB, over the %3 MiB the parser "
                                    "accepts")
                         .arg(r.url)
                         .arg(r.body.size() / (1024 * 1024))
                         .arg(kMaxBodyBytes / (1024 * 1024))};
    const QByteArray start = r.body.left(64).trimmed();
    const bool looksJson = r.isJson() || start.startsWith('{');
    const QString type = r.contentType.isEmpty() ? QStringLiteral("no Content-Type")
                                                 : QString::fromLatin1(r.contentType);
    if (!looksJson) {
        if (r.body.trimmed().isEmpty())
            return Error{QStringLiteral("HTTP %1 from %2 with an empty body (expected JSON)")
                             .arg(r.status)
                             .arg(r.url)};
        return Error{QStringLiteral("HTTP %1 from %2 is not JSON (%3): \"%4\"")
                         .arg(QString::number(r.status), r.url, type, r.bodyExcerpt())};
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(r.body, &error);
    if (error.error != QJsonParseError::NoError) {
        const QString reason = error.error == QJsonParseError::DeepNesting
                                   ? QStringLiteral("nested too deeply")
                                   : error.errorString();
        return Error{
            QStringLiteral("Invalid JSON from %1 (HTTP %2, %3 bytes): %4 at byte %5%6")
                .arg(r.url, QString::number(r.status), QString::number(r.body.size()), reason,
                     QString::number(error.offset),
                     r.isSuccess() ? QString() : QStringLiteral(": \"%1\"").arg(r.bodyExcerpt()))};
    }
    if (!doc.isObject() || !doc.object().value(QLatin1String("status")).isString())
        return Error{QStringLiteral("HTTP %1 from %2 is JSON but not a Prometheus API answer "
                                    "(no \"status\"): \"%3\"")
                         .arg(QString::number(r.status), r.url, r.bodyExcerpt(120))};
    const QJsonObject o = doc.object();
    const QString status = o.value(QLatin1String("status")).toString();
    if (status == u"error") {
        const QString errorType = o.value(QLatin1String("errorType")).toString();
        const QString message = o.value(QLatin1String("error")).toString();
        return Error{QStringLiteral("Prometheus at %1 answered with an error (%2, HTTP %3): %4")
                         .arg(r.url,
                              errorType.isEmpty() ? QStringLiteral("no errorType") : errorType,
                              QString::number(r.status),
                              message.isEmpty() ? QStringLiteral("(no message)") : message)};
    }
    if (status != u"success")
        return Error{QStringLiteral("HTTP %1 from %2 has an unknown status \"%3\"")
                         .arg(QString::number(r.status), r.url, status.left(40))};
    PromEnvelope out;
    out.data = o.value(QLatin1String("data"));
    out.warnings = stringArray(o.value(QLatin1String("warnings")));
    out.infos = stringArray(o.value(QLatin1String("infos")));
    return out;
}

Result<PromQueryResult> PrometheusParser::parseQuery(const HttpResponse &r)
{
    if (auto fast = VectorParser::parse(r))
        return std::move(*fast);
    return parseQueryGeneric(r);
}

Result<PromQueryResult> PrometheusParser::parseQueryGeneric(const HttpResponse &r)
{
    auto envelope = parseEnvelope(r);
    if (!envelope)
        return Error{envelope.error()};
    const QJsonObject data = envelope->data.toObject();
    if (!envelope->data.isObject())
        return shapeError(r, QStringLiteral("data"),
                          QStringLiteral("is not a query result object"));
    const QString type = data.value(QLatin1String("resultType")).toString();
    const QJsonValue result = data.value(QLatin1String("result"));
    PromQueryResult out;
    out.warnings = envelope->warnings;
    out.infos = envelope->infos;
    if (type == u"vector" || type == u"matrix") {
        const bool matrix = type == u"matrix";
        out.type = matrix ? PromResultType::Matrix : PromResultType::Vector;
        if (!result.isArray())
            return shapeError(r, QStringLiteral("data.result"), QStringLiteral("is not an array"));
        const QJsonArray items = result.toArray();
        out.series.reserve(size_t(items.size()));
        QSet<QString> seen;
        for (qsizetype i = 0; i < items.size(); ++i) {
            auto s = series(r, items[i], QStringLiteral("data.result[%1]").arg(i), matrix);
            if (!s)
                return Error{s.error()};
            // Prometheus never sends two series with one label set; a broken proxy or
            // backend might. Keep the first so each edge is counted once, and say so.
            const QString key = formatLabels(s->labels);
            if (seen.contains(key)) {
                out.warnings.append(
                    QStringLiteral("%1 sent the series %2 twice; the second was ignored")
                        .arg(r.url, key));
                continue;
            }
            seen.insert(key);
            out.series.push_back(std::move(s).value());
        }
        return out;
    }
    if (type == u"scalar" || type == u"string") {
        const QJsonArray pair = result.toArray();
        if (pair.size() != 2 || !pair[1].isString())
            return shapeError(r, QStringLiteral("data.result"),
                              QStringLiteral("is not a [timestamp, \"value\"] pair"));
        if (type == u"string") {
            const auto ts = timestampMs(pair[0]);
            if (!ts)
                return shapeError(r, QStringLiteral("data.result[0]"),
                                  QStringLiteral("is not a timestamp"));
            out.type = PromResultType::String;
            out.scalar.timestampMs = *ts;
            out.string = pair[1].toString();
            return out;
        }
        auto s = sample(r, result, QStringLiteral("data.result"));
        if (!s)
            return Error{s.error()};
        out.type = PromResultType::Scalar;
        out.scalar = *s;
        return out;
    }
    return shapeError(
        r, QStringLiteral("data.resultType"),
        QStringLiteral("is \"%1\", not vector, matrix, scalar or string").arg(type.left(40)));
}

Result<PromBuildInfo> PrometheusParser::parseBuildInfo(const HttpResponse &r)
{
    auto envelope = parseEnvelope(r);
    if (!envelope)
        return Error{envelope.error()};
    // VictoriaMetrics answers {"status":"success","data":{}}: a server that does not say.
    if (!envelope->data.isObject() && !envelope->data.isNull() && !envelope->data.isUndefined())
        return shapeError(r, QStringLiteral("data"), QStringLiteral("is not an object"));
    const QJsonObject data = envelope->data.toObject();
    PromBuildInfo out;
    out.version = data.value(QLatin1String("version")).toString();
    out.revision = data.value(QLatin1String("revision")).toString();
    out.branch = data.value(QLatin1String("branch")).toString();
    out.goVersion = data.value(QLatin1String("goVersion")).toString();
    // Lenient: "2.42.0+ds", "v2.45.0-rc.1", "2.53".
    static const QRegularExpression re(
        QStringLiteral("^v?(\\d{1,6})\\.(\\d{1,6})(?:\\.(\\d{1,6}))?"));
    const QRegularExpressionMatch m = re.match(out.version.trimmed());
    if (m.hasMatch()) {
        out.major = m.captured(1).toInt();
        out.minor = m.captured(2).toInt();
        out.patch = m.captured(3).isEmpty() ? 0 : m.captured(3).toInt();
    }
    return out;
}

Result<QStringList> PrometheusParser::parseStringList(const HttpResponse &r)
{
    auto envelope = parseEnvelope(r);
    if (!envelope)
        return Error{envelope.error()};
    if (!envelope->data.isArray())
        return shapeError(r, QStringLiteral("data"), QStringLiteral("is not an array of strings"));
    QStringList out;
    const QJsonArray items = envelope->data.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        if (!items[i].isString())
            return shapeError(r, QStringLiteral("data[%1]").arg(i),
                              QStringLiteral("is not a string"));
        out.append(items[i].toString());
    }
    return out;
}

Result<std::vector<PromLabels>> PrometheusParser::parseSeries(const HttpResponse &r)
{
    auto envelope = parseEnvelope(r);
    if (!envelope)
        return Error{envelope.error()};
    if (!envelope->data.isArray())
        return shapeError(r, QStringLiteral("data"),
                          QStringLiteral("is not an array of label sets"));
    std::vector<PromLabels> out;
    const QJsonArray items = envelope->data.toArray();
    for (qsizetype i = 0; i < items.size(); ++i) {
        auto l = labels(r, items[i], QStringLiteral("data[%1]").arg(i));
        if (!l)
            return Error{l.error()};
        out.push_back(std::move(l).value());
    }
    return out;
}

} // namespace meshscope::core
