#include "chaos/report/blastradius.h"

#include "core/topology/graphanalytics.h"

#include <algorithm>
#include <cmath>

namespace meshscope::chaos {

QHash<QString, double> BlastRadius::predict(const core::Topology &t, const QStringList &targets)
{
    const auto key = [&t](int i) -> QString {
        const core::TopologyNode &n = t.nodes()[size_t(i)];
        return n.ns + QLatin1Char('/') + n.name;
    };
    std::vector<int> targetIndex;
    for (int i = 0; i < t.nodeCount(); ++i)
        if (targets.contains(key(i)))
            targetIndex.push_back(i);

    // Value iteration from 0 (the least fixed point): a cycle of calls converges instead of
    // being cut at an arbitrary node; on a call DAG it settles after its depth in rounds.
    const int n = t.nodeCount();
    std::vector<double> share(size_t(t.edgeCount()), 0.0);
    for (int u = 0; u < n; ++u) {
        const auto &out = t.outEdges(u);
        double total = 0.0;
        for (int e : out)
            total += std::max(t.edges()[size_t(e)].metrics.requestRate, 0.0);
        for (int e : out)
            // TCP-only callers report no requests: their calls count equally.
            share[size_t(e)] = total > 0.0
                                   ? std::max(t.edges()[size_t(e)].metrics.requestRate, 0.0) / total
                                   : 1.0 / double(out.size());
    }
    std::vector<double> weight(size_t(n), 0.0);
    std::vector<bool> isTarget(size_t(n), false);
    for (int i : targetIndex) {
        weight[size_t(i)] = 1.0;
        isTarget[size_t(i)] = true;
    }
    for (int round = 0; round < 1000; ++round) {
        double change = 0.0;
        for (int u = 0; u < n; ++u) {
            if (isTarget[size_t(u)])
                continue;
            double sum = 0.0;
            for (int e : t.outEdges(u))
                sum += share[size_t(e)] * weight[size_t(t.edges()[size_t(e)].target)];
            sum = std::min(1.0, sum);
            change = std::max(change, std::abs(sum - weight[size_t(u)]));
            weight[size_t(u)] = sum;
        }
        if (change < 1e-9)
            break;
    }
    const auto w = [&weight](int u) { return weight[size_t(u)]; };

    QHash<QString, double> out;
    for (int target : targetIndex)
        for (int u : core::GraphAnalytics::upstreamOf(t, target))
            if (!targets.contains(key(u)))
                out.insert(key(u), w(u));
    return out;
}

} // namespace meshscope::chaos
