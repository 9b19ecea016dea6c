#include "core/topology/groupedview.h"

#include "core/topology/topologygraph_p.h"

#include <algorithm>
#include <cmath>

namespace meshscope::core {

namespace {

const QString kGroupCluster = QStringLiteral("@group");

int severity(HealthBand band)
{
    switch (band) {
    case HealthBand::Failing:
        return 3;
    case HealthBand::Degraded:
        return 2;
    case HealthBand::Healthy:
        return 1;
    case HealthBand::NoData:
        break;
    }
    return 0;
}

// Request-weighted mean of two figures, either of which may be unknown.
double mix(double a, double wa, double b, double wb)
{
    if (std::isnan(a))
        return b;
    if (std::isnan(b))
        return a;
    return (wa + wb) > 0.0 ? (a * wa + b * wb) / (wa + wb) : std::max(a, b);
}

void addInto(EdgeSample &m, const EdgeSample &es)
{
    const double w0 = m.requestRate;
    const double w1 = es.requestRate;
    m.latency.p50Ms = mix(m.latency.p50Ms, w0, es.latency.p50Ms, w1);
    m.latency.p95Ms = mix(m.latency.p95Ms, w0, es.latency.p95Ms, w1);
    m.latency.p99Ms = mix(m.latency.p99Ms, w0, es.latency.p99Ms, w1);
    m.mtlsShare = mix(m.mtlsShare, w0, es.mtlsShare, w1);
    if (w1 > w0)
        m.protocol = es.protocol;
    m.requestRate += es.requestRate;
    m.rate4xx += es.rate4xx;
    m.rate5xx += es.rate5xx;
    m.rateGrpcError += es.rateGrpcError;
    m.rateNoResponse += es.rateNoResponse;
    m.rateTimeout += es.rateTimeout;
    m.tcpOpenedRate += es.tcpOpenedRate;
    m.tcpClosedRate += es.tcpClosedRate;
    m.tcpFailedRate += es.tcpFailedRate;
    m.bytesSentRate += es.bytesSentRate;
    m.bytesReceivedRate += es.bytesReceivedRate;
    m.tlsHandshakeFailureRate += es.tlsHandshakeFailureRate;
    m.traceCallCount += es.traceCallCount;
    m.evidence |= es.evidence;
}

} // namespace

NodeId GroupedView::groupNodeId(const QString &group)
{
    return NodeId(kGroupCluster, group, group);
}

bool GroupedView::isGroupNode(const NodeId &id)
{
    return id.key().startsWith(QString(kGroupCluster + QLatin1Char('/')));
}

QString GroupedView::groupOf(const NodeId &groupNode)
{
    return isGroupNode(groupNode) ? groupNode.ns() : QString();
}

bool GroupedView::isWorse(const HealthVerdict &a, const HealthVerdict &b)
{
    const int sa = severity(a.band);
    const int sb = severity(b.band);
    if (sa != sb)
        return sa > sb;
    if (std::isnan(a.score))
        return false;
    return std::isnan(b.score) || a.score < b.score;
}

GroupedGraph GroupedView::build(const TopologyPtr &topology,
                                const std::shared_ptr<const HealthScores> &scores,
                                const GroupAssignment &groups, const QSet<QString> &collapsed)
{
    GroupedGraph out;
    const Topology &full = *topology;
    const auto &nodes = full.nodes();
    const size_t n = nodes.size();
    const bool anyCollapsed = std::any_of(groups.names.cbegin(), groups.names.cend(),
                                          [&](const QString &g) { return collapsed.contains(g); });
    if (!anyCollapsed || groups.groupOf.size() != n) {
        out.topology = topology;
        out.scores = scores ? scores : std::make_shared<const HealthScores>();
        out.shownOf.resize(n);
        for (size_t i = 0; i < n; ++i)
            out.shownOf[i] = int(i);
        return out;
    }
    static const HealthVerdict kNoVerdict;
    const bool nodesScored = scores && scores->nodes.size() == n;
    const bool edgesScored = scores && scores->edges.size() == full.edges().size();
    const auto nodeVerdict = [&](size_t i) -> const HealthVerdict & {
        return nodesScored ? scores->nodes[i] : kNoVerdict;
    };

    auto shown = std::make_shared<Topology>();
    shown->m_generation = full.generation();
    shown->m_timestampMs = full.timestampMs();
    shown->m_sourceName = full.sourceName();
    auto shownScores = std::make_shared<HealthScores>();
    shownScores->generation = full.generation();

    out.shownOf.assign(n, -1);
    std::vector<int> nodeOfGroup(size_t(groups.groupCount()), -1);
    for (size_t i = 0; i < n; ++i) {
        const int g = groups.groupOf[i];
        const QString &group = groups.names.at(g);
        if (!collapsed.contains(group)) {
            out.shownOf[i] = int(shown->m_nodes.size());
            shown->m_nodeIndex.insert(nodes[i].id, out.shownOf[i]);
            shown->m_nodes.push_back(nodes[i]);
            shownScores->nodes.push_back(nodeVerdict(i));
            continue;
        }
        int &index = nodeOfGroup[size_t(g)];
        if (index < 0) {
            index = int(shown->m_nodes.size());
            TopologyNode node;
            node.id = groupNodeId(group);
            node.name = QStringLiteral("%1 (%2)").arg(group).arg(groups.members[size_t(g)].size());
            node.ns = group;
            node.idle = true; // until a member is not
            shown->m_nodeIndex.insert(node.id, index);
            shown->m_nodes.push_back(std::move(node));
            shownScores->nodes.push_back(nodeVerdict(i));
            out.collapsedGroups.insert(groupNodeId(group), g);
        } else if (isWorse(nodeVerdict(i), shownScores->nodes[size_t(index)])) {
            shownScores->nodes[size_t(index)] = nodeVerdict(i);
        }
        shown->m_nodes[size_t(index)].idle &= nodes[i].idle;
        out.shownOf[i] = index;
    }

    QHash<QPair<int, int>, int> edgeOf;
    // Per shown edge: request-weighted score sum and weight, and the busiest call's rate.
    std::vector<double> scoreSum, scoreWeight, busiest;
    const auto weigh = [&](size_t shownEdge, const HealthVerdict &v, double rate) {
        if (!std::isnan(v.score)) {
            scoreSum[shownEdge] += v.score * std::max(rate, 1e-9);
            scoreWeight[shownEdge] += std::max(rate, 1e-9);
        }
    };
    for (size_t e = 0; e < full.edges().size(); ++e) {
        const TopologyEdge &edge = full.edges()[e];
        const int s = out.shownOf[size_t(edge.source)];
        const int t = out.shownOf[size_t(edge.target)];
        if (s == t && out.collapsedGroups.contains(shown->m_nodes[size_t(s)].id))
            continue; // calls inside a collapsed group are not drawn
        const HealthVerdict &verdict = edgesScored ? scores->edges[e] : kNoVerdict;
        const auto key = qMakePair(s, t);
        const auto found = edgeOf.constFind(key);
        if (found == edgeOf.constEnd()) {
            edgeOf.insert(key, int(shown->m_edges.size()));
            TopologyEdge merged{s, t, edge.metrics};
            merged.metrics.source = shown->m_nodes[size_t(s)].id;
            merged.metrics.destination = shown->m_nodes[size_t(t)].id;
            shown->m_edges.push_back(std::move(merged));
            shownScores->edges.push_back(verdict);
            scoreSum.push_back(0.0);
            scoreWeight.push_back(0.0);
            busiest.push_back(edge.metrics.requestRate);
            weigh(scoreSum.size() - 1, verdict, edge.metrics.requestRate);
            continue;
        }
        const size_t s2 = size_t(*found);
        addInto(shown->m_edges[s2].metrics, edge.metrics);
        weigh(s2, verdict, edge.metrics.requestRate);
        if (edge.metrics.requestRate > busiest[s2]) {
            busiest[s2] = edge.metrics.requestRate;
            shownScores->edges[s2] = verdict; // the busiest call explains the edge
        }
    }
    for (size_t e = 0; e < shownScores->edges.size(); ++e)
        shownScores->edges[e].score = scoreWeight[e] > 0.0 ? scoreSum[e] / scoreWeight[e] : kNaN;

    // Adjacency, the Boost.Graph view and the node figures, as TopologyBuilder derives them.
    const size_t m = shown->m_nodes.size();
    shown->m_outEdges.assign(m, {});
    shown->m_inEdges.assign(m, {});
    std::vector<double> inErrors(m, 0.0), outErrors(m, 0.0), p95Sum(m, 0.0), p95Weight(m, 0.0);
    BoostTopologyGraph &g = shown->m_graph->g;
    g = BoostTopologyGraph(m);
    for (TopologyNode &node : shown->m_nodes) {
        node.inRate = 0.0;
        node.outRate = 0.0;
    }
    for (size_t e = 0; e < shown->m_edges.size(); ++e) {
        const TopologyEdge &edge = shown->m_edges[e];
        shown->m_outEdges[size_t(edge.source)].push_back(int(e));
        shown->m_inEdges[size_t(edge.target)].push_back(int(e));
        boost::add_edge(size_t(edge.source), size_t(edge.target), int(e), g);
        shown->m_nodes[size_t(edge.source)].outRate += edge.metrics.requestRate;
        outErrors[size_t(edge.source)] += edge.metrics.errorRate();
        shown->m_nodes[size_t(edge.target)].inRate += edge.metrics.requestRate;
        inErrors[size_t(edge.target)] += edge.metrics.errorRate();
        if (!std::isnan(edge.metrics.latency.p95Ms) && edge.metrics.requestRate > 0.0) {
            p95Sum[size_t(edge.target)] += edge.metrics.latency.p95Ms * edge.metrics.requestRate;
            p95Weight[size_t(edge.target)] += edge.metrics.requestRate;
        }
    }
    for (size_t i = 0; i < m; ++i) {
        TopologyNode &node = shown->m_nodes[i];
        if (!out.collapsedGroups.contains(node.id))
            continue; // an ordinary node keeps the figures of the full snapshot
        node.errorRatio = node.inRate > 0.0    ? inErrors[i] / node.inRate
                          : node.outRate > 0.0 ? outErrors[i] / node.outRate
                                               : kNaN;
        node.p95Ms = p95Weight[i] > 0.0 ? p95Sum[i] / p95Weight[i] : kNaN;
    }
    // Ordinary nodes: their in/out rates are those of the full snapshot too (calls to a collapsed
    // group still reach them); restore what the full snapshot says.
    for (size_t i = 0; i < n; ++i) {
        const int s = out.shownOf[i];
        if (!out.collapsedGroups.contains(shown->m_nodes[size_t(s)].id)) {
            shown->m_nodes[size_t(s)].inRate = nodes[i].inRate;
            shown->m_nodes[size_t(s)].outRate = nodes[i].outRate;
        }
    }
    out.topology = std::move(shown);
    out.scores = std::move(shownScores);
    return out;
}

Positions GroupedView::positions(const GroupedGraph &grouped, const GroupAssignment &groups,
                                 const Topology &full, const Positions &fullPositions)
{
    if (grouped.collapsedGroups.isEmpty())
        return fullPositions;
    Positions out;
    out.reserve(grouped.topology->nodeCount());
    for (const TopologyNode &node : grouped.topology->nodes()) {
        const auto group = grouped.collapsedGroups.constFind(node.id);
        if (group == grouped.collapsedGroups.constEnd()) {
            const auto p = fullPositions.constFind(node.id);
            if (p != fullPositions.constEnd())
                out.insert(node.id, *p);
            continue;
        }
        QPointF sum;
        int count = 0;
        for (int member : groups.members[size_t(*group)]) {
            const auto p = fullPositions.constFind(full.nodes()[size_t(member)].id);
            if (p != fullPositions.constEnd()) {
                sum += *p;
                ++count;
            }
        }
        if (count > 0)
            out.insert(node.id, sum / count);
    }
    return out;
}

QSet<QString> GroupedView::unhealthyGroups(const GroupAssignment &groups,
                                           const HealthScores &scores)
{
    QSet<QString> out;
    if (scores.nodes.size() != groups.groupOf.size())
        return out;
    for (size_t i = 0; i < scores.nodes.size(); ++i) {
        const HealthBand band = scores.nodes[i].band;
        if (band == HealthBand::Degraded || band == HealthBand::Failing)
            out.insert(groups.names.at(groups.groupOf[i]));
    }
    return out;
}

QSet<QString> GroupedView::defaultCollapsed(const GroupAssignment &groups,
                                            const HealthScores &scores, int serviceCount,
                                            int threshold)
{
    if (serviceCount <= threshold)
        return {};
    QSet<QString> out(groups.names.cbegin(), groups.names.cend());
    if (scores.nodes.size() != groups.groupOf.size())
        return out;
    std::vector<int> failing(size_t(groups.groupCount()), 0);
    std::vector<int> degraded(size_t(groups.groupCount()), 0);
    for (size_t i = 0; i < scores.nodes.size(); ++i) {
        const size_t g = size_t(groups.groupOf[i]);
        failing[g] += scores.nodes[i].band == HealthBand::Failing ? 1 : 0;
        degraded[g] += scores.nodes[i].band == HealthBand::Degraded ? 1 : 0;
    }
    std::vector<int> troubled;
    for (int g = 0; g < groups.groupCount(); ++g) {
        if (failing[size_t(g)] + degraded[size_t(g)] > 0)
            troubled.push_back(g);
    }
    std::stable_sort(troubled.begin(), troubled.end(), [&](int a, int b) {
        if (failing[size_t(a)] != failing[size_t(b)])
            return failing[size_t(a)] > failing[size_t(b)];
        return degraded[size_t(a)] > degraded[size_t(b)];
    });
    int shown = 0;
    for (int g : troubled) {
        const int size = int(groups.members[size_t(g)].size());
        if (shown > 0 && shown + size > threshold)
            continue;
        out.remove(groups.names.at(g));
        shown += size;
    }
    return out;
}

} // namespace meshscope::core
