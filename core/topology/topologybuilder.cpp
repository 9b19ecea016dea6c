#include "core/topology/topologybuilder.h"

#include "core/topology/topologygraph_p.h"

#include <cmath>

namespace meshscope::core {

namespace {

NodeSample inferredNode(const NodeId &id)
{
    // A peer known only from an edge. Sources that can tell an external service apart say so in
    // a NodeSample (Istio: a destination outside *.svc.cluster.local); without one it is taken
    // for an ordinary service, with nothing known of its replicas.
    NodeSample node;
    node.id = id;
    node.kind = NodeKind::Service;
    return node;
}

} // namespace

TopologyPtr TopologyBuilder::build(const TelemetrySample &sample)
{
    ++m_generation;
    auto topo = std::make_shared<Topology>();
    topo->m_generation = m_generation;
    topo->m_timestampMs = sample.timestampMs;
    topo->m_sourceName = sample.sourceName;

    auto addNode = [&](const NodeSample &ns, bool idle) {
        const int index = int(topo->m_nodes.size());
        TopologyNode node;
        node.id = ns.id;
        node.kind = ns.kind;
        node.name = ns.id.name();
        node.ns = ns.id.ns();
        node.version = ns.version;
        node.replicasDesired = ns.replicasDesired;
        node.replicasReady = ns.replicasReady;
        node.idle = idle;
        node.labels = ns.labels;
        topo->m_nodes.push_back(std::move(node));
        topo->m_nodeIndex.insert(ns.id, index);
        return index;
    };

    for (const NodeSample &ns : sample.nodes) {
        if (!ns.id.isValid() || topo->m_nodeIndex.contains(ns.id))
            continue;
        addNode(ns, false);
        m_known.insert(ns.id, Remembered{ns, m_generation});
    }
    auto ensureNode = [&](const NodeId &id) {
        const int existing = topo->m_nodeIndex.value(id, -1);
        if (existing >= 0)
            return existing;
        auto known = m_known.find(id);
        NodeSample ns = known != m_known.end() ? known->node : inferredNode(id);
        m_known.insert(id, Remembered{ns, m_generation});
        return addNode(ns, false);
    };

    // Merge duplicate (source, destination) rows, e.g. one per protocol, into one edge.
    QHash<QPair<int, int>, int> edgeOf;
    for (EdgeSample es : sample.edges) {
        if (!es.source.isValid() || !es.destination.isValid())
            continue;
        topo->m_badValues += sanitize(es);
        const int s = ensureNode(es.source);
        const int t = ensureNode(es.destination);
        const auto key = qMakePair(s, t);
        auto found = edgeOf.find(key);
        if (found == edgeOf.end()) {
            edgeOf.insert(key, int(topo->m_edges.size()));
            topo->m_edges.push_back(TopologyEdge{s, t, es});
            continue;
        }
        EdgeSample &m = topo->m_edges[size_t(*found)].metrics;
        const double w0 = m.requestRate;
        const double w1 = es.requestRate;
        auto mix = [&](double a, double b) {
            if (std::isnan(a))
                return b;
            if (std::isnan(b))
                return a;
            return (w0 + w1) > 0.0 ? (a * w0 + b * w1) / (w0 + w1) : std::max(a, b);
        };
        m.latency.p50Ms = mix(m.latency.p50Ms, es.latency.p50Ms);
        m.latency.p95Ms = mix(m.latency.p95Ms, es.latency.p95Ms);
        m.latency.p99Ms = mix(m.latency.p99Ms, es.latency.p99Ms);
        m.mtlsShare = mix(m.mtlsShare, es.mtlsShare);
        if (w1 > w0)
            m.protocol = es.protocol;
        m.requestRate += es.requestRate;
        m.rate4xx += es.rate4xx;
        m.rate5xx += es.rate5xx;
        m.rateGrpcError += es.rateGrpcError;
        m.rateNoResponse += es.rateNoResponse;
        m.tcpOpenedRate += es.tcpOpenedRate;
        m.tcpClosedRate += es.tcpClosedRate;
        m.tcpFailedRate += es.tcpFailedRate;
        m.bytesSentRate += es.bytesSentRate;
        m.bytesReceivedRate += es.bytesReceivedRate;
        m.tlsHandshakeFailureRate += es.tlsHandshakeFailureRate;
    }

    // Keep recently seen nodes that had no traffic this time, and forget old ones.
    for (auto it = m_known.begin(); it != m_known.end();) {
        if (m_generation - it->lastSeenGeneration > quint64(m_graceRefreshes)) {
            it = m_known.erase(it);
            continue;
        }
        if (!topo->m_nodeIndex.contains(it.key()))
            addNode(it->node, true);
        ++it;
    }

    const size_t n = topo->m_nodes.size();
    topo->m_outEdges.assign(n, {});
    topo->m_inEdges.assign(n, {});
    std::vector<double> inErrors(n, 0.0), p95Weight(n, 0.0), p95Sum(n, 0.0);
    std::vector<double> outErrors(n, 0.0), outP95Weight(n, 0.0), outP95Sum(n, 0.0);
    BoostTopologyGraph &g = topo->m_graph->g;
    g = BoostTopologyGraph(n);
    for (size_t e = 0; e < topo->m_edges.size(); ++e) {
        const TopologyEdge &edge = topo->m_edges[e];
        topo->m_outEdges[size_t(edge.source)].push_back(int(e));
        topo->m_inEdges[size_t(edge.target)].push_back(int(e));
        boost::add_edge(size_t(edge.source), size_t(edge.target), int(e), g);
        TopologyNode &src = topo->m_nodes[size_t(edge.source)];
        TopologyNode &dst = topo->m_nodes[size_t(edge.target)];
        src.outRate += edge.metrics.requestRate;
        outErrors[size_t(edge.source)] += edge.metrics.errorRate();
        dst.inRate += edge.metrics.requestRate;
        inErrors[size_t(edge.target)] += edge.metrics.errorRate();
        if (!std::isnan(edge.metrics.latency.p95Ms) && edge.metrics.requestRate > 0.0) {
            p95Sum[size_t(edge.target)] += edge.metrics.latency.p95Ms * edge.metrics.requestRate;
            p95Weight[size_t(edge.target)] += edge.metrics.requestRate;
            outP95Sum[size_t(edge.source)] += edge.metrics.latency.p95Ms * edge.metrics.requestRate;
            outP95Weight[size_t(edge.source)] += edge.metrics.requestRate;
        }
    }
    for (size_t i = 0; i < n; ++i) {
        TopologyNode &node = topo->m_nodes[i];
        if (node.inRate > 0.0)
            node.errorRatio = inErrors[i] / node.inRate;
        else if (node.outRate > 0.0)
            node.errorRatio = outErrors[i] / node.outRate;
        if (p95Weight[i] > 0.0)
            node.p95Ms = p95Sum[i] / p95Weight[i];
        else if (node.inRate <= 0.0 && outP95Weight[i] > 0.0)
            node.p95Ms = outP95Sum[i] / outP95Weight[i]; // an entry point: what its calls take
    }
    return topo;
}

} // namespace meshscope::core
