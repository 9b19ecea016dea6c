#pragma once

#include "core/prometheus/metricprofile.h"
#include "core/result.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace meshscope::core {

// Prometheus recording rules that precompute a metric profile's aggregations, so that a refresh
// on a big mesh reads a few pre-aggregated series instead of making the server rate every raw
// series (Istio's advice for production-scale Prometheus). Built from the profile itself: each
// rule's expression is the profile's query for all namespaces, named
// `meshscope_<granularity>:<profile>_<role>:rate<window>` (level:metric:operations, as
// Prometheus' naming practice); a latency role records the bucket rates per call and then
// p50/p95/p99 from them, marked by a `quantile` label as the range queries' answer is.
// Replicas (a gauge, already cheap) keep their raw query. docs/query-profiles.md.
class RecordingRules
{
public:
    struct Rule
    {
        QString record;
        QString expr;
        QString quantile; // the `quantile` label the rule adds; empty = none
    };

    static Result<RecordingRules> create(const MetricProfile &profile, Granularity granularity,
                                         const QString &prefix = {});

    const std::vector<Rule> &rules() const { return m_rules; }
    // Per profile query, in the profile's order: the recorded metric a refresh reads instead of
    // the raw query, or empty when that query has no rule.
    const QStringList &recordedNames() const { return m_recorded; }
    QString groupName() const { return m_group; }
    // A Prometheus rule file (`rule_files:`) with one group; `promtool check rules` accepts it.
    QByteArray toYaml() const;

private:
    std::vector<Rule> m_rules;
    QStringList m_recorded;
    QString m_group;
    QString m_header; // a comment saying what generated the file
};

} // namespace meshscope::core
