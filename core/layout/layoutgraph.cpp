#include "core/layout/layoutgraph.h"

#include <algorithm>

namespace meshscope::core {

LayoutAdjacency LayoutAdjacency::undirected(const LayoutGraph &graph)
{
    const int n = std::max(graph.nodeCount, 0);
    LayoutAdjacency adj;
    adj.offset.assign(size_t(n) + 1, 0);
    auto valid = [n](const std::pair<int, int> &e) {
        return e.first != e.second && e.first >= 0 && e.second >= 0 && e.first < n && e.second < n;
    };
    for (const auto &e : graph.edges) {
        if (!valid(e))
            continue;
        ++adj.offset[size_t(e.first) + 1];
        ++adj.offset[size_t(e.second) + 1];
    }
    for (int v = 0; v < n; ++v)
        adj.offset[size_t(v) + 1] += adj.offset[size_t(v)];
    std::vector<int> fill(adj.offset.begin(), adj.offset.end() - 1);
    adj.target.resize(size_t(adj.offset.back()));
    for (const auto &e : graph.edges) {
        if (!valid(e))
            continue;
        adj.target[size_t(fill[size_t(e.first)]++)] = e.second;
        adj.target[size_t(fill[size_t(e.second)]++)] = e.first;
    }
    // Sort and drop duplicates (a->b and b->a, or repeated calls), compacting in place.
    int write = 0;
    int rowStart = 0;
    for (int v = 0; v < n; ++v) {
        auto first = adj.target.begin() + rowStart;
        auto last = adj.target.begin() + adj.offset[size_t(v) + 1];
        std::sort(first, last);
        const auto unique = std::unique(first, last);
        rowStart = adj.offset[size_t(v) + 1];
        const int count = int(unique - first);
        std::copy(first, unique, adj.target.begin() + write);
        adj.offset[size_t(v)] = write;
        write += count;
    }
    adj.offset[size_t(n)] = write;
    adj.target.resize(size_t(write));
    return adj;
}

} // namespace meshscope::core
