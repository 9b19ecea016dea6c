#include "core/layout/layoutpacking.h"

#include <QHash>
#include <QLineF>

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>

namespace meshscope::core::layoutpacking {

int removeOverlaps(std::vector<QPointF> &positions, const std::vector<bool> &fixed,
                   double minSeparation, int maxPasses, const std::vector<int> *only)
{
    const int n = int(positions.size());
    if (n < 2 || minSeparation <= 0.0)
        return 0;
    auto isFixed = [&](int v) { return !fixed.empty() && fixed[size_t(v)]; };
    const double cell = minSeparation;
    std::vector<std::pair<qint64, int>> keyed(static_cast<size_t>(n));
    auto cellKey = [](qint64 cx, qint64 cy) { return (cx << 32) + (cy + (qint64(1) << 31)); };
    int overlaps = 0;
    for (int pass = 0; pass < maxPasses; ++pass) {
        for (int v = 0; v < n; ++v) {
            const qint64 cx = qint64(std::floor(positions[size_t(v)].x() / cell));
            const qint64 cy = qint64(std::floor(positions[size_t(v)].y() / cell));
            keyed[size_t(v)] = {cellKey(cx, cy), v};
        }
        std::sort(keyed.begin(), keyed.end());
        overlaps = 0;
        const int count = only ? int(only->size()) : n;
        for (int i = 0; i < count; ++i) {
            const int v = only ? (*only)[size_t(i)] : i;
            const qint64 cx = qint64(std::floor(positions[size_t(v)].x() / cell));
            const qint64 cy = qint64(std::floor(positions[size_t(v)].y() / cell));
            for (qint64 dx = -1; dx <= 1; ++dx) {
                for (qint64 dy = -1; dy <= 1; ++dy) {
                    const qint64 key = cellKey(cx + dx, cy + dy);
                    auto it = std::lower_bound(keyed.begin(), keyed.end(),
                                               std::pair<qint64, int>(key, INT_MIN));
                    for (; it != keyed.end() && it->first == key; ++it) {
                        const int w = it->second;
                        if (only ? w == v : w <= v)
                            continue;
                        QPointF &a = positions[size_t(v)];
                        QPointF &b = positions[size_t(w)];
                        double ddx = b.x() - a.x();
                        double ddy = b.y() - a.y();
                        double len = std::sqrt(ddx * ddx + ddy * ddy);
                        if (len >= minSeparation)
                            continue;
                        const bool fa = isFixed(v);
                        const bool fb = isFixed(w);
                        if (fa && fb)
                            continue;
                        ++overlaps;
                        if (len < 1e-9) {
                            // Coincident: a direction from the pair's indices keeps it
                            // deterministic.
                            const double angle = double((v * 7919 + w * 104729) % 6283) / 1000.0;
                            ddx = std::cos(angle);
                            ddy = std::sin(angle);
                            len = 1.0;
                        } else {
                            ddx /= len;
                            ddy /= len;
                        }
                        const double deficit =
                            minSeparation - std::max(len, 0.0) + 1e-6 * minSeparation;
                        const double shareA = fa ? 0.0 : (fb ? 1.0 : 0.5);
                        const double shareB = 1.0 - shareA;
                        a -= QPointF(ddx * deficit * shareA, ddy * deficit * shareA);
                        b += QPointF(ddx * deficit * shareB, ddy * deficit * shareB);
                    }
                }
            }
        }
        if (overlaps == 0)
            break;
    }
    return overlaps;
}

void packBlocks(std::vector<QPointF> &positions, const std::vector<std::vector<int>> &blocks,
                double gap)
{
    struct Box
    {
        int block;
        double minX, minY, width, height;
    };
    std::vector<Box> boxes;
    double area = 0.0;
    double widest = 0.0;
    for (size_t i = 0; i < blocks.size(); ++i) {
        if (blocks[i].empty())
            continue;
        Box box{int(i), 1e300, 1e300, 0.0, 0.0};
        double maxX = -1e300, maxY = -1e300;
        for (int v : blocks[i]) {
            box.minX = std::min(box.minX, positions[size_t(v)].x());
            box.minY = std::min(box.minY, positions[size_t(v)].y());
            maxX = std::max(maxX, positions[size_t(v)].x());
            maxY = std::max(maxY, positions[size_t(v)].y());
        }
        box.width = maxX - box.minX + gap;
        box.height = maxY - box.minY + gap;
        area += box.width * box.height;
        widest = std::max(widest, box.width);
        boxes.push_back(box);
    }
    std::stable_sort(boxes.begin(), boxes.end(), [](const Box &a, const Box &b) {
        return a.width * a.height > b.width * b.height;
    });
    // Rows about as wide as a square holding everything (never narrower than the widest block).
    const double rowWidth = std::max(widest, 1.2 * std::sqrt(area));
    double cursorX = 0.0, cursorY = 0.0, rowHeight = 0.0;
    for (const Box &box : boxes) {
        if (cursorX > 0.0 && cursorX + box.width > rowWidth) {
            cursorX = 0.0;
            cursorY += rowHeight;
            rowHeight = 0.0;
        }
        const QPointF shift(cursorX - box.minX, cursorY - box.minY);
        for (int v : blocks[size_t(box.block)])
            positions[size_t(v)] += shift;
        cursorX += box.width;
        rowHeight = std::max(rowHeight, box.height);
    }
}

namespace {

// Share of nodes whose nearest neighbour may be closer than the legible separation.
constexpr double kCrowdedShare = 0.25;

} // namespace

// Stress layouts of small-world meshes are dense (a hop diameter of ~8 for 5,000 services puts
// them all within ~8 edge lengths), so nodes would sit on top of each other at any zoom. Scaling
// the whole drawing about its centre changes no stress (the measure is scale-invariant) but
// gives the view room: enough that 3 in 4 nodes have their nearest neighbour at least `target`
// away; zoomed out, the view's level of detail takes over.
double spreadForLegibility(std::vector<QPointF> &positions, double target, double cell)
{
    const size_t n = positions.size();
    if (n < 3 || target <= 0.0 || cell <= 0.0)
        return 1.0;
    QHash<QPair<qint64, qint64>, std::vector<int>> grid;
    auto key = [cell](const QPointF &p) {
        return qMakePair(qint64(std::floor(p.x() / cell)), qint64(std::floor(p.y() / cell)));
    };
    for (size_t i = 0; i < n; ++i)
        grid[key(positions[i])].push_back(int(i));
    std::vector<double> nearest(n, std::numeric_limits<double>::infinity());
    for (size_t i = 0; i < n; ++i) {
        const auto [cx, cy] = key(positions[i]);
        for (qint64 dx = -1; dx <= 1; ++dx) {
            for (qint64 dy = -1; dy <= 1; ++dy) {
                const auto it = grid.constFind(qMakePair(cx + dx, cy + dy));
                if (it == grid.constEnd())
                    continue;
                for (int j : *it) {
                    if (size_t(j) != i)
                        nearest[i] = std::min(nearest[i],
                                              QLineF(positions[i], positions[size_t(j)]).length());
                }
            }
        }
    }
    std::vector<double> sorted = nearest;
    const auto nth = sorted.begin() + std::ptrdiff_t(double(n) * kCrowdedShare);
    std::nth_element(sorted.begin(), nth, sorted.end());
    // Beyond one cell the neighbour is far enough anyway (infinity: nothing within a cell).
    const double crowded = std::min(*nth, cell);
    if (crowded >= target || crowded <= 0.0)
        return 1.0;
    const double factor = target / crowded;
    QPointF centre;
    for (const QPointF &p : positions)
        centre += p;
    centre /= double(n);
    for (QPointF &p : positions)
        p = centre + (p - centre) * factor;
    return factor;
}

} // namespace meshscope::core::layoutpacking
