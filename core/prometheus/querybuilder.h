#pragma once

#include "core/prometheus/metricprofile.h"
#include "core/result.h"

#include <QStringList>

namespace meshscope::core {

// Turns a profile's query templates into the PromQL of one refresh: the node identity labels of
// the chosen granularity (${groupBy}), the namespace selection as a regex matcher (${filter},
// `,label=~"regex"`; with several namespace labels the query is repeated once per label and
// joined with `or`, which keeps each call once), the rate window and the probed metric prefix.
// Every answer about calls carries the identity labels joined into one (kEdgeLabel, joinEdge):
// half the bytes for the server to write and for us to read. A histogram selector becomes one
// query for the rate of its buckets per edge, from which SampleBuilder computes p50/p95/p99 as
// histogram_quantile would. docs/query-profiles.md.
class QueryBuilder
{
public:
    // The label of a series about a call that holds the edge's identity labels (groupByLabels,
    // in order) joined by kEdgeSeparator; no Kubernetes name or label value contains it.
    static constexpr const char *kEdgeLabel = "meshscope_edge";
    static constexpr char kEdgeSeparator = '|';

    // `namespaces` is an RE2 regex over whole namespace names (Prometheus anchors it).
    // `recorded`: per profile query, a recorded metric (RecordingRules::recordedNames()) that
    // the instant query reads instead, with the same namespace selection (on kEdgeLabel; a
    // profile whose namespace labels are not identity labels reads the raw metrics then);
    // empty = the raw query. Range queries always read the raw metrics: the recorded ones start
    // with the rules.
    static Result<QueryBuilder> create(const MetricProfile &profile, Granularity granularity,
                                       const QString &namespaces = QStringLiteral(".*"),
                                       const QString &prefix = {},
                                       const QStringList &recorded = {});

    // One PromQL expression per profile query, in the profile's order, for instant queries.
    const QStringList &queries() const { return m_queries; }
    // The same for range queries: latency as p50/p95/p99 computed by the server (marked by a
    // `quantile` label), since buckets at every step would make the answer 20 times larger.
    // SampleBuilder reads both shapes.
    const QStringList &rangeQueries() const { return m_rangeQueries; }
    // Whether queries() read recorded series (create() may fall back to the raw metrics).
    bool readsRecorded() const { return m_readsRecorded; }
    // The identity labels of both ends for the granularity, as they appear in ${groupBy}.
    const QStringList &groupByLabels() const { return m_groupBy; }

    static QStringList identityLabels(const EndpointLabels &end, Granularity granularity);
    // Both ends' identity labels, without repeats: ${groupBy}.
    static QStringList groupByLabelsFor(const MetricProfile &profile, Granularity granularity);
    // `expr` with the identity labels `groupBy` joined into kEdgeLabel and dropped (also the
    // metric name): `sum without (...) (label_join(expr, ...))`, one series in, one series out.
    static QString joinEdge(const QString &expr, const QStringList &groupBy);
    // Whether a role's answer is per call (identity labels) rather than per workload (replicas).
    static bool answersPerEdge(MetricProfile::Role role);

private:
    QStringList m_queries;
    QStringList m_rangeQueries;
    QStringList m_groupBy;
    bool m_readsRecorded = false;
};

} // namespace meshscope::core
