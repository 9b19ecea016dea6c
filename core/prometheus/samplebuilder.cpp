#include "core/prometheus/samplebuilder.h"

#include "core/prometheus/bucketquantile.h"
#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/querybuilder.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>
#include <cmath>
#include <deque>

namespace meshscope::core {

namespace {

bool isLocalTimeout(const QString &flags)
{
    // Most series have "-": no split (an allocation) unless the flag can be there.
    return flags.contains(QLatin1String("UT")) &&
           flags.split(QLatin1Char(',')).contains(QStringLiteral("UT"));
}

} // namespace

struct SampleBuilder::Build
{
    std::vector<EdgeSample> edges;
    std::vector<bool> hasRequests;
    std::vector<bool> hasTcp;
    std::vector<double> serverMtls;        // requests/s over mutual TLS, destination view
    std::vector<double> serverKnownPolicy; // requests/s whose policy label was set
    QHash<EdgeKey, size_t> index;
    QSet<NodeId> external; // destinations a proxy could not name a cluster for
    QHash<QString, std::pair<int, int>> replicas; // "ns/name" -> desired, ready
    // kEdgeLabel values already read: the same call comes back in several series (one per
    // response code, quantile, bucket, TCP rate). Null: not a call to show.
    std::deque<Known> known;
    QHash<QString, Known *> joined;
    Known separate; // the call of a series that kept the identity labels apart

    EdgeSample &edge(const EdgeKey &key)
    {
        auto it = index.constFind(key);
        if (it != index.cend())
            return edges[*it];
        index.insert(key, edges.size());
        EdgeSample e;
        e.source = key.source;
        e.destination = key.destination;
        edges.push_back(std::move(e));
        hasRequests.push_back(false);
        hasTcp.push_back(false);
        serverMtls.push_back(0.0);
        serverKnownPolicy.push_back(0.0);
        return edges.back();
    }
    // The row of a call, created by its first series.
    EdgeSample &edge(Known &k)
    {
        if (k.edge == std::numeric_limits<size_t>::max()) {
            edge(k.id.key);
            k.edge = index.value(k.id.key);
        }
        return edges[k.edge];
    }
};

SampleBuilder::SampleBuilder(const MetricProfile &profile, Granularity granularity,
                             const QString &namespaces)
    : m_profile(profile), m_granularity(granularity),
      m_groupBy(QueryBuilder::groupByLabelsFor(profile, granularity))
{
    if (!namespaces.isEmpty() && namespaces != QLatin1String(".*"))
        m_namespaces = QRegularExpression(QRegularExpression::anchoredPattern(namespaces));
}

bool SampleBuilder::finite(double v) const
{
    if (std::isfinite(v))
        return true;
    ++m_sanitised;
    return false;
}

SampleBuilder::Known *SampleBuilder::identity(Build &b, const PromLabels &labels) const
{
    static const QString edgeLabel = QLatin1String(QueryBuilder::kEdgeLabel);
    const auto joined = labels.constFind(edgeLabel);
    if (joined == labels.cend()) { // a profile's own query that kept the labels apart
        const auto id = identityOf(labels);
        if (!id)
            return nullptr;
        b.separate = Known{*id};
        return &b.separate;
    }
    auto known = b.joined.constFind(*joined);
    if (known == b.joined.cend()) {
        std::optional<Identity> id;
        const QStringList values = joined->split(QLatin1Char(QueryBuilder::kEdgeSeparator));
        if (values.size() == m_groupBy.size()) {
            PromLabels split;
            split.reserve(values.size());
            for (qsizetype i = 0; i < values.size(); ++i)
                split.insert(m_groupBy[i], values[i]);
            id = identityOf(split);
        } else {
            ++m_unreadable; // a '|' inside a label value: which part is which is lost
        }
        Known *k = nullptr;
        if (id) {
            b.known.push_back(Known{*id});
            k = &b.known.back();
        }
        known = b.joined.insert(*joined, k);
    }
    return *known;
}

void SampleBuilder::readRequests(Build &b, const PromQueryResult &r) const
{
    for (const PromSeries &s : r.series) {
        if (s.samples.empty() || !finite(s.samples.back().value))
            continue;
        Known *id = identity(b, s.labels);
        if (!id)
            continue;
        const double v = s.samples.back().value;
        EdgeSample &e = b.edge(*id);
        b.hasRequests[id->edge] = true;
        if (id->id.externalDestination)
            b.external.insert(id->id.key.destination);
        const QString marker = s.labels.value(QLatin1String(MetricProfile::kSeriesLabel));
        if (marker == QLatin1String("failed")) { // a store that only counts failures
            e.rate5xx += v;
            continue;
        }
        e.requestRate += v;
        if (!marker.isEmpty())
            continue; // "total"
        const QString protocol = s.labels.value(m_profile.protocolLabel);
        const QString grpc = m_profile.grpcStatusLabel.isEmpty()
                                 ? QString()
                                 : s.labels.value(m_profile.grpcStatusLabel);
        if (protocol == QLatin1String("grpc") || (!grpc.isEmpty() && protocol.isEmpty()))
            e.protocol = Protocol::Grpc;
        const QString code = s.labels.value(m_profile.responseCodeLabel);
        const int status = code.toInt();
        if (!m_profile.responseFlagsLabel.isEmpty() &&
            isLocalTimeout(s.labels.value(m_profile.responseFlagsLabel)))
            e.rateTimeout += v;
        if (code == QLatin1String("0")) {
            e.rateNoResponse += v;
        } else if (e.protocol == Protocol::Grpc && !grpc.isEmpty()) {
            const int g = grpc.toInt();
            if (g >= 1 && g <= 16)
                e.rateGrpcError += v;
        } else if (status >= 500) {
            e.rate5xx += v;
        } else if (status >= 400) {
            e.rate4xx += v;
        }
    }
}

void SampleBuilder::readLatency(Build &b, const PromQueryResult &r, bool server) const
{
    auto store = [&](Known &call, QStringView quantile, double raw) {
        const double v = raw * m_profile.latencyToMs;
        if (std::isnan(v))
            return; // no requests in the window: unknown, not an error
        if (!finite(v))
            return;
        EdgeSample &e = b.edge(call);
        LatencyQuantiles &q = server ? e.serverLatency : e.latency;
        double *slot = quantile == u"0.5"    ? &q.p50Ms
                       : quantile == u"0.95" ? &q.p95Ms
                       : quantile == u"0.99" ? &q.p99Ms
                                             : nullptr;
        // Several series of one edge (a workload behind two services): the slower one counts.
        if (slot)
            *slot = std::isnan(*slot) ? v : std::max(*slot, v);
    };
    // Bucket series (label `le`, from `sum by (le, ...)`) by their other labels, in order of
    // first appearance so the sample stays deterministic.
    struct Group
    {
        Known call;
        std::vector<CumulativeBucket> buckets;
    };
    std::vector<Group> groups;
    QHash<QString, size_t> groupIndex;
    QString groupKey;
    static const QString le = QStringLiteral("le");
    static const QString quantile = QStringLiteral("quantile");
    static const QString edgeLabel = QLatin1String(QueryBuilder::kEdgeLabel);
    for (const PromSeries &s : r.series) {
        if (s.samples.empty())
            continue;
        const auto bound = s.labels.constFind(le);
        if (bound == s.labels.cend()) {
            if (Known *id = identity(b, s.labels))
                store(*id, s.labels.value(quantile), s.samples.back().value);
            continue;
        }
        // As histogram_quantile: a bucket whose bound is not a number is ignored.
        const auto upper = PrometheusParser::parseValue(*bound);
        const double count = s.samples.back().value;
        if (!upper || !finite(count))
            continue;
        // The query joins the identity labels into one (QueryBuilder::kEdgeLabel); a profile's
        // own bucket query may not: then the other labels are the group.
        const auto joined = s.labels.constFind(edgeLabel);
        groupKey.clear();
        if (joined != s.labels.cend()) {
            groupKey = *joined;
        } else {
            for (auto it = s.labels.cbegin(); it != s.labels.cend(); ++it)
                if (it.key() != le)
                    groupKey += it.key() + QChar(0x1f) + it.value() + QChar(0x1e);
        }
        auto at = groupIndex.constFind(groupKey);
        if (at == groupIndex.cend()) {
            const Known *id = identity(b, s.labels);
            if (!id)
                continue;
            at = groupIndex.insert(groupKey, groups.size());
            groups.push_back(Group{*id, {}});
        }
        groups[*at].buckets.push_back(CumulativeBucket{*upper, count});
    }
    for (Group &g : groups)
        for (const auto &[q, name] : {std::pair{0.5, u"0.5"}, {0.95, u"0.95"}, {0.99, u"0.99"}})
            store(g.call, name, bucketQuantile(q, g.buckets));
}

void SampleBuilder::readServerRequests(Build &b, const PromQueryResult &r) const
{
    for (const PromSeries &s : r.series) {
        if (s.samples.empty() || !finite(s.samples.back().value))
            continue;
        Known *id = identity(b, s.labels);
        if (!id)
            continue;
        const double v = s.samples.back().value;
        EdgeSample &e = b.edge(*id);
        const size_t i = id->edge;
        e.serverRequestRate = (std::isnan(e.serverRequestRate) ? 0.0 : e.serverRequestRate) + v;
        const QString policy = s.labels.value(m_profile.securityPolicyLabel);
        if (!policy.isEmpty() && policy != m_profile.unknownValue) {
            b.serverKnownPolicy[i] += v;
            if (m_profile.mtlsValues.contains(policy))
                b.serverMtls[i] += v;
        }
    }
}

void SampleBuilder::readTcp(Build &b, const PromQueryResult &r) const
{
    for (const PromSeries &s : r.series) {
        if (s.samples.empty() || !finite(s.samples.back().value))
            continue;
        Known *id = identity(b, s.labels);
        if (!id)
            continue;
        const double v = s.samples.back().value;
        EdgeSample &e = b.edge(*id);
        b.hasTcp[id->edge] = true;
        const QString marker = s.labels.value(QLatin1String(MetricProfile::kSeriesLabel));
        if (marker == QLatin1String("opened"))
            e.tcpOpenedRate += v;
        else if (marker == QLatin1String("closed"))
            e.tcpClosedRate += v;
        else if (marker == QLatin1String("failed"))
            e.tcpFailedRate += v;
        else if (marker == QLatin1String("bytesSent"))
            e.bytesSentRate += v;
        else if (marker == QLatin1String("bytesReceived"))
            e.bytesReceivedRate += v;
    }
}

void SampleBuilder::readReplicas(Build &b, const PromQueryResult &r) const
{
    for (const PromSeries &s : r.series) {
        if (s.samples.empty() || !finite(s.samples.back().value))
            continue;
        const QString key = s.labels.value(m_profile.replicasNamespaceLabel) + QLatin1Char('/') +
                            s.labels.value(m_profile.replicasNameLabel);
        const int v = int(std::lround(s.samples.back().value));
        if (!b.replicas.contains(key))
            b.replicas.insert(key, {-1, -1});
        auto &slot = b.replicas[key];
        const QString marker = s.labels.value(QLatin1String(MetricProfile::kSeriesLabel));
        if (marker == QLatin1String("desired"))
            slot.first = v;
        else if (marker == QLatin1String("ready"))
            slot.second = v;
    }
}

TelemetrySample SampleBuilder::build(const std::vector<const PromQueryResult *> &results,
                                     qint64 timestampMs) const
{
    m_sanitised = 0;
    m_unreadable = 0;
    Build b;
    for (size_t i = 0; i < results.size() && i < m_profile.queries.size(); ++i) {
        if (!results[i])
            continue;
        switch (m_profile.queries[i].role) {
        case MetricProfile::Role::Requests:
            readRequests(b, *results[i]);
            break;
        case MetricProfile::Role::Latency:
            readLatency(b, *results[i], false);
            break;
        case MetricProfile::Role::ServerRequests:
            readServerRequests(b, *results[i]);
            break;
        case MetricProfile::Role::ServerLatency:
            readLatency(b, *results[i], true);
            break;
        case MetricProfile::Role::Tcp:
            readTcp(b, *results[i]);
            break;
        case MetricProfile::Role::Replicas:
            readReplicas(b, *results[i]);
            break;
        }
    }

    struct NodeFacts
    {
        int inbound = 0;
        int inboundTcp = 0;
        int outbound = 0;
    };
    QHash<NodeId, NodeFacts> facts;
    std::vector<NodeId> order; // first appearance, so the sample is deterministic
    auto note = [&](const NodeId &id) -> NodeFacts & {
        if (!facts.contains(id))
            order.push_back(id);
        return facts[id];
    };
    for (size_t i = 0; i < b.edges.size(); ++i) {
        EdgeSample &e = b.edges[i];
        // Connection series and never a request: a plain TCP call (a database, a cache), also
        // in a window where its rates happen to be zero.
        if (!b.hasRequests[i] && b.hasTcp[i])
            e.protocol = Protocol::Tcp;
        if (b.serverKnownPolicy[i] > 0.0)
            e.mtlsShare = b.serverMtls[i] / b.serverKnownPolicy[i];
        if (e.protocol == Protocol::Tcp)
            e.rateNoResponse = e.tcpFailedRate; // what the health model reads on TCP edges
        note(e.source).outbound++;
        NodeFacts &d = note(e.destination);
        d.inbound++;
        d.inboundTcp += e.protocol == Protocol::Tcp;
    }

    TelemetrySample sample;
    sample.timestampMs = timestampMs;
    sample.edges = std::move(b.edges);
    sample.nodes.reserve(order.size());
    for (const NodeId &id : order) {
        const NodeFacts &f = facts[id];
        NodeSample n;
        n.id = id;
        const QString name = id.name().section(QLatin1Char(':'), 0, 0);
        if (m_granularity == Granularity::App)
            n.version = id.name().section(QLatin1Char(':'), 1);
        if (b.external.contains(id) || name == m_profile.unknownValue)
            n.kind = NodeKind::External;
        else if (name.contains(QLatin1String("gateway")) || (f.inbound == 0 && f.outbound > 0))
            n.kind = NodeKind::Gateway; // an entry point: nothing in the mesh calls it
        else if (f.inbound > 0 && f.inboundTcp == f.inbound && f.outbound == 0)
            n.kind = NodeKind::Database;
        const auto r = b.replicas.constFind(id.ns() + QLatin1Char('/') + name);
        if (r != b.replicas.cend()) {
            n.replicasDesired = r->first;
            n.replicasReady = r->second;
        }
        sample.nodes.push_back(std::move(n));
    }
    return sample;
}

} // namespace meshscope::core
