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

} // namespace

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
    for (size_t i = 0; i < profile.queries.size(); ++i) {
        const MetricProfile::Query &q = profile.queries[i];
        const QString recordedName = recorded.value(qsizetype(i));
        if (!recordedName.isEmpty()) {
            b.m_queries << expand(QStringLiteral("{__name__=\"%1\"${filter}}").arg(recordedName));
            b.m_rangeQueries << (q.histogram.isEmpty() ? expand(q.promql)
                                                       : expand(histogramQuantiles(q.histogram)));
        } else if (q.histogram.isEmpty()) {
            b.m_queries << expand(q.promql);
            b.m_rangeQueries << b.m_queries.last();
        } else {
            b.m_queries << expand(histogramBuckets(q.histogram, b.m_groupBy));
            b.m_rangeQueries << expand(histogramQuantiles(q.histogram));
        }
    }
    return b;
}

} // namespace meshscope::core
