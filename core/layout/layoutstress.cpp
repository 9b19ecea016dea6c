#include "core/layout/layoutstress.h"

#include "core/layout/layoutpacking.h"
#include "core/layout/layoutrandom.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <numeric>

namespace meshscope::core::layoutstress {

namespace {

constexpr double kRoomShare = 0.35; // measured: keeps stress within 2 % of the unseparated one

// BFS hop distances from `source` into out[0..n); unreachable stays INT_MAX.
void bfs(const LayoutAdjacency &adj, int source, int *out, std::vector<int> &queue)
{
    const int n = adj.nodeCount();
    std::fill(out, out + n, INT_MAX);
    out[source] = 0;
    int head = 0;
    int tail = 0;
    queue[size_t(tail++)] = source;
    while (head < tail) {
        const int v = queue[size_t(head++)];
        for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
            if (out[*w] != INT_MAX)
                continue;
            out[*w] = out[v] + 1;
            queue[size_t(tail++)] = *w;
        }
    }
}

// Top eigenvector of the symmetric k x k matrix m (row-major) orthogonal to `against` (may be
// empty), by power iteration from a seeded start.
std::vector<double> powerIteration(const std::vector<double> &m, int k,
                                   const std::vector<double> &against, LayoutRandom &rng)
{
    std::vector<double> v(static_cast<size_t>(k));
    for (double &x : v)
        x = rng.uniform() - 0.5;
    std::vector<double> next(static_cast<size_t>(k));
    auto orthonormalise = [&](std::vector<double> &x) {
        if (!against.empty()) {
            const double dot = std::inner_product(x.begin(), x.end(), against.begin(), 0.0);
            for (int i = 0; i < k; ++i)
                x[size_t(i)] -= dot * against[size_t(i)];
        }
        const double norm = std::sqrt(std::inner_product(x.begin(), x.end(), x.begin(), 0.0));
        if (norm > 0.0) {
            for (double &e : x)
                e /= norm;
        }
        return norm;
    };
    orthonormalise(v);
    for (int iter = 0; iter < 500; ++iter) {
        for (int i = 0; i < k; ++i) {
            const double *row = m.data() + size_t(i) * size_t(k);
            next[size_t(i)] = std::inner_product(row, row + k, v.begin(), 0.0);
        }
        if (orthonormalise(next) == 0.0)
            break;
        const double change = std::inner_product(next.begin(), next.end(), v.begin(), 0.0);
        v.swap(next);
        if (change > 1.0 - 1e-10)
            break;
    }
    return v;
}

double length(double dx, double dy)
{
    return std::sqrt(dx * dx + dy * dy);
}

} // namespace

std::vector<std::vector<int>> components(const LayoutAdjacency &adj)
{
    const int n = adj.nodeCount();
    std::vector<int> label(size_t(n), -1);
    std::vector<std::vector<int>> result;
    std::vector<int> queue;
    for (int s = 0; s < n; ++s) {
        if (label[size_t(s)] >= 0)
            continue;
        const int c = int(result.size());
        queue.assign(1, s);
        label[size_t(s)] = c;
        for (size_t head = 0; head < queue.size(); ++head) {
            const int v = queue[head];
            for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
                if (label[size_t(*w)] < 0) {
                    label[size_t(*w)] = c;
                    queue.push_back(*w);
                }
            }
        }
        std::sort(queue.begin(), queue.end());
        result.push_back(queue);
    }
    return result;
}

std::vector<QPointF> layoutComponent(const LayoutAdjacency &adj, const LayoutOptions &options,
                                     quint64 seed)
{
    const int n = adj.nodeCount();
    const double unit = options.edgeLength > 0.0 ? options.edgeLength : 100.0;
    if (n <= 0)
        return {};
    if (n == 1)
        return {QPointF(0.0, 0.0)};
    if (n == 2)
        return {QPointF(0.0, 0.0), QPointF(unit, 0.0)};

    LayoutRandom rng(seed);
    const int k = std::clamp(options.pivots, 3, n);

    // Seeded random pivots (distinct): measured better than max-min for this stress (0.194 vs
    // 0.205 at generated:1000), as max-min favours peripheral leaves. Hop distances pivot-major
    // (k x n), then the nearest pivot of every node.
    std::vector<int> pivot(static_cast<size_t>(k));
    std::vector<int> dist(size_t(k) * size_t(n));
    std::vector<int> nearest(size_t(n), INT_MAX);
    std::vector<int> region(size_t(n), 0);
    std::vector<int> queue(static_cast<size_t>(n));
    std::vector<bool> isPivot(size_t(n), false);
    for (int p = 0; p < k; ++p) {
        int next = rng.below(n);
        while (isPivot[size_t(next)])
            next = (next + 1) % n;
        isPivot[size_t(next)] = true;
        pivot[size_t(p)] = next;
        int *row = dist.data() + size_t(p) * size_t(n);
        bfs(adj, next, row, queue);
        for (int v = 0; v < n; ++v) {
            if (row[v] < nearest[size_t(v)]) {
                nearest[size_t(v)] = row[v];
                region[size_t(v)] = p;
            }
        }
    }

    // PivotMDS: double-centred squared distances B (n x k); the coordinates are B times the
    // top two eigenvectors of B^T B.
    std::vector<double> b(size_t(n) * size_t(k));
    std::vector<double> colMean(size_t(k), 0.0);
    for (int v = 0; v < n; ++v) {
        double rowSum = 0.0;
        for (int p = 0; p < k; ++p) {
            const double d = double(dist[size_t(p) * size_t(n) + size_t(v)]);
            b[size_t(v) * size_t(k) + size_t(p)] = d * d;
            rowSum += d * d;
        }
        const double rowMean = rowSum / k;
        for (int p = 0; p < k; ++p) {
            b[size_t(v) * size_t(k) + size_t(p)] -= rowMean;
            colMean[size_t(p)] += b[size_t(v) * size_t(k) + size_t(p)];
        }
    }
    for (double &c : colMean)
        c /= n;
    for (int v = 0; v < n; ++v) {
        for (int p = 0; p < k; ++p) {
            double &e = b[size_t(v) * size_t(k) + size_t(p)];
            e = -0.5 * (e - colMean[size_t(p)]); // row mean already removed; column mean of that
        }
    }
    std::vector<double> m(size_t(k) * size_t(k), 0.0);
    for (int v = 0; v < n; ++v) {
        const double *row = b.data() + size_t(v) * size_t(k);
        for (int p = 0; p < k; ++p) {
            const double bp = row[p];
            double *out = m.data() + size_t(p) * size_t(k);
            for (int q = p; q < k; ++q)
                out[q] += bp * row[q];
        }
    }
    for (int p = 0; p < k; ++p) {
        for (int q = 0; q < p; ++q)
            m[size_t(p) * size_t(k) + size_t(q)] = m[size_t(q) * size_t(k) + size_t(p)];
    }
    const std::vector<double> e1 = powerIteration(m, k, {}, rng);
    const std::vector<double> e2 = powerIteration(m, k, e1, rng);
    std::vector<double> x(static_cast<size_t>(n));
    std::vector<double> y(static_cast<size_t>(n));
    for (int v = 0; v < n; ++v) {
        const double *row = b.data() + size_t(v) * size_t(k);
        x[size_t(v)] = std::inner_product(row, row + k, e1.begin(), 0.0);
        y[size_t(v)] = std::inner_product(row, row + k, e2.begin(), 0.0);
    }
    b.clear();
    b.shrink_to_fit();

    // Scale that best fits the node-pivot distances (weights 1/d^2), then a tiny seeded jitter:
    // structurally equivalent nodes get identical PivotMDS coordinates.
    {
        double num = 0.0;
        double den = 0.0;
        for (int p = 0; p < k; ++p) {
            const int pv = pivot[size_t(p)];
            const int *row = dist.data() + size_t(p) * size_t(n);
            for (int v = 0; v < n; ++v) {
                if (row[v] == 0)
                    continue;
                const double ratio =
                    length(x[size_t(v)] - x[size_t(pv)], y[size_t(v)] - y[size_t(pv)]) / row[v];
                num += ratio;
                den += ratio * ratio;
            }
        }
        const double s = den > 0.0 ? unit * num / den : unit;
        for (int v = 0; v < n; ++v) {
            x[size_t(v)] = x[size_t(v)] * s + (rng.uniform() - 0.5) * 0.01 * unit;
            y[size_t(v)] = y[size_t(v)] * s + (rng.uniform() - 0.5) * 0.01 * unit;
        }
    }

    // Sparse stress (Ortmann, Klimenta, Brandes 2016): every node is attracted to its graph
    // neighbours (hop 1, weight 1) and to every pivot p at hop distance d with weight
    // |{j in region(p) : d(p, j) <= d/2}| / d^2, standing in for the pairs it replaces.
    std::vector<int> distT(size_t(n) * size_t(k)); // node-major copy for cache-friendly sweeps
    for (int p = 0; p < k; ++p) {
        for (int v = 0; v < n; ++v)
            distT[size_t(v) * size_t(k) + size_t(p)] = dist[size_t(p) * size_t(n) + size_t(v)];
    }
    dist.clear();
    dist.shrink_to_fit();
    int maxHop = 0;
    for (int v = 0; v < n; ++v)
        maxHop = std::max(maxHop, nearest[size_t(v)]);
    // regionWithin[p][h] = nodes of region(p) within h hops of p.
    std::vector<std::vector<int>> regionWithin(size_t(k), std::vector<int>(size_t(maxHop) + 1, 0));
    for (int v = 0; v < n; ++v)
        ++regionWithin[size_t(region[size_t(v)])][size_t(nearest[size_t(v)])];
    for (auto &counts : regionWithin)
        std::partial_sum(counts.begin(), counts.end(), counts.begin());

    int diameter = 0;
    for (int d : distT)
        diameter = std::max(diameter, d);
    // weight[p * (diameter+1) + d]
    std::vector<double> weight(size_t(k) * size_t(diameter + 1), 0.0);
    for (int p = 0; p < k; ++p) {
        for (int d = 2; d <= diameter; ++d) {
            const int half = std::min(d / 2, maxHop);
            weight[size_t(p) * size_t(diameter + 1) + size_t(d)] =
                double(regionWithin[size_t(p)][size_t(half)]) / (double(d) * double(d));
        }
    }

    auto sweep = [&](double target) {
        double moved = 0.0;
        for (int v = 0; v < n; ++v) {
            const double xv = x[size_t(v)];
            const double yv = y[size_t(v)];
            double sx = 0.0, sy = 0.0, sw = 0.0;
            auto term = [&](double xj, double yj, double d, double w) {
                const double dx = xv - xj;
                const double dy = yv - yj;
                const double len = length(dx, dy);
                sw += w;
                if (len > 1e-9) {
                    sx += w * (xj + d * dx / len);
                    sy += w * (yj + d * dy / len);
                } else {
                    sx += w * xj;
                    sy += w * yj;
                }
            };
            for (const int *w = adj.begin(v); w != adj.end(v); ++w)
                term(x[size_t(*w)], y[size_t(*w)], target, 1.0);
            const int *hops = distT.data() + size_t(v) * size_t(k);
            for (int p = 0; p < k; ++p) {
                const int d = hops[p];
                if (d <= 1)
                    continue; // the pivot itself or a neighbour, counted above
                const int pv = pivot[size_t(p)];
                term(x[size_t(pv)], y[size_t(pv)], d * target,
                     weight[size_t(p) * size_t(diameter + 1) + size_t(d)]);
            }
            if (sw <= 0.0)
                continue;
            const double nx = sx / sw;
            const double ny = sy / sw;
            moved += length(nx - xv, ny - yv);
            x[size_t(v)] = nx;
            y[size_t(v)] = ny;
        }
        return moved / n;
    };

    double target = unit;
    for (int iter = 0; iter < options.stressIterations; ++iter) {
        if (sweep(target) < 1e-3 * unit)
            break;
    }

    // Make the median edge `unit` long: stress trades edge length against the long distances.
    std::vector<double> edgeLengths;
    edgeLengths.reserve(adj.target.size() / 2);
    for (int v = 0; v < n; ++v) {
        for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
            if (*w > v)
                edgeLengths.push_back(
                    length(x[size_t(v)] - x[size_t(*w)], y[size_t(v)] - y[size_t(*w)]));
        }
    }
    std::vector<QPointF> positions(static_cast<size_t>(n));
    double scale = 1.0;
    if (!edgeLengths.empty()) {
        auto mid = edgeLengths.begin() + ptrdiff_t(edgeLengths.size() / 2);
        std::nth_element(edgeLengths.begin(), mid, edgeLengths.end());
        if (*mid > 1e-9)
            scale = unit / *mid;
    }
    for (int v = 0; v < n; ++v) {
        x[size_t(v)] *= scale;
        y[size_t(v)] *= scale;
    }
    target *= scale;

    // Separate nodes drawn on top of each other (structurally equivalent leaves of a hub get the
    // same stress position), alternating with stress sweeps so the graph settles around them.
    auto toPositions = [&]() {
        for (int v = 0; v < n; ++v)
            positions[size_t(v)] = QPointF(x[size_t(v)], y[size_t(v)]);
    };
    auto fromPositions = [&]() {
        for (int v = 0; v < n; ++v) {
            x[size_t(v)] = positions[size_t(v)].x();
            y[size_t(v)] = positions[size_t(v)].y();
        }
    };
    // A stress drawing of a small-world mesh is dense (the hop diameter grows like log n), so at
    // a fixed edge length not every node can get minSeparation of room; forcing it wrecks the
    // stress. The separation is capped by the room there is: a share of sqrt(area / n).
    double minX = x[0], maxX = x[0], minY = y[0], maxY = y[0];
    for (int v = 0; v < n; ++v) {
        minX = std::min(minX, x[size_t(v)]);
        maxX = std::max(maxX, x[size_t(v)]);
        minY = std::min(minY, y[size_t(v)]);
        maxY = std::max(maxY, y[size_t(v)]);
    }
    const double room = std::sqrt(std::max(maxX - minX, unit) * std::max(maxY - minY, unit) / n);
    const double separation = std::min(options.minSeparation, kRoomShare * room);
    const std::vector<bool> noneFixed;
    for (int round = 0; round < 5; ++round) {
        sweep(target);
        toPositions();
        layoutpacking::removeOverlaps(positions, noneFixed, separation, 3);
        fromPositions();
    }
    toPositions();
    layoutpacking::removeOverlaps(positions, noneFixed, separation, 30);
    return positions;
}

void relaxLocally(const LayoutAdjacency &adj, std::vector<QPointF> &positions,
                  const std::vector<int> &movable, double edgeLength, int iterations)
{
    for (int iter = 0; iter < iterations; ++iter) {
        for (int v : movable) {
            const QPointF pv = positions[size_t(v)];
            double sx = 0.0, sy = 0.0, sw = 0.0;
            for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
                const QPointF pj = positions[size_t(*w)];
                const double dx = pv.x() - pj.x();
                const double dy = pv.y() - pj.y();
                const double len = length(dx, dy);
                sw += 1.0;
                sx += pj.x() + (len > 1e-9 ? edgeLength * dx / len : 0.0);
                sy += pj.y() + (len > 1e-9 ? edgeLength * dy / len : 0.0);
            }
            if (sw > 0.0)
                positions[size_t(v)] = QPointF(sx / sw, sy / sw);
        }
    }
}

} // namespace meshscope::core::layoutstress
