// layeredLayout(): left-to-right layers by call depth.

#include "core/layout/layeredlayout.h"
#include "core/layout/layoutstress.h"

#include <algorithm>
#include <numeric>

namespace meshscope::core {

namespace {

constexpr int kSweeps =
    4; // down, up, down, up: enough for most of the gain of barycentric ordering

struct Directed
{
    std::vector<std::vector<int>> out;
    std::vector<std::vector<int>> in;
};

Directed directedSimple(const LayoutGraph &graph)
{
    const int n = std::max(graph.nodeCount, 0);
    Directed d;
    d.out.resize(static_cast<size_t>(n));
    d.in.resize(static_cast<size_t>(n));
    for (const auto &[a, b] : graph.edges) {
        if (a != b && a >= 0 && b >= 0 && a < n && b < n)
            d.out[size_t(a)].push_back(b);
    }
    for (int v = 0; v < n; ++v) {
        auto &targets = d.out[size_t(v)];
        std::sort(targets.begin(), targets.end());
        targets.erase(std::unique(targets.begin(), targets.end()), targets.end());
        for (int w : targets)
            d.in[size_t(w)].push_back(v);
    }
    return d;
}

// Depth-first search from the roots (no callers) then from any node left, in index order;
// an edge into a node still on the stack closes a cycle and is dropped from the layering.
// Returns the acyclic out-lists and fills `order` with the discovery order.
std::vector<std::vector<int>> acyclic(const Directed &d, std::vector<int> &order)
{
    const int n = int(d.out.size());
    enum : char
    {
        White,
        Grey,
        Black
    };
    std::vector<char> colour(size_t(n), White);
    std::vector<std::vector<int>> kept(static_cast<size_t>(n));
    std::vector<std::pair<int, size_t>> stack;
    auto run = [&](int s) {
        colour[size_t(s)] = Grey;
        order.push_back(s);
        stack.assign(1, {s, 0});
        while (!stack.empty()) {
            auto &[v, next] = stack.back();
            if (next == d.out[size_t(v)].size()) {
                colour[size_t(v)] = Black;
                stack.pop_back();
                continue;
            }
            const int w = d.out[size_t(v)][next++];
            if (colour[size_t(w)] == Grey)
                continue; // back edge
            kept[size_t(v)].push_back(w);
            if (colour[size_t(w)] == White) {
                colour[size_t(w)] = Grey;
                order.push_back(w);
                stack.push_back({w, 0});
            }
        }
    };
    for (int v = 0; v < n; ++v) {
        if (d.in[size_t(v)].empty() && colour[size_t(v)] == White)
            run(v);
    }
    for (int v = 0; v < n; ++v) {
        if (colour[size_t(v)] == White)
            run(v);
    }
    return kept;
}

} // namespace

std::vector<QPointF> layeredLayout(const LayoutGraph &graph, const std::vector<bool> &pinned,
                                   const std::vector<QPointF> &pinnedPositions,
                                   const LayoutOptions &options)
{
    const int n = std::max(graph.nodeCount, 0);
    std::vector<QPointF> positions(static_cast<size_t>(n));
    if (n == 0)
        return positions;
    const Directed d = directedSimple(graph);
    std::vector<int> discovery;
    discovery.reserve(static_cast<size_t>(n));
    const std::vector<std::vector<int>> dag = acyclic(d, discovery);

    // Longest path from the roots, in topological order (Kahn).
    std::vector<int> indegree(size_t(n), 0);
    for (const auto &targets : dag) {
        for (int w : targets)
            ++indegree[size_t(w)];
    }
    std::vector<int> depth(size_t(n), 0);
    std::vector<int> ready;
    for (int v = 0; v < n; ++v) {
        if (indegree[size_t(v)] == 0)
            ready.push_back(v);
    }
    for (size_t head = 0; head < ready.size(); ++head) {
        const int v = ready[head];
        for (int w : dag[size_t(v)]) {
            depth[size_t(w)] = std::max(depth[size_t(w)], depth[size_t(v)] + 1);
            if (--indegree[size_t(w)] == 0)
                ready.push_back(w);
        }
    }
    const int maxDepth = *std::max_element(depth.begin(), depth.end());

    // Components get their own horizontal band; within a band, layers are ordered by sweeps.
    const LayoutAdjacency undirected = LayoutAdjacency::undirected(graph);
    const std::vector<std::vector<int>> parts = layoutstress::components(undirected);
    std::vector<int> comp(size_t(n), 0);
    for (size_t c = 0; c < parts.size(); ++c) {
        for (int v : parts[c])
            comp[size_t(v)] = int(c);
    }
    std::vector<int> firstSeen(size_t(n), 0);
    for (size_t i = 0; i < discovery.size(); ++i)
        firstSeen[size_t(discovery[i])] = int(i);

    std::vector<std::vector<int>> layers(size_t(maxDepth) + 1);
    for (int v : discovery)
        layers[size_t(depth[size_t(v)])].push_back(v);
    std::vector<double> key(size_t(n), 0.0);
    std::vector<double> place(size_t(n), 0.0); // (rank + 0.5) / size within (layer, component)
    std::vector<int> rank(size_t(n), 0);
    std::vector<int> groupSize(size_t(n), 1);
    auto renumber = [&](const std::vector<int> &layer) {
        for (size_t i = 0; i < layer.size();) {
            size_t j = i;
            while (j < layer.size() && comp[size_t(layer[j])] == comp[size_t(layer[i])])
                ++j;
            for (size_t r = i; r < j; ++r) {
                rank[size_t(layer[r])] = int(r - i);
                groupSize[size_t(layer[r])] = int(j - i);
                place[size_t(layer[r])] = (double(r - i) + 0.5) / double(j - i);
            }
            i = j;
        }
    };
    auto sortLayer = [&](std::vector<int> &layer) {
        std::stable_sort(layer.begin(), layer.end(), [&](int a, int b) {
            if (comp[size_t(a)] != comp[size_t(b)])
                return comp[size_t(a)] < comp[size_t(b)];
            return key[size_t(a)] < key[size_t(b)];
        });
        renumber(layer);
    };
    for (auto &layer : layers) {
        for (int v : layer)
            key[size_t(v)] = firstSeen[size_t(v)];
        sortLayer(layer);
    }
    for (int sweep = 0; sweep < kSweeps; ++sweep) {
        const bool down = sweep % 2 == 0;
        for (int step = 1; step <= maxDepth; ++step) {
            const int l = down ? step : maxDepth - step;
            for (int v : layers[size_t(l)]) {
                // Barycentre of the neighbours on the side already ordered in this sweep.
                double sum = 0.0;
                int count = 0;
                for (int w : down ? d.in[size_t(v)] : d.out[size_t(v)]) {
                    if (down ? depth[size_t(w)] < l : depth[size_t(w)] > l) {
                        sum += place[size_t(w)];
                        ++count;
                    }
                }
                key[size_t(v)] = count > 0 ? sum / count : place[size_t(v)];
            }
            sortLayer(layers[size_t(l)]);
        }
    }

    std::vector<int> bandHeight(parts.size(), 1);
    for (int v = 0; v < n; ++v)
        bandHeight[size_t(comp[size_t(v)])] =
            std::max(bandHeight[size_t(comp[size_t(v)])], groupSize[size_t(v)]);
    std::vector<double> bandTop(parts.size(), 0.0);
    for (size_t c = 1; c < parts.size(); ++c)
        bandTop[c] = bandTop[c - 1] + double(bandHeight[c - 1] + 1) * options.rowSpacing;
    for (int v = 0; v < n; ++v) {
        const int c = comp[size_t(v)];
        const double centred =
            rank[size_t(v)] - 0.5 * (groupSize[size_t(v)] - 1) + 0.5 * (bandHeight[size_t(c)] - 1);
        positions[size_t(v)] = QPointF(depth[size_t(v)] * options.layerSpacing,
                                       bandTop[size_t(c)] + centred * options.rowSpacing);
        if (size_t(v) < pinned.size() && pinned[size_t(v)] && size_t(v) < pinnedPositions.size())
            positions[size_t(v)] = pinnedPositions[size_t(v)];
    }
    return positions;
}

} // namespace meshscope::core
