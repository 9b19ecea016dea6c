#include "core/layout/layoutengine.h"

#include "core/layout/grouplayout.h"
#include "core/layout/layeredlayout.h"
#include "core/layout/layoutpacking.h"
#include "core/layout/layoutrandom.h"
#include "core/layout/layoutstress.h"

#include <QElapsedTimer>
#include <QLoggingCategory>

#include <algorithm>
#include <cmath>

Q_LOGGING_CATEGORY(lcLayout, "meshscope.core.layout")

namespace meshscope::core {

namespace {

// Induced subgraph on `nodes` (ascending), renumbered 0..size-1 in that order.
LayoutAdjacency subAdjacency(const LayoutAdjacency &adj, const std::vector<int> &nodes,
                             std::vector<int> &localOf)
{
    for (size_t i = 0; i < nodes.size(); ++i)
        localOf[size_t(nodes[i])] = int(i);
    LayoutAdjacency sub;
    sub.offset.reserve(nodes.size() + 1);
    sub.offset.push_back(0);
    for (int v : nodes) {
        for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
            if (localOf[size_t(*w)] >= 0)
                sub.target.push_back(localOf[size_t(*w)]);
        }
        sub.offset.push_back(int(sub.target.size()));
    }
    return sub;
}

// Force layout of the nodes in `nodes` (the whole graph or the part new on a refresh):
// each component alone, then packed.
void layoutNodes(const LayoutAdjacency &adj, const std::vector<int> &nodes,
                 std::vector<QPointF> &positions, const LayoutOptions &options)
{
    std::vector<int> localOf(size_t(adj.nodeCount()), -1);
    const LayoutAdjacency sub = subAdjacency(adj, nodes, localOf);
    const std::vector<std::vector<int>> parts = layoutstress::components(sub);
    std::vector<std::vector<int>> blocks;
    blocks.reserve(parts.size());
    for (size_t c = 0; c < parts.size(); ++c) {
        std::vector<int> local(size_t(sub.nodeCount()), -1);
        const LayoutAdjacency comp = subAdjacency(sub, parts[c], local);
        // Each component gets its own seed stream so that adding an unrelated component does
        // not change the others' shapes.
        const std::vector<QPointF> placed = layoutstress::layoutComponent(
            comp, options, options.seed + 0x1000003ULL * quint64(parts[c].front() + 1));
        std::vector<int> block;
        block.reserve(parts[c].size());
        for (size_t i = 0; i < parts[c].size(); ++i) {
            const int v = nodes[size_t(parts[c][i])];
            positions[size_t(v)] = placed[i];
            block.push_back(v);
        }
        blocks.push_back(std::move(block));
    }
    layoutpacking::packBlocks(positions, blocks, options.edgeLength);
}

// Rigid motion (rotation, optionally mirrored, then translation) that best maps `from` onto
// `to` in the least-squares sense (2D Procrustes without scaling).
QPointF applyFit(const std::vector<QPointF> &from, const std::vector<QPointF> &to,
                 std::vector<QPointF> &all)
{
    const size_t m = from.size();
    QPointF cf, ct;
    for (size_t i = 0; i < m; ++i) {
        cf += from[i];
        ct += to[i];
    }
    cf /= double(m);
    ct /= double(m);
    double best = 1e300;
    double bestAngle = 0.0;
    bool bestMirror = false;
    for (bool mirror : {false, true}) {
        double dot = 0.0, cross = 0.0;
        for (size_t i = 0; i < m; ++i) {
            QPointF a = from[i] - cf;
            if (mirror)
                a.setY(-a.y());
            const QPointF b = to[i] - ct;
            dot += a.x() * b.x() + a.y() * b.y();
            cross += a.x() * b.y() - a.y() * b.x();
        }
        const double angle = (dot == 0.0 && cross == 0.0) ? 0.0 : std::atan2(cross, dot);
        double residual = 0.0;
        for (size_t i = 0; i < m; ++i) {
            QPointF a = from[i] - cf;
            if (mirror)
                a.setY(-a.y());
            const QPointF r(a.x() * std::cos(angle) - a.y() * std::sin(angle),
                            a.x() * std::sin(angle) + a.y() * std::cos(angle));
            const QPointF diff = r - (to[i] - ct);
            residual += diff.x() * diff.x() + diff.y() * diff.y();
        }
        if (residual < best - 1e-9) {
            best = residual;
            bestAngle = angle;
            bestMirror = mirror;
        }
    }
    for (QPointF &p : all) {
        QPointF a = p - cf;
        if (bestMirror)
            a.setY(-a.y());
        p = QPointF(a.x() * std::cos(bestAngle) - a.y() * std::sin(bestAngle),
                    a.x() * std::sin(bestAngle) + a.y() * std::cos(bestAngle)) +
            ct;
    }
    return ct;
}

} // namespace

std::vector<QPointF> LayoutEngine::initialLayout(const LayoutGraph &graph,
                                                 const LayoutOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    const LayoutAdjacency adj = LayoutAdjacency::undirected(graph);
    std::vector<QPointF> positions(size_t(adj.nodeCount()));
    std::vector<int> all(size_t(adj.nodeCount()));
    for (int v = 0; v < adj.nodeCount(); ++v)
        all[size_t(v)] = v;
    layoutNodes(adj, all, positions, options);
    qCDebug(lcLayout) << "initial force layout of" << adj.nodeCount() << "nodes in"
                      << timer.elapsed() << "ms";
    return positions;
}

std::vector<QPointF> LayoutEngine::incrementalLayout(const LayoutGraph &graph,
                                                     std::vector<QPointF> positions,
                                                     const std::vector<bool> &known,
                                                     const std::vector<bool> &pinned,
                                                     const LayoutOptions &options)
{
    QElapsedTimer timer;
    timer.start();
    const LayoutAdjacency adj = LayoutAdjacency::undirected(graph);
    const int n = adj.nodeCount();
    positions.resize(static_cast<size_t>(n));
    std::vector<bool> placed(size_t(n), false);
    int knownCount = 0;
    for (int v = 0; v < n; ++v) {
        placed[size_t(v)] = size_t(v) < known.size() && known[size_t(v)];
        knownCount += placed[size_t(v)] ? 1 : 0;
    }
    if (knownCount == 0)
        return initialLayout(graph, options);
    std::vector<bool> fixed(size_t(n), false);
    for (int v = 0; v < n; ++v)
        fixed[size_t(v)] = placed[size_t(v)] && size_t(v) < pinned.size() && pinned[size_t(v)];

    // New nodes in breadth-first order from the placed ones, each at the barycentre of its
    // placed neighbours. A new leaf goes one edge length out from its only placed neighbour,
    // away from that neighbour's own neighbours. The seeded offset separates siblings.
    LayoutRandom rng(options.seed ^ 0xA5A5A5A5ULL);
    const double unit = options.edgeLength;
    std::vector<int> queue;
    std::vector<bool> queued = placed;
    for (int v = 0; v < n; ++v) {
        if (placed[size_t(v)])
            queue.push_back(v);
    }
    std::vector<int> fresh;
    for (size_t head = 0; head < queue.size(); ++head) {
        const int v = queue[head];
        if (!placed[size_t(v)]) {
            QPointF sum;
            int count = 0;
            int only = -1;
            for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
                if (placed[size_t(*w)]) {
                    sum += positions[size_t(*w)];
                    ++count;
                    only = *w;
                }
            }
            const double angle = 2.0 * M_PI * rng.uniform();
            QPointF at = sum / double(std::max(count, 1));
            if (count == 1) {
                QPointF around;
                int aroundCount = 0;
                for (const int *w = adj.begin(only); w != adj.end(only); ++w) {
                    if (placed[size_t(*w)]) {
                        around += positions[size_t(*w)];
                        ++aroundCount;
                    }
                }
                QPointF dir(std::cos(angle), std::sin(angle));
                if (aroundCount > 0) {
                    const QPointF away = at - around / double(aroundCount);
                    const double len = std::hypot(away.x(), away.y());
                    if (len > 1e-9)
                        dir = away / len * 0.8 + dir * 0.2 * 1.0;
                }
                const double len = std::hypot(dir.x(), dir.y());
                at += dir / std::max(len, 1e-9) * unit;
            } else {
                at += QPointF(std::cos(angle), std::sin(angle)) * (0.2 * unit);
            }
            positions[size_t(v)] = at;
            placed[size_t(v)] = true;
            fresh.push_back(v);
        }
        for (const int *w = adj.begin(v); w != adj.end(v); ++w) {
            if (!queued[size_t(*w)]) {
                queued[size_t(*w)] = true;
                queue.push_back(*w);
            }
        }
    }

    // Whatever is still unplaced forms components with no known node: laid out alone, to the
    // right of the drawing.
    std::vector<int> island;
    for (int v = 0; v < n; ++v) {
        if (!placed[size_t(v)])
            island.push_back(v);
    }
    if (!island.empty()) {
        double maxX = -1e300, minY = 1e300;
        for (int v = 0; v < n; ++v) {
            if (placed[size_t(v)]) {
                maxX = std::max(maxX, positions[size_t(v)].x());
                minY = std::min(minY, positions[size_t(v)].y());
            }
        }
        layoutNodes(adj, island, positions, options); // packed with its top-left at (0, 0)
        const QPointF shift(maxX + 2.0 * unit, minY);
        for (int v : island)
            positions[size_t(v)] += shift;
    }

    layoutstress::relaxLocally(adj, positions, fresh, unit, options.incrementalIterations);
    // Only the new nodes make room: known nodes stay put, which is what keeps the drawing
    // stable from one refresh to the next.
    std::vector<int> movers = fresh;
    movers.insert(movers.end(), island.begin(), island.end());
    std::vector<bool> stay(size_t(n), true);
    for (int v : movers)
        stay[size_t(v)] = false;
    const int left =
        layoutpacking::removeOverlaps(positions, stay, options.minSeparation, 10, &movers);
    qCDebug(lcLayout) << "incremental layout:" << n << "nodes," << fresh.size() << "new,"
                      << island.size() << "in new components," << left << "overlaps left, in"
                      << timer.elapsed() << "ms";
    return positions;
}

LayoutGraph LayoutEngine::graphOf(const Topology &topology)
{
    LayoutGraph graph;
    graph.nodeCount = topology.nodeCount();
    graph.edges.reserve(topology.edges().size());
    for (const TopologyEdge &e : topology.edges())
        graph.edges.emplace_back(e.source, e.target);
    return graph;
}

namespace {

constexpr double kLegibleSeparationFactor = 1.4;
constexpr int kSeparationPasses = 50;

// The stress layout separates nodes only as far as the room in a dense drawing allows
// (layoutstress: a share of sqrt(area / n)), which left discs overlapping in the drawing and in
// exports (generated:1000). After the drawing is spread (or the groups are placed) there is
// room: every pair gets the full minSeparation, so discs drawn up to that diameter never
// overlap. Few nodes move, and only by a few units, so stress barely changes.
void separateDiscs(std::vector<QPointF> &positions, const std::vector<bool> &pinned,
                   const LayoutOptions &options)
{
    const int left =
        layoutpacking::removeOverlaps(positions, pinned, options.minSeparation, kSeparationPasses);
    if (left > 0)
        qCDebug(lcLayout) << left << "pairs still closer than" << options.minSeparation;
}

} // namespace

Positions LayoutEngine::layout(const Topology &topology, const Positions &previous,
                               const NodeIdSet &pinned, LayoutMode mode, bool fromScratch,
                               const LayoutOptions &options)
{
    const LayoutGraph graph = graphOf(topology);
    const int n = graph.nodeCount;
    std::vector<QPointF> positions(static_cast<size_t>(n));
    std::vector<bool> known(size_t(n), false);
    std::vector<bool> isPinned(size_t(n), false);
    for (int v = 0; v < n; ++v) {
        const NodeId &id = topology.nodes()[size_t(v)].id;
        const auto it = previous.constFind(id);
        if (it != previous.constEnd()) {
            known[size_t(v)] = true;
            positions[size_t(v)] = it.value();
            isPinned[size_t(v)] = pinned.contains(id);
        }
    }

    // A first layout (nothing known yet, as on the first refresh or in a headless export) is a
    // layout from scratch: spread for legibility and separated, not the incremental path's
    // dense placement of "new components" (generated:1000 came out ~5 units apart there).
    const bool fresh =
        fromScratch || std::none_of(known.begin(), known.end(), [](bool k) { return k; });

    std::vector<QPointF> result;
    if (mode == LayoutMode::Layered) {
        result = layeredLayout(graph, isPinned, positions, options);
    } else if (options.grouping) {
        const GroupAssignment groups = Grouping::assign(topology, *options.grouping);
        result = GroupLayout::layout(graph, groups.groupOf, groups.groupCount(), positions,
                                     fresh ? std::vector<bool>(size_t(n), false) : known, isPinned,
                                     options);
        for (int v = 0; fresh && v < n; ++v) {
            if (isPinned[size_t(v)])
                result[size_t(v)] = positions[size_t(v)];
        }
        if (fresh)
            separateDiscs(result, isPinned, options);
    } else if (!fresh) {
        result = incrementalLayout(graph, positions, known, isPinned, options);
    } else {
        result = initialLayout(graph, options);
        const double spread = layoutpacking::spreadForLegibility(
            result, kLegibleSeparationFactor * options.minSeparation, options.edgeLength);
        if (spread != 1.0)
            qCDebug(lcLayout) << "spread the drawing by" << spread << "for legibility";
        std::vector<QPointF> from, to;
        for (int v = 0; v < n; ++v) {
            if (isPinned[size_t(v)]) {
                from.push_back(result[size_t(v)]);
                to.push_back(positions[size_t(v)]);
            }
        }
        if (!from.empty()) {
            // Turn the fresh drawing to fit the pins as well as a rigid motion can, then put
            // the pins back exactly where the user left them.
            applyFit(from, to, result);
            for (int v = 0; v < n; ++v) {
                if (isPinned[size_t(v)])
                    result[size_t(v)] = positions[size_t(v)];
            }
        }
        separateDiscs(result, isPinned, options);
    }

    Positions out;
    out.reserve(n);
    for (int v = 0; v < n; ++v)
        out.insert(topology.nodes()[size_t(v)].id, result[size_t(v)]);
    return out;
}

} // namespace meshscope::core
