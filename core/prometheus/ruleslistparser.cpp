#include "core/prometheus/ruleslistparser.h"

#include "core/prometheus/prometheusparser.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QRegularExpression>

namespace meshscope::core {

namespace {

Error shape(const HttpResponse &r, const QString &where, const QString &what)
{
    return Error{QStringLiteral("%1: the rules answer's %2 %3").arg(r.url, where, what)};
}

Error shape(const HttpResponse &r, const QString &where, const char *what)
{
    return shape(r, where, QLatin1String(what));
}

// The answer's data.groups, after the envelope's checks.
Result<QJsonArray> groupsOf(const HttpResponse &response)
{
    auto envelope = PrometheusParser::parseEnvelope(response);
    if (!envelope)
        return Error{envelope.error()};
    const QJsonValue groups = envelope->data.toObject().value(QLatin1String("groups"));
    if (!groups.isArray())
        return shape(response, QStringLiteral("data.groups"), "is not an array");
    return groups.toArray();
}

} // namespace

Result<QStringList> RulesListParser::recordNames(const HttpResponse &response)
{
    const auto groups = groupsOf(response);
    if (!groups)
        return Error{groups.error()};
    QStringList names;
    const QJsonArray &list = *groups;
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

std::optional<qint64> RulesListParser::parseTimeMs(const QString &text)
{
    // Qt reads RFC 3339 with any fraction and offset, but rounds the fraction: it is cut to the
    // millisecond first, so that a query at this time never sees a later sample. Qt would take
    // a time without a zone as local time; RFC 3339 has one.
    static const QRegularExpression zone(QStringLiteral(R"((Z|[+-]\d\d:\d\d)$)"));
    static const QRegularExpression finerThanMs(QStringLiteral(R"((\.\d{3})\d+)"));
    if (!zone.match(text).hasMatch())
        return std::nullopt;
    const QDateTime at = QDateTime::fromString(
        QString(text).replace(finerThanMs, QStringLiteral("\\1")), Qt::ISODateWithMs);
    if (!at.isValid() || at.date().year() < 1970) // Go's zero time: never evaluated
        return std::nullopt;
    return at.toMSecsSinceEpoch();
}

Result<std::optional<RuleGroupEvaluation>> RulesListParser::evaluation(const HttpResponse &response,
                                                                       const QString &record)
{
    const auto groups = groupsOf(response);
    if (!groups)
        return Error{groups.error()};
    const QJsonArray &list = *groups;
    for (qsizetype g = 0; g < list.size(); ++g) {
        const QJsonObject group = list[g].toObject();
        const QJsonArray rules = group.value(QLatin1String("rules")).toArray();
        const bool holds = std::any_of(rules.begin(), rules.end(), [&](const QJsonValue &r) {
            return r.toObject().value(QLatin1String("name")).toString() == record;
        });
        if (!holds)
            continue;
        const QJsonValue last = group.value(QLatin1String("lastEvaluation"));
        if (last.isUndefined())
            return std::optional<RuleGroupEvaluation>{};
        if (!last.isString())
            return shape(response, QStringLiteral("data.groups[%1].lastEvaluation").arg(g),
                         "is not a string");
        const std::optional<qint64> ms = parseTimeMs(last.toString());
        if (!ms) {
            if (last.toString().startsWith(QLatin1String("0001-")))
                return std::optional<RuleGroupEvaluation>{}; // not evaluated yet
            return shape(
                response, QStringLiteral("data.groups[%1].lastEvaluation").arg(g),
                QStringLiteral("is not an RFC 3339 time: '%1'").arg(last.toString().left(40)));
        }
        RuleGroupEvaluation e;
        e.group = group.value(QLatin1String("name")).toString();
        e.lastEvaluationMs = *ms;
        e.evaluationSeconds = group.value(QLatin1String("evaluationTime")).toDouble();
        e.intervalSeconds = group.value(QLatin1String("interval")).toDouble();
        return std::optional<RuleGroupEvaluation>{e};
    }
    return std::optional<RuleGroupEvaluation>{};
}

} // namespace meshscope::core
