#include "core/topology/graphanalytics.h"

#include "core/topology/topologygraph_p.h"

#include <boost/graph/betweenness_centrality.hpp>
#include <boost/graph/biconnected_components.hpp>
#include <boost/property_map/property_map.hpp>

#include <QHash>
#include <QLoggingCategory>

#include <algorithm>
#include <deque>
#include <iterator>
#include <random>

Q_LOGGING_CATEGORY(lcAnalytics, "meshscope.core.analytics")

namespace meshscope::core {

namespace {

// The undirected simple graph under the call graph: one link per pair of nodes that call each
// other in either direction (A->B and B->A are one link), self-calls dropped. Articulation
// points and bridges are facts about this graph: a link with calls both ways is still the only
// way between two parts if it is a bridge, so both of its directed edges are marked.
using UndirectedGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS, boost::no_property,
                          boost::property<boost::edge_index_t, std::size_t>>;

struct Links
{
    UndirectedGraph graph;
    std::vector<std::vector<int>> directedEdges; // per link: the call edges it stands for
};

Links undirectedLinks(const Topology &topology)
{
    Links links;
    links.graph = UndirectedGraph(size_t(topology.nodeCount()));
    QHash<quint64, int> linkOf;
    linkOf.reserve(topology.edgeCount());
    for (int e = 0; e < topology.edgeCount(); ++e) {
        const TopologyEdge &edge = topology.edges()[size_t(e)];
        if (edge.source == edge.target)
            continue;
        const auto lo = quint64(std::min(edge.source, edge.target));
        const auto hi = quint64(std::max(edge.source, edge.target));
        const quint64 key = (lo << 32) | hi;
        auto found = linkOf.find(key);
        if (found != linkOf.end()) {
            links.directedEdges[size_t(*found)].push_back(e);
            continue;
        }
        const int link = int(links.directedEdges.size());
        linkOf.insert(key, link);
        links.directedEdges.push_back({e});
        boost::add_edge(size_t(lo), size_t(hi), size_t(link), links.graph);
    }
    return links;
}

void markCutsAndBridges(const Topology &topology, GraphFacts &facts)
{
    const Links links = undirectedLinks(topology);
    const size_t linkCount = links.directedEdges.size();
    std::vector<std::size_t> component(linkCount, 0);
    auto componentMap = boost::make_iterator_property_map(
        component.begin(), boost::get(boost::edge_index, links.graph));
    std::vector<std::size_t> cuts;
    const auto result =
        boost::biconnected_components(links.graph, componentMap, std::back_inserter(cuts));
    for (std::size_t v : cuts)
        facts.articulationPoint[v] = true;

    // A bridge is a biconnected component made of exactly one link.
    std::vector<int> linksPerComponent(result.first, 0);
    for (size_t link = 0; link < linkCount; ++link)
        ++linksPerComponent[component[link]];
    for (size_t link = 0; link < linkCount; ++link) {
        if (linksPerComponent[component[link]] != 1)
            continue;
        for (int e : links.directedEdges[link])
            facts.bridge[size_t(e)] = true;
    }
}

// Uniform integer in [0, bound) from raw mt19937_64 output (std distributions differ between
// standard libraries; the figures must not). Rejection sampling keeps it unbiased.
quint64 uniformBelow(std::mt19937_64 &rng, quint64 bound)
{
    const quint64 limit =
        std::numeric_limits<quint64>::max() - std::numeric_limits<quint64>::max() % bound;
    quint64 x = rng();
    while (x >= limit)
        x = rng();
    return x % bound;
}

// Brandes' accumulation from a subset of sources on the directed, unweighted call graph
// (U. Brandes, "A faster algorithm for betweenness centrality", 2001; sampled sources as in
// Brandes & Pich, "Centrality estimation in large networks", 2007). Adds each source's
// dependencies to `centrality`.
void accumulateFromSources(const Topology &topology, const std::vector<int> &sources,
                           std::vector<double> &centrality)
{
    const size_t n = size_t(topology.nodeCount());
    std::vector<int> distance(n, -1);
    std::vector<double> sigma(n, 0.0);
    std::vector<double> delta(n, 0.0);
    std::vector<int> order; // nodes in order of discovery (non-decreasing distance)
    order.reserve(n);
    std::vector<int> queue;
    queue.reserve(n);
    for (int s : sources) {
        for (int v : order) {
            distance[size_t(v)] = -1;
            sigma[size_t(v)] = 0.0;
            delta[size_t(v)] = 0.0;
        }
        order.clear();
        queue.clear();
        distance[size_t(s)] = 0;
        sigma[size_t(s)] = 1.0;
        queue.push_back(s);
        for (size_t head = 0; head < queue.size(); ++head) {
            const int v = queue[head];
            order.push_back(v);
            for (int e : topology.outEdges(v)) {
                const int w = topology.edges()[size_t(e)].target;
                if (distance[size_t(w)] < 0) {
                    distance[size_t(w)] = distance[size_t(v)] + 1;
                    queue.push_back(w);
                }
                if (distance[size_t(w)] == distance[size_t(v)] + 1)
                    sigma[size_t(w)] += sigma[size_t(v)];
            }
        }
        // Predecessors of w are the in-neighbours one step closer to s: no predecessor lists.
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const int w = *it;
            for (int e : topology.inEdges(w)) {
                const int v = topology.edges()[size_t(e)].source;
                if (distance[size_t(v)] >= 0 && distance[size_t(v)] + 1 == distance[size_t(w)])
                    delta[size_t(v)] +=
                        sigma[size_t(v)] / sigma[size_t(w)] * (1.0 + delta[size_t(w)]);
            }
            if (w != s)
                centrality[size_t(w)] += delta[size_t(w)];
        }
    }
}

void computeBetweenness(const Topology &topology, const AnalyticsOptions &options,
                        GraphFacts &facts)
{
    const int n = topology.nodeCount();
    std::vector<double> &centrality = facts.betweenness;
    const int k = std::max(1, options.betweennessSampleSources);
    if (n <= options.exactBetweennessMaxNodes || k >= n) {
        const BoostTopologyGraph &g = topology.graph().g;
        auto map = boost::make_iterator_property_map(centrality.begin(),
                                                     boost::get(boost::vertex_index, g));
        boost::brandes_betweenness_centrality(g, map);
        facts.betweennessExact = true;
    } else {
        // k distinct sources by a partial Fisher-Yates shuffle, then scale by n/k: an unbiased
        // estimate of the sum over all sources.
        std::vector<int> all(static_cast<size_t>(n), 0);
        for (int i = 0; i < n; ++i)
            all[size_t(i)] = i;
        std::mt19937_64 rng(options.seed);
        for (int i = 0; i < k; ++i) {
            const int j = i + int(uniformBelow(rng, quint64(n - i)));
            std::swap(all[size_t(i)], all[size_t(j)]);
        }
        all.resize(size_t(k));
        accumulateFromSources(topology, all, centrality);
        const double scale = double(n) / double(k);
        for (double &c : centrality)
            c *= scale;
        facts.betweennessExact = false;
    }
    // Ordered pairs (s, t) with s != v != t on a directed graph: (n-1)(n-2).
    const double pairs = n > 2 ? double(n - 1) * double(n - 2) : 0.0;
    for (double &c : centrality)
        c = pairs > 0.0 ? std::clamp(c / pairs, 0.0, 1.0) : 0.0;
}

enum class Direction
{
    Upstream,
    Downstream,
    Both
};

std::vector<int> reach(const Topology &topology, const std::vector<int> &seeds, int maxHops,
                       Direction direction, bool includeSeeds)
{
    const int n = topology.nodeCount();
    std::vector<int> hops(size_t(n), -1);
    std::vector<int> queue;
    for (int s : seeds) {
        if (s < 0 || s >= n || hops[size_t(s)] == 0)
            continue;
        hops[size_t(s)] = 0;
        queue.push_back(s);
    }
    for (size_t head = 0; head < queue.size(); ++head) {
        const int v = queue[head];
        if (maxHops >= 0 && hops[size_t(v)] >= maxHops)
            continue;
        auto visit = [&](int w) {
            if (hops[size_t(w)] >= 0)
                return;
            hops[size_t(w)] = hops[size_t(v)] + 1;
            queue.push_back(w);
        };
        if (direction != Direction::Downstream) {
            for (int e : topology.inEdges(v))
                visit(topology.edges()[size_t(e)].source);
        }
        if (direction != Direction::Upstream) {
            for (int e : topology.outEdges(v))
                visit(topology.edges()[size_t(e)].target);
        }
    }
    std::vector<int> result;
    for (int v = 0; v < n; ++v) {
        if (hops[size_t(v)] > 0 || (includeSeeds && hops[size_t(v)] == 0))
            result.push_back(v);
    }
    return result;
}

} // namespace

GraphFacts GraphAnalytics::analyze(const Topology &topology)
{
    return analyze(topology, AnalyticsOptions{});
}

GraphFacts GraphAnalytics::analyze(const Topology &topology, const AnalyticsOptions &options)
{
    GraphFacts facts;
    facts.generation = topology.generation();
    facts.articulationPoint.assign(size_t(topology.nodeCount()), false);
    facts.bridge.assign(size_t(topology.edgeCount()), false);
    facts.betweenness.assign(size_t(topology.nodeCount()), 0.0);
    if (topology.nodeCount() == 0)
        return facts;
    markCutsAndBridges(topology, facts);
    computeBetweenness(topology, options, facts);
    qCDebug(lcAnalytics) << "analyzed generation" << facts.generation << "nodes"
                         << topology.nodeCount() << "betweenness exact" << facts.betweennessExact;
    return facts;
}

std::vector<int> GraphAnalytics::upstreamOf(const Topology &topology, int node)
{
    // A node in a cycle reaches itself; it is still not its own upstream.
    std::vector<int> result = reach(topology, {node}, -1, Direction::Upstream, false);
    return result;
}

std::vector<int> GraphAnalytics::downstreamOf(const Topology &topology, int node)
{
    return reach(topology, {node}, -1, Direction::Downstream, false);
}

std::vector<int> GraphAnalytics::neighbourhood(const Topology &topology,
                                               const std::vector<int> &seeds, int hops)
{
    return reach(topology, seeds, std::max(0, hops), Direction::Both, true);
}

} // namespace meshscope::core
