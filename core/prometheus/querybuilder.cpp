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

QString histogramQuantiles(const QString &selector)
{
    // One query for three quantiles: each is marked by `quantile`, so `or` keeps all three.
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

Result<QueryBuilder> QueryBuilder::create(const MetricProfile &profile, Granularity granularity,
                                          const QString &namespaces, const QString &prefix)
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
    b.m_groupBy = identityLabels(profile.source, granularity) +
                  identityLabels(profile.destination, granularity);
    b.m_groupBy.removeDuplicates();
    const QString groupBy = b.m_groupBy.join(QStringLiteral(", "));
    const bool all = selection == QLatin1String(".*");
    // Matching everything needs no `or`: one label is enough (and cheap).
    const QStringList filterLabels = all || profile.namespaceLabels.isEmpty()
                                         ? profile.namespaceLabels.mid(0, 1)
                                         : profile.namespaceLabels;
    for (const MetricProfile::Query &q : profile.queries) {
        QString text = q.histogram.isEmpty() ? q.promql : histogramQuantiles(q.histogram);
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
            b.m_queries << text;
            continue;
        }
        QStringList alternatives;
        for (const QString &label : filterLabels) {
            QString one = text;
            one.replace(QLatin1String("${filter}"),
                        QStringLiteral(",%1=~%2").arg(label, quoted(selection)));
            alternatives << QLatin1Char('(') + one + QLatin1Char(')');
        }
        b.m_queries << alternatives.join(QStringLiteral(" or "));
    }
    return b;
}

} // namespace meshscope::core
