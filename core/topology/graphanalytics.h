#pragma once

// Structural facts about a topology (Boost.Graph inside): single points of failure, centrality,
// blast radius. Pure functions over an immutable snapshot; safe on any thread.

#include "core/topology/topology.h"

#include <vector>

namespace meshscope::core {

struct GraphFacts
{
    quint64 generation = 0;
    // Articulation points of the undirected call graph: removing the node disconnects others.
    std::vector<bool> articulationPoint; // per node
    // Bridges of the undirected call graph: the only link between two parts.
    std::vector<bool> bridge; // per edge
    // Betweenness centrality on the directed call graph, normalised to [0,1]. Exact (Brandes)
    // up to a few thousand nodes, estimated from sampled sources beyond (see betweennessExact).
    std::vector<double> betweenness; // per node
    bool betweennessExact = true;
};

// How analyze() trades exactness for time. The defaults keep analyze() at generated:10000
// well under a second on one core.
struct AnalyticsOptions
{
    int exactBetweennessMaxNodes = 2000; // above this, betweenness is estimated
    int betweennessSampleSources = 256;  // sources of the estimate (Brandes & Pich 2007)
    quint64 seed = 0x5eed;               // which sources are sampled; same seed, same figures
};

class GraphAnalytics
{
public:
    static GraphFacts analyze(const Topology &topology);
    static GraphFacts analyze(const Topology &topology, const AnalyticsOptions &options);

    // The three functions below return node indices in ascending order; an invalid index gives
    // an empty result (neighbourhood skips invalid seeds).
    // Every service that calls `node` directly or transitively: who is hurt if `node` degrades.
    static std::vector<int> upstreamOf(const Topology &topology, int node);
    // Every service `node` depends on directly or transitively.
    static std::vector<int> downstreamOf(const Topology &topology, int node);
    // Nodes within `hops` undirected hops of any node in `seeds` (the seeds included).
    static std::vector<int> neighbourhood(const Topology &topology, const std::vector<int> &seeds,
                                          int hops);
};

} // namespace meshscope::core
