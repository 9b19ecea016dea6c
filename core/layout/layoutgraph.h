#pragma once

// The index-level graph the layout engine and the layout quality measures work on: nodes
// 0..nodeCount-1 and directed pairs (caller, callee). The force layout and the quality measures
// treat it as undirected and simple (self-loops and duplicates dropped); the layered layout uses
// the directions.

#include <cstddef>
#include <utility>
#include <vector>

namespace meshscope::core {

struct LayoutGraph
{
    int nodeCount = 0;
    std::vector<std::pair<int, int>> edges;
};

// Undirected simple adjacency in compressed rows: the neighbours of v are
// target[offset[v] .. offset[v+1]), sorted ascending. Edges with an endpoint outside
// [0, nodeCount) are ignored.
struct LayoutAdjacency
{
    std::vector<int> offset;
    std::vector<int> target;

    static LayoutAdjacency undirected(const LayoutGraph &graph);

    int nodeCount() const { return offset.empty() ? 0 : int(offset.size()) - 1; }
    int degree(int v) const { return offset[std::size_t(v) + 1] - offset[std::size_t(v)]; }
    const int *begin(int v) const { return target.data() + offset[std::size_t(v)]; }
    const int *end(int v) const { return target.data() + offset[std::size_t(v) + 1]; }
};

} // namespace meshscope::core
