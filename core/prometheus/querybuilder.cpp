#include "core/prometheus/querybuilder.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace meshscope::core {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::QueryBuilder", text);
}

// A PromQL double-quoted string literal.
QString quoted(const QString &text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    out.replace(QLatin1Char('"'), QStringLiteral("\\\""));
    return QLatin1Char('"') + out + QLatin1Char('"');
}

// The buckets of the latency histogram per edge, once: SampleBuilder computes p50/p95/p99 from
// them as histogram_quantile does. Three histogram_quantile queries would make the server
// evaluate the rate of every bucket series three times, the bulk of a refresh on a big mesh.
// The answer has one series per edge and bucket (20 for Istio), so the identity labels are
// joined into one (kEdgeLabel): the answer is less than half the bytes, for the server to
// write and for us to read.
QString histogramBuckets(const QString &selector, const QStringList &groupBy)
{
    QStringList labels;
    for (const QString &l : groupBy)
        labels << quoted(l);
    return QStringLiteral("sum by (le, %1) (label_join(sum by (le, ${groupBy}) "
                          "(rate(%2[${window}])), \"%1\", \"%3\", %4))")
        .arg(QLatin1String(QueryBuilder::kEdgeLabel), selector, QChar(QueryBuilder::kEdgeSeparator),
             labels.join(QStringLiteral(", ")));
}

// For range queries: there the buckets would multiply the points of the answer by the number of
// buckets (20 for Istio) at every step, so the server computes the quantiles, marked by
// `quantile` and joined with `or` (still one query).
QString histogramQuantiles(const QString &selector)
{
    QStringList parts;
    for (const char *q : {"0.5", "0.95", "0.99"}) {
        parts << QStringLiteral("label_replace(histogram_quantile(%1, sum by (le, ${groupBy}) "
                                "(rate(%2[${window}]))), \"quantile\", \"%1\", \"\", \"\")")
                     .arg(QLatin1String(q), selector);
    }
    return parts.join(QStringLiteral(" or "));
}

// A regex over kEdgeLabel that holds every call with an end in `selection`: the namespace labels
// sit at fixed places among the joined identity labels. `[^|]*` cannot cross a separator, so
// the selection starts exactly at its field; it may run past the field's end (`sh.*p` over
// "shop|cart"), so SampleBuilder checks the namespaces again on the split fields. Empty when a
// namespace label is not one of the identity labels: the recorded series cannot be filtered.
QString edgeNamespaceRegex(const MetricProfile &profile, const QStringList &groupBy,
                           const QString &selection)
{
    QStringList alternatives;
    for (const QString &label : profile.namespaceLabels) {
        const qsizetype at = groupBy.indexOf(label);
        if (at < 0)
            return {};
        const QString before = at == 0 ? QString() : QStringLiteral("(?:[^|]*[|]){%1}").arg(at);
        alternatives << before + QStringLiteral("(?:%1)(?:[|].*)?").arg(selection);
    }
    return alternatives.join(QLatin1Char('|'));
}

} // namespace

QString QueryBuilder::joinEdge(const QString &expr, const QStringList &groupBy)
{
    QStringList labels;
    for (const QString &l : groupBy)
        labels << quoted(l);
    return QStringLiteral("sum without (%1) (label_join(%2, \"%3\", \"%4\", %5))")
        .arg(groupBy.join(QStringLiteral(", ")), expr, QLatin1String(kEdgeLabel),
             QChar(kEdgeSeparator), labels.join(QStringLiteral(", ")));
}

bool QueryBuilder::answersPerEdge(MetricProfile::Role role)
{
    return role != MetricProfile::Role::Replicas;
}

QStringList QueryBuilder::identityLabels(const EndpointLabels &end, Granularity granularity)
{
    QStringList labels;
    for (const QString &l : {end.cluster, end.ns})
        if (!l.isEmpty())
            labels << l;
    // The service label is always kept: an unmeshed peer has no workload or app, and its node is
    // then named by the service it was called by.
    labels << end.service;
    if (granularity == Granularity::Workload && !end.workload.isEmpty())
        labels << end.workload;
    if (granularity == Granularity::App) {
        if (!end.app.isEmpty())
            labels << end.app;
        if (!end.version.isEmpty())
            labels << end.version;
    }
    labels.removeDuplicates();
    return labels;
}

QStringList QueryBuilder::groupByLabelsFor(const MetricProfile &profile, Granularity granularity)
{
    QStringList labels = identityLabels(profile.source, granularity) +
                         identityLabels(profile.destination, granularity);
    labels.removeDuplicates();
    return labels;
}

Result<QueryBuilder> QueryBuilder::create(const MetricProfile &profile, Granularity granularity,
                                          const QString &namespaces, const QString &prefix,
                                          const QStringList &recorded)
{
    const QString selection = namespaces.isEmpty() ? QStringLiteral(".*") : namespaces;
    const QRegularExpression check(selection);
    if (!check.isValid())
        return Error{tr("namespaces: '%1' is not a valid regular expression: %2")
                         .arg(selection, check.errorString())};
    static const QRegularExpression prefixRe(QStringLiteral("^[a-zA-Z0-9_:]*$"));
    if (!prefixRe.match(prefix).hasMatch())
        return Error{tr("metric prefix '%1' is not part of a metric name").arg(prefix)};

    QueryBuilder b;
    b.m_groupBy = groupByLabelsFor(profile, granularity);
    const QString groupBy = b.m_groupBy.join(QStringLiteral(", "));
    const bool all = selection == QLatin1String(".*");
    // Matching everything needs no `or`: one label is enough (and cheap).
    const QStringList filterLabels = all || profile.namespaceLabels.isEmpty()
                                         ? profile.namespaceLabels.mid(0, 1)
                                         : profile.namespaceLabels;
    auto expand = [&](QString text) {
        text.replace(QLatin1String("${groupBy}"), groupBy);
        text.replace(QLatin1String("${window}"), profile.window);
        text.replace(QLatin1String("${prefix}"), prefix);
        text.replace(QLatin1String("${namespaces}"), quoted(selection).mid(1).chopped(1));
        if (!text.contains(QLatin1String("${filter}")) || filterLabels.size() <= 1) {
            const QString filter =
                filterLabels.isEmpty()
                    ? QString()
                    : QStringLiteral(",%1=~%2").arg(filterLabels.first(), quoted(selection));
            text.replace(QLatin1String("${filter}"), filter);
            return text;
        }
        QStringList alternatives;
        for (const QString &label : filterLabels) {
            QString one = text;
            one.replace(QLatin1String("${filter}"),
                        QStringLiteral(",%1=~%2").arg(label, quoted(selection)));
            alternatives << QLatin1Char('(') + one + QLatin1Char(')');
        }
        return alternatives.join(QStringLiteral(" or "));
    };
    // The recorded series carry the identity labels joined (RecordingRules): the namespaces are
    // selected on kEdgeLabel. A profile whose namespace labels are not identity labels cannot be
    // selected that way: it reads the raw metrics.
    QString recordedFilter;
    bool readRecorded = !recorded.isEmpty();
    if (readRecorded && !all && !profile.namespaceLabels.isEmpty()) {
        const QString regex = edgeNamespaceRegex(profile, b.m_groupBy, selection);
        if (regex.isEmpty())
            readRecorded = false;
        else
            recordedFilter =
                QStringLiteral(",%1=~%2").arg(QLatin1String(kEdgeLabel), quoted(regex));
    }
    for (size_t i = 0; i < profile.queries.size(); ++i) {
        const MetricProfile::Query &q = profile.queries[i];
        const bool perEdge = answersPerEdge(q.role);
        auto join = [&](const QString &expr) {
            return perEdge ? joinEdge(expr, b.m_groupBy) : expr;
        };
        const QString recordedName = readRecorded ? recorded.value(qsizetype(i)) : QString();
        const QString range =
            expand(q.histogram.isEmpty() ? join(q.promql) : join(histogramQuantiles(q.histogram)));
        if (!recordedName.isEmpty()) {
            // `+ 0` drops the metric name, which would repeat in every series of the answer.
            b.m_queries
                << QStringLiteral("{__name__=\"%1\"%2} + 0").arg(recordedName, recordedFilter);
            b.m_readsRecorded = true;
        } else if (q.histogram.isEmpty()) {
            b.m_queries << expand(join(q.promql));
        } else {
            b.m_queries << expand(histogramBuckets(q.histogram, b.m_groupBy));
        }
        b.m_rangeQueries << range;
    }
    return b;
}

} // namespace meshscope::core
