#include "core/alerts/alertparser.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace meshscope::core {

namespace {

QMap<QString, QString> stringMap(const QJsonValue &v)
{
    QMap<QString, QString> out;
    const QJsonObject o = v.toObject();
    for (auto it = o.begin(); it != o.end(); ++it)
        out.insert(it.key(), it.value().toString());
    return out;
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out.append(s.toString());
    return out;
}

} // namespace

Result<std::vector<Alert>> AlertParser::parseAlerts(const HttpResponse &r)
{
    if (r.body.size() > kMaxBodyBytes)
        return Error{QStringLiteral("The answer from %1 is %2 MiB, over the %3 MiB the parser "
                                    "accepts")
                         .arg(r.url)
                         .arg(r.body.size() / (1024 * 1024))
                         .arg(kMaxBodyBytes / (1024 * 1024))};
    const QByteArray start = r.body.left(64).trimmed();
    const bool looksJson = start.startsWith('[') || start.startsWith('{') || start.startsWith('"');
    if (!looksJson) {
        const QString type = r.contentType.isEmpty() ? QStringLiteral("no Content-Type")
                                                     : QString::fromLatin1(r.contentType);
        return Error{QStringLiteral("HTTP %1 from %2 is not JSON (%3): \"%4\"")
                         .arg(QString::number(r.status), r.url, type, r.bodyExcerpt())};
    }
    // Alertmanager answers errors with a JSON string ("bad matcher format: ...").
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson("[" + r.body + "]", &error);
    if (error.error != QJsonParseError::NoError) {
        const QString reason = error.error == QJsonParseError::DeepNesting
                                   ? QStringLiteral("nested too deeply")
                                   : error.errorString();
        return Error{QStringLiteral("Invalid JSON from %1 (HTTP %2, %3 bytes): %4 at byte %5")
                         .arg(r.url, QString::number(r.status), QString::number(r.body.size()),
                              reason, QString::number(qMax(0, error.offset - 1)))};
    }
    const QJsonValue body = doc.array().at(0);
    if (!r.isSuccess()) {
        QString what = body.isString() ? body.toString() : r.bodyExcerpt();
        if (body.isObject() && body.toObject().contains(QLatin1String("message")))
            what = body.toObject().value(QLatin1String("message")).toString();
        return Error{QStringLiteral("Alertmanager at %1 answered HTTP %2: %3")
                         .arg(r.url, QString::number(r.status), what.trimmed())};
    }
    if (!body.isArray())
        return Error{QStringLiteral("Unexpected answer from %1: the body is not a list of alerts")
                         .arg(r.url)};
    std::vector<Alert> out;
    const QJsonArray array = body.toArray();
    out.reserve(size_t(array.size()));
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QJsonObject o = array.at(i).toObject();
        if (!array.at(i).isObject() || !o.value(QLatin1String("labels")).isObject())
            return Error{QStringLiteral("Unexpected answer from %1: [%2] is not an alert with "
                                        "labels")
                             .arg(r.url)
                             .arg(i)};
        Alert a;
        a.labels = stringMap(o.value(QLatin1String("labels")));
        a.annotations = stringMap(o.value(QLatin1String("annotations")));
        a.name = a.labels.value(QStringLiteral("alertname"));
        a.severity = a.labels.value(QStringLiteral("severity"));
        for (const char *key : {"summary", "description", "message"}) {
            a.summary = a.annotations.value(QLatin1String(key));
            if (!a.summary.isEmpty())
                break;
        }
        const QJsonObject status = o.value(QLatin1String("status")).toObject();
        const QString state = status.value(QLatin1String("state")).toString();
        if (state == QLatin1String("suppressed"))
            a.state = Alert::State::Suppressed;
        else if (state == QLatin1String("unprocessed"))
            a.state = Alert::State::Unprocessed;
        else if (state != QLatin1String("active"))
            return Error{QStringLiteral("Unexpected answer from %1: [%2].status.state is \"%3\", "
                                        "not active, suppressed or unprocessed")
                             .arg(r.url)
                             .arg(i)
                             .arg(state.left(40))};
        a.silencedBy = strings(status.value(QLatin1String("silencedBy")));
        a.inhibitedBy = strings(status.value(QLatin1String("inhibitedBy")));
        a.startsAt =
            QDateTime::fromString(o.value(QLatin1String("startsAt")).toString(), Qt::ISODateWithMs);
        a.fingerprint = o.value(QLatin1String("fingerprint")).toString();
        a.generatorUrl = o.value(QLatin1String("generatorURL")).toString();
        out.push_back(std::move(a));
    }
    return out;
}

} // namespace meshscope::core
