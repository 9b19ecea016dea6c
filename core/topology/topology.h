#pragma once

// An immutable snapshot of the service graph at one refresh. Built by TopologyBuilder on a
// worker thread, shared read-only (std::shared_ptr<const Topology>) with every consumer.
// Indices (node 0..n-1, edge 0..m-1) are only valid within one snapshot; NodeId is the identity
// that survives refreshes.

#include "core/telemetry/telemetrytypes.h"

#include <QHash>
#include <QString>

#include <memory>
#include <vector>

namespace meshscope::core {

struct TopologyGraph; // Boost.Graph adjacency list; see topologygraph_p.h (core .cpp files only)

struct TopologyNode
{
    NodeId id;
    NodeKind kind = NodeKind::Service;
    QString name;
    QString ns;
    QString version;
    int replicasDesired = -1; // -1 = unknown
    int replicasReady = -1;
    bool idle = false;             // seen in an earlier refresh, no traffic in this one
    QMap<QString, QString> labels; // workload labels (NodeSample::labels), for grouping

    // Aggregates of the edges, per second. Inbound for services; gateways have no callers in
    // the mesh, so their figures are over outbound calls (see docs/health-model.md).
    double inRate = 0.0;
    double outRate = 0.0;
    double errorRatio = kNaN; // (5xx + gRPC errors + no-response) / requests, inbound
    double p95Ms = kNaN; // request-weighted mean of the inbound (entry points: outbound) edges' p95
};

struct TopologyEdge
{
    int source = -1; // node index
    int target = -1; // node index
    EdgeSample metrics;
};

class Topology
{
public:
    Topology();
    ~Topology();
    Topology(const Topology &) = delete;
    Topology &operator=(const Topology &) = delete;

    quint64 generation() const { return m_generation; }
    qint64 timestampMs() const { return m_timestampMs; }
    const QString &sourceName() const { return m_sourceName; }

    const std::vector<TopologyNode> &nodes() const { return m_nodes; }
    const std::vector<TopologyEdge> &edges() const { return m_edges; }
    int nodeCount() const { return int(m_nodes.size()); }
    // Values the builder replaced in this refresh's telemetry (see sanitize()).
    int badValueCount() const { return m_badValues; }
    int edgeCount() const { return int(m_edges.size()); }

    int nodeIndex(const NodeId &id) const { return m_nodeIndex.value(id, -1); }
    int edgeIndex(const NodeId &source, const NodeId &target) const;
    const std::vector<int> &outEdges(int node) const { return m_outEdges[size_t(node)]; }
    const std::vector<int> &inEdges(int node) const { return m_inEdges[size_t(node)]; }

    // The Boost.Graph view (vertex i = node i, edge index property = edge i). For core .cpp files.
    const TopologyGraph &graph() const { return *m_graph; }

private:
    friend class TopologyBuilder;
    friend class GroupedView; // builds the collapsed view of a snapshot

    quint64 m_generation = 0;
    qint64 m_timestampMs = 0;
    QString m_sourceName;
    int m_badValues = 0;
    std::vector<TopologyNode> m_nodes;
    std::vector<TopologyEdge> m_edges;
    QHash<NodeId, int> m_nodeIndex;
    std::vector<std::vector<int>> m_outEdges;
    std::vector<std::vector<int>> m_inEdges;
    std::unique_ptr<TopologyGraph> m_graph;
};

using TopologyPtr = std::shared_ptr<const Topology>;

// Makes one edge's figures sound before anything adds them up: a NaN or infinite or negative
// rate becomes 0 (a NaN request rate becomes the sum of its classified outcomes, so errors are
// not hidden), an infinite or negative latency becomes unknown (NaN), an mTLS share outside
// [0, 1] unknown. Returns how many values it replaced (NaN latency or mTLS share is "unknown",
// not bad, and is not counted).
int sanitize(EdgeSample &edge);

} // namespace meshscope::core
