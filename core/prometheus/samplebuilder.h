#pragma once

#include "core/prometheus/metricprofile.h"
#include "core/prometheus/prometheustypes.h"
#include "core/telemetry/telemetrytypes.h"

#include <QHash>
#include <QRegularExpression>

#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace meshscope::core {

// Reads the answers of one refresh's queries (one PromQueryResult per profile query, in order)
// into a TelemetrySample: node identity from the profile's labels at the chosen granularity,
// error classes as Kiali decides them (the response code alone; gRPC by grpc-status; "-" is
// code 0 only), both reporters, TCP in connection units, and node kinds where labels say so.
// NaN and ±Inf rates are dropped and counted (sanitisedValues) instead of reaching the scores.
class SampleBuilder
{
public:
    // `namespaces`: the selection (an anchored regex over whole names) a call must have an end
    // in; ".*" or empty = all. The queries already select it; the recorded series are selected
    // on the joined identity label, which may let a few more through (QueryBuilder).
    SampleBuilder(const MetricProfile &profile, Granularity granularity,
                  const QString &namespaces = {});

    TelemetrySample build(const std::vector<const PromQueryResult *> &results,
                          qint64 timestampMs) const;

    // Range answers regrouped by moment: per timestamp, one instant vector per query (backfill
    // and replay both read matrices this way).
    using ByTime = std::map<qint64, std::vector<PromQueryResult>>;
    static void addMatrix(ByTime &byTime, size_t query, size_t queryCount,
                          const std::vector<PromSeries> &series);
    // One sample per moment, in time order, named `sourceName`; returns how many.
    int buildEach(const ByTime &byTime, const QString &sourceName,
                  const std::function<void(const TelemetrySample &)> &consume) const;

    // Values that were NaN or infinite in the last build() (a broken exporter, a division).
    int sanitisedValues() const { return m_sanitised; }
    // Calls of the last build() whose joined edge label did not split into the identity labels
    // (a label value containing QueryBuilder::kEdgeSeparator): left out.
    int unreadableSeries() const { return m_unreadable; }

private:
    struct EdgeKey
    {
        NodeId source;
        NodeId destination;
        friend bool operator==(const EdgeKey &a, const EdgeKey &b)
        {
            return a.source == b.source && a.destination == b.destination;
        }
        friend size_t qHash(const EdgeKey &k, size_t seed = 0)
        {
            return qHashMulti(seed, k.source, k.destination);
        }
    };
    struct Identity
    {
        EdgeKey key;
        bool externalDestination = false; // the proxy could not name the callee's cluster
    };
    // A call as read from one kEdgeLabel value: its identity, and its row in the sample once
    // a series gave it one (so the edge is looked up once per call, not once per series).
    struct Known
    {
        Identity id;
        size_t edge = std::numeric_limits<size_t>::max();
    };
    struct Build;

    NodeId nodeId(const PromLabels &labels, const EndpointLabels &end,
                  const QString &fallbackCluster) const;
    std::optional<EdgeKey> edgeKey(const PromLabels &labels) const;
    bool inNamespaces(const PromLabels &labels) const;
    std::optional<Identity> identityOf(const PromLabels &labels) const;
    // The call a series is about, from kEdgeLabel (read once per call) or the separate labels;
    // null for a series that is not a call, or one outside the namespaces. Valid until the
    // next call (a profile's query that keeps the labels apart reuses one slot).
    Known *identity(Build &b, const PromLabels &labels) const;
    bool finite(double v) const;

    void readRequests(Build &b, const PromQueryResult &r) const;
    void readLatency(Build &b, const PromQueryResult &r, bool server) const;
    void readServerRequests(Build &b, const PromQueryResult &r) const;
    void readTcp(Build &b, const PromQueryResult &r) const;
    void readReplicas(Build &b, const PromQueryResult &r) const;

    MetricProfile m_profile;
    Granularity m_granularity;
    QStringList m_groupBy; // the order of the labels joined in QueryBuilder::kEdgeLabel
    std::optional<QRegularExpression> m_namespaces;
    mutable int m_sanitised = 0;
    mutable int m_unreadable = 0;
};

} // namespace meshscope::core
