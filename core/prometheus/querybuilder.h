#pragma once

#include "core/prometheus/metricprofile.h"
#include "core/result.h"

#include <QStringList>

namespace meshscope::core {

// Turns a profile's query templates into the PromQL of one refresh: the node identity labels of
// the chosen granularity (${groupBy}), the namespace selection as a regex matcher (${filter},
// `,label=~"regex"`; with several namespace labels the query is repeated once per label and
// joined with `or`, which keeps each call once), the rate window and the probed metric prefix.
// A histogram selector becomes p50/p95/p99 joined with `or`, so a latency role is one query.
class QueryBuilder
{
public:
    // `namespaces` is an RE2 regex over whole namespace names (Prometheus anchors it).
    static Result<QueryBuilder> create(const MetricProfile &profile, Granularity granularity,
                                       const QString &namespaces = QStringLiteral(".*"),
                                       const QString &prefix = {});

    // One PromQL expression per profile query, in the profile's order.
    const QStringList &queries() const { return m_queries; }
    // The identity labels of both ends for the granularity, as they appear in ${groupBy}.
    const QStringList &groupByLabels() const { return m_groupBy; }

    static QStringList identityLabels(const EndpointLabels &end, Granularity granularity);

private:
    QStringList m_queries;
    QStringList m_groupBy;
};

} // namespace meshscope::core
