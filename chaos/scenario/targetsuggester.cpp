#include "chaos/scenario/targetsuggester.h"

#include <algorithm>

namespace meshscope::chaos {

namespace {

QString serviceName(const core::TopologyNode &node)
{
    return node.ns + QLatin1Char('/') + node.name;
}

// Entry points are where traffic enters the mesh: services nobody in the mesh calls. A mesh of
// cycles has none; its gateways stand in.
std::vector<int> entryPoints(const core::Topology &topology)
{
    std::vector<int> entries;
    for (int i = 0; i < topology.nodeCount(); ++i) {
        if (topology.inEdges(i).empty() && !topology.outEdges(i).empty())
            entries.push_back(i);
    }
    if (entries.empty()) {
        for (int i = 0; i < topology.nodeCount(); ++i) {
            if (topology.nodes()[size_t(i)].kind == core::NodeKind::Gateway)
                entries.push_back(i);
        }
    }
    return entries;
}

// Nodes reachable along calls from `entries`, never passing through `skipped`.
std::vector<bool> reachable(const core::Topology &topology, const std::vector<int> &entries,
                            int skipped)
{
    std::vector<bool> seen(size_t(topology.nodeCount()), false);
    std::vector<int> stack;
    for (int e : entries) {
        if (e != skipped && !seen[size_t(e)]) {
            seen[size_t(e)] = true;
            stack.push_back(e);
        }
    }
    while (!stack.empty()) {
        const int n = stack.back();
        stack.pop_back();
        for (int edge : topology.outEdges(n)) {
            const int next = topology.edges()[size_t(edge)].target;
            if (next != skipped && !seen[size_t(next)]) {
                seen[size_t(next)] = true;
                stack.push_back(next);
            }
        }
    }
    return seen;
}

QString cutText(const QStringList &entries, const QStringList &cut)
{
    const QString from = entries.join(QLatin1String(", "));
    if (cut.size() <= 2)
        return QStringLiteral("only path from %1 to %2")
            .arg(from, cut.join(QLatin1String(" and ")));
    return QStringLiteral("only path from %1 to %2 services (%3, %4, …)")
        .arg(from)
        .arg(cut.size())
        .arg(cut.at(0), cut.at(1));
}

} // namespace

std::vector<TargetSuggestion> TargetSuggester::suggest(const core::Topology &topology,
                                                       const core::GraphFacts *facts, int limit)
{
    const int n = topology.nodeCount();
    core::GraphFacts own;
    if (!facts || int(facts->betweenness.size()) != n ||
        int(facts->articulationPoint.size()) != n) {
        own = core::GraphAnalytics::analyze(topology);
        facts = &own;
    }
    const std::vector<int> entries = entryPoints(topology);
    QStringList entryNames;
    std::vector<bool> isEntry(size_t(n), false);
    for (int e : entries) {
        isEntry[size_t(e)] = true;
        entryNames << topology.nodes()[size_t(e)].name;
    }
    const bool exact = n <= kExactCutMaxNodes && !entries.empty();
    const std::vector<bool> all = exact ? reachable(topology, entries, -1) : std::vector<bool>();

    std::vector<TargetSuggestion> out;
    std::vector<int> index; // node index of out[i]
    for (int i = 0; i < n; ++i) {
        // An entry point is where every path starts, so it is trivially on all of them.
        if (isEntry[size_t(i)])
            continue;
        const core::TopologyNode &node = topology.nodes()[size_t(i)];
        TargetSuggestion s;
        s.node = node.id;
        s.service = serviceName(node);
        s.betweenness = facts->betweenness[size_t(i)];
        if (exact) {
            const std::vector<bool> without = reachable(topology, entries, i);
            for (int j = 0; j < n; ++j) {
                if (j != i && all[size_t(j)] && !without[size_t(j)])
                    s.cutOff << topology.nodes()[size_t(j)].name;
            }
            s.cutOff.sort();
            if (!s.cutOff.isEmpty())
                s.reason = cutText(entryNames, s.cutOff);
        } else if (facts->articulationPoint[size_t(i)]) {
            s.cutOff << node.name; // which ones is not computed: the graph splits without it
            s.reason = QStringLiteral("removing it splits the graph in two");
        }
        if (!s.singlePointOfFailure() && s.betweenness <= 0.0)
            continue;
        out.push_back(std::move(s));
        index.push_back(i);
    }
    std::vector<size_t> order(out.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    // Single points of failure first, the ones that cut off most first; then by betweenness.
    std::stable_sort(order.begin(), order.end(), [&out](size_t x, size_t y) {
        const TargetSuggestion &a = out[x];
        const TargetSuggestion &b = out[y];
        if (a.cutOff.size() != b.cutOff.size())
            return a.cutOff.size() > b.cutOff.size();
        if (a.betweenness != b.betweenness)
            return a.betweenness > b.betweenness;
        return a.service < b.service;
    });
    if (limit >= 0 && int(order.size()) > limit)
        order.resize(size_t(limit));
    std::vector<TargetSuggestion> ranked;
    ranked.reserve(order.size());
    for (size_t o : order) {
        TargetSuggestion s = std::move(out[o]);
        // Counted only for the few that are shown: one reachability pass each.
        s.upstream = int(core::GraphAnalytics::upstreamOf(topology, index[o]).size());
        const QString centrality =
            QStringLiteral("betweenness %1, %2 %3 upstream")
                .arg(s.betweenness, 0, 'f', 2)
                .arg(s.upstream)
                .arg(s.upstream == 1 ? QStringLiteral("service") : QStringLiteral("services"));
        s.reason = s.reason.isEmpty() ? centrality : s.reason + QLatin1String("; ") + centrality;
        ranked.push_back(std::move(s));
    }
    return ranked;
}

QString TargetSuggester::userFacingService(const core::Topology &topology)
{
    for (int entry : entryPoints(topology)) {
        int best = -1;
        for (int e : topology.outEdges(entry)) {
            if (best < 0 || topology.edges()[size_t(e)].metrics.requestRate >
                                topology.edges()[size_t(best)].metrics.requestRate)
                best = e;
        }
        if (best >= 0)
            return serviceName(topology.nodes()[size_t(topology.edges()[size_t(best)].target)]);
    }
    return {};
}

} // namespace meshscope::chaos
