#include "chaos/kube/podselectorquery.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &s : v.toArray())
        out << s.toString();
    return out;
}

QString pairs(const QJsonObject &o)
{
    QStringList out;
    for (auto it = o.begin(); it != o.end(); ++it)
        out << it.key() + QLatin1Char('=') + it.value().toString();
    return out.join(QLatin1Char(','));
}

} // namespace

Result<std::vector<PodQuery>> PodSelectorQuery::fromManifest(const Manifest &manifest)
{
    const QJsonObject spec = manifest.spec();
    QJsonObject selector = spec.value(QLatin1String("selector")).toObject();
    if (!spec.contains(QLatin1String("selector"))) {
        // A Schedule carries its chaos under spec.<kind>Chaos (spec.podChaos.selector…).
        for (auto it = spec.begin(); it != spec.end(); ++it) {
            const QJsonObject inner = it.value().toObject();
            if (inner.contains(QLatin1String("selector"))) {
                selector = inner.value(QLatin1String("selector")).toObject();
                break;
            }
        }
    }
    if (selector.isEmpty())
        return Error{QStringLiteral("%1 %2 has no spec.selector to preview targets from")
                         .arg(manifest.kind(), manifest.name())};

    PodQuery base;
    QStringList labels;
    if (const QString l = pairs(selector.value(QLatin1String("labelSelectors")).toObject());
        !l.isEmpty())
        labels << l;
    const QJsonArray expressions = selector.value(QLatin1String("expressionSelectors")).toArray();
    for (qsizetype i = 0; i < expressions.size(); ++i) {
        const QJsonObject e = expressions.at(i).toObject();
        const QString key = e.value(QLatin1String("key")).toString();
        const QString op = e.value(QLatin1String("operator")).toString();
        const QString values = strings(e.value(QLatin1String("values"))).join(QLatin1Char(','));
        if (op == QLatin1String("In"))
            labels << QStringLiteral("%1 in (%2)").arg(key, values);
        else if (op == QLatin1String("NotIn"))
            labels << QStringLiteral("%1 notin (%2)").arg(key, values);
        else if (op == QLatin1String("Exists"))
            labels << key;
        else if (op == QLatin1String("DoesNotExist"))
            labels << QLatin1Char('!') + key;
        else
            return Error{QStringLiteral("spec.selector.expressionSelectors[%1].operator: '%2' is "
                                        "not In, NotIn, Exists or DoesNotExist")
                             .arg(i)
                             .arg(op)};
    }
    base.labelSelector = labels.join(QLatin1Char(','));
    base.fieldSelector = pairs(selector.value(QLatin1String("fieldSelectors")).toObject());
    base.phases = strings(selector.value(QLatin1String("podPhaseSelectors")));
    const QJsonObject annotations = selector.value(QLatin1String("annotationSelectors")).toObject();
    for (auto it = annotations.begin(); it != annotations.end(); ++it)
        base.annotations.insert(it.key(), it.value().toString());

    std::vector<PodQuery> queries;
    const QJsonObject pods = selector.value(QLatin1String("pods")).toObject();
    if (!pods.isEmpty()) {
        for (auto it = pods.begin(); it != pods.end(); ++it) {
            PodQuery q = base;
            q.ns = it.key();
            q.podNames = strings(it.value());
            queries.push_back(q);
        }
        return queries;
    }
    QStringList namespaces = strings(selector.value(QLatin1String("namespaces")));
    if (namespaces.isEmpty())
        namespaces << (manifest.ns().isEmpty() ? QStringLiteral("default") : manifest.ns());
    for (const QString &ns : namespaces) {
        PodQuery q = base;
        q.ns = ns;
        queries.push_back(q);
    }
    return queries;
}

bool PodSelectorQuery::matches(const PodQuery &query, const QJsonObject &pod)
{
    const QJsonObject meta = pod.value(QLatin1String("metadata")).toObject();
    if (!query.podNames.isEmpty() &&
        !query.podNames.contains(meta.value(QLatin1String("name")).toString()))
        return false;
    if (!query.phases.isEmpty() &&
        !query.phases.contains(
            pod.value(QLatin1String("status")).toObject().value(QLatin1String("phase")).toString()))
        return false;
    const QJsonObject annotations = meta.value(QLatin1String("annotations")).toObject();
    for (auto it = query.annotations.cbegin(); it != query.annotations.cend(); ++it)
        if (annotations.value(it.key()).toString() != it.value() || !annotations.contains(it.key()))
            return false;
    return true;
}

} // namespace meshscope::chaos
