#include "core/layout/layoutquality.h"

#include "core/layout/layoutrandom.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace meshscope::core {

namespace {

// `count` distinct nodes chosen by a seeded partial Fisher-Yates shuffle (all when n <= count).
std::vector<int> sampleSources(int n, int count, quint64 seed)
{
    std::vector<int> nodes(size_t(std::max(n, 0)));
    std::iota(nodes.begin(), nodes.end(), 0);
    if (count >= n)
        return nodes;
    LayoutRandom rng(seed);
    for (int i = 0; i < count; ++i)
        std::swap(nodes[size_t(i)], nodes[size_t(i + rng.below(n - i))]);
    nodes.resize(size_t(std::max(count, 0)));
    return nodes;
}

double distance(const QPointF &a, const QPointF &b)
{
    return std::hypot(a.x() - b.x(), a.y() - b.y());
}

} // namespace

double normalisedStress(const LayoutGraph &graph, const std::vector<QPointF> &positions,
                        int sources, quint64 seed)
{
    const LayoutAdjacency adj = LayoutAdjacency::undirected(graph);
    const int n = adj.nodeCount();
    if (int(positions.size()) < n)
        return 1.0;
    double a = 0.0;
    double b = 0.0;
    double pairs = 0.0;
    std::vector<int> hops(size_t(n), -1);
    std::vector<int> queue(static_cast<size_t>(n));
    for (int s : sampleSources(n, sources, seed)) {
        std::fill(hops.begin(), hops.end(), -1);
        hops[size_t(s)] = 0;
        int head = 0;
        int tail = 0;
        queue[size_t(tail++)] = s;
        while (head < tail) {
            const int v = queue[size_t(head++)];
            for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
                if (hops[size_t(*w)] >= 0)
                    continue;
                hops[size_t(*w)] = hops[size_t(v)] + 1;
                queue[size_t(tail++)] = *w;
                const double ratio =
                    distance(positions[size_t(s)], positions[size_t(*w)]) / hops[size_t(*w)];
                a += ratio;
                b += ratio * ratio;
                pairs += 1.0;
            }
        }
    }
    if (pairs == 0.0)
        return 0.0;
    if (b == 0.0)
        return 1.0;
    return std::max(0.0, 1.0 - a * a / (b * pairs));
}

double neighbourhoodPreservation(const LayoutGraph &graph, const std::vector<QPointF> &positions,
                                 int sources, quint64 seed)
{
    const LayoutAdjacency adj = LayoutAdjacency::undirected(graph);
    const int n = adj.nodeCount();
    if (int(positions.size()) < n || n < 2)
        return 1.0;
    double sum = 0.0;
    int counted = 0;
    std::vector<std::pair<double, int>> byDistance;
    byDistance.reserve(static_cast<size_t>(n));
    for (int s : sampleSources(n, sources, seed)) {
        const int k = adj.degree(s);
        if (k == 0)
            continue;
        byDistance.clear();
        for (int v = 0; v < n; ++v) {
            if (v != s)
                byDistance.emplace_back(distance(positions[size_t(s)], positions[size_t(v)]), v);
        }
        std::nth_element(byDistance.begin(), byDistance.begin() + (k - 1), byDistance.end());
        std::vector<int> nearest(static_cast<size_t>(k));
        for (int i = 0; i < k; ++i)
            nearest[size_t(i)] = byDistance[size_t(i)].second;
        std::sort(nearest.begin(), nearest.end());
        int common = 0;
        for (int v : nearest)
            common += std::binary_search(adj.begin(s), adj.end(s), v) ? 1 : 0;
        sum += double(common) / double(2 * k - common); // |N ∩ K| / |N ∪ K|, |N| = |K| = k
        ++counted;
    }
    return counted == 0 ? 1.0 : sum / counted;
}

double stability(const std::vector<QPointF> &before, const std::vector<QPointF> &after)
{
    const size_t n = std::min(before.size(), after.size());
    if (n == 0)
        return 0.0;
    double minX = before[0].x(), maxX = minX, minY = before[0].y(), maxY = minY;
    double moved = 0.0;
    for (size_t i = 0; i < n; ++i) {
        minX = std::min(minX, before[i].x());
        maxX = std::max(maxX, before[i].x());
        minY = std::min(minY, before[i].y());
        maxY = std::max(maxY, before[i].y());
        moved += distance(before[i], after[i]);
    }
    const double diagonal = std::hypot(maxX - minX, maxY - minY);
    const double mean = moved / double(n);
    if (diagonal <= 0.0)
        return mean > 0.0 ? 1.0 : 0.0;
    return mean / diagonal;
}

qint64 edgeCrossings(const LayoutGraph &graph, const std::vector<QPointF> &positions)
{
    const LayoutAdjacency adj = LayoutAdjacency::undirected(graph);
    const int n = adj.nodeCount();
    if (int(positions.size()) < n)
        return 0;
    struct Segment
    {
        int u, v;
        double minX, maxX, minY, maxY;
    };
    std::vector<Segment> segments;
    for (int u = 0; u < n; ++u) {
        for (const int *w = adj.begin(u); w != adj.end(u); ++w) {
            if (*w <= u)
                continue;
            const QPointF &p = positions[size_t(u)];
            const QPointF &q = positions[size_t(*w)];
            segments.push_back({u, *w, std::min(p.x(), q.x()), std::max(p.x(), q.x()),
                                std::min(p.y(), q.y()), std::max(p.y(), q.y())});
        }
    }
    // Sorted by left end, so the inner loop stops at the first segment starting right of this one.
    std::sort(segments.begin(), segments.end(),
              [](const Segment &a, const Segment &b) { return a.minX < b.minX; });
    auto orient = [](const QPointF &a, const QPointF &b, const QPointF &c) {
        const double cross = (b.x() - a.x()) * (c.y() - a.y()) - (b.y() - a.y()) * (c.x() - a.x());
        return (cross > 0.0) - (cross < 0.0);
    };
    qint64 crossings = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        const Segment &s = segments[i];
        for (size_t j = i + 1; j < segments.size() && segments[j].minX <= s.maxX; ++j) {
            const Segment &t = segments[j];
            if (t.u == s.u || t.u == s.v || t.v == s.u || t.v == s.v)
                continue;
            if (t.maxY < s.minY || t.minY > s.maxY)
                continue;
            const QPointF &a = positions[size_t(s.u)], &b = positions[size_t(s.v)];
            const QPointF &c = positions[size_t(t.u)], &d = positions[size_t(t.v)];
            if (orient(a, b, c) * orient(a, b, d) < 0 && orient(c, d, a) * orient(c, d, b) < 0)
                ++crossings;
        }
    }
    return crossings;
}

} // namespace meshscope::core
