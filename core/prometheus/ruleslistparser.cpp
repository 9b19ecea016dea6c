#include "core/prometheus/ruleslistparser.h"

#include "core/prometheus/prometheusparser.h"

#include <QJsonArray>
#include <QJsonObject>

namespace meshscope::core {

namespace {

Error shape(const HttpResponse &r, const QString &where, const char *what)
{
    return Error{
        QStringLiteral("%1: the rules answer's %2 %3").arg(r.url, where, QLatin1String(what))};
}

} // namespace

Result<QStringList> RulesListParser::recordNames(const HttpResponse &response)
{
    auto envelope = PrometheusParser::parseEnvelope(response);
    if (!envelope)
        return Error{envelope.error()};
    const QJsonValue groups = envelope->data.toObject().value(QLatin1String("groups"));
    if (!groups.isArray())
        return shape(response, QStringLiteral("data.groups"), "is not an array");
    QStringList names;
    const QJsonArray list = groups.toArray();
    for (qsizetype g = 0; g < list.size(); ++g) {
        const QJsonValue rules = list[g].toObject().value(QLatin1String("rules"));
        if (!rules.isArray())
            return shape(response, QStringLiteral("data.groups[%1].rules").arg(g),
                         "is not an array");
        const QJsonArray items = rules.toArray();
        for (qsizetype i = 0; i < items.size(); ++i) {
            const QJsonObject rule = items[i].toObject();
            // Prometheus says "recording"; alerting rules have a name too, but record nothing.
            if (rule.value(QLatin1String("type")).toString() != QLatin1String("recording"))
                continue;
            const QJsonValue name = rule.value(QLatin1String("name"));
            if (!name.isString())
                return shape(response,
                             QStringLiteral("data.groups[%1].rules[%2].name").arg(g).arg(i),
                             "is not a string");
            names << name.toString();
        }
    }
    names.removeDuplicates();
    return names;
}

} // namespace meshscope::core
