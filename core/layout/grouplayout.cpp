#include "core/layout/grouplayout.h"

#include <QLineF>
#include <QRectF>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace meshscope::core {

namespace {

struct Disc
{
    QPointF centre;
    double radius = 0.0;
    bool fixed = false; // holds known nodes: never moves
};

// Pushes overlapping discs apart (movable ones only) until none overlaps or the passes run out.
void separate(std::vector<Disc> &discs, double gap, int passes)
{
    const size_t n = discs.size();
    for (int pass = 0; pass < passes; ++pass) {
        bool moved = false;
        for (size_t i = 0; i < n; ++i) {
            for (size_t j = i + 1; j < n; ++j) {
                Disc &a = discs[i];
                Disc &b = discs[j];
                if (a.fixed && b.fixed)
                    continue;
                QPointF d = b.centre - a.centre;
                double len = std::hypot(d.x(), d.y());
                const double want = a.radius + b.radius + gap;
                if (len >= want)
                    continue;
                if (len < 1e-6) {
                    // Coincident: a deterministic direction from the pair's indices.
                    const double angle = double((i * 7919 + j * 104729) % 360) * M_PI / 180.0;
                    d = QPointF(std::cos(angle), std::sin(angle));
                    len = 1.0;
                } else {
                    d /= len;
                }
                const double deficit = want - len;
                const double shareA = a.fixed ? 0.0 : (b.fixed ? 1.0 : 0.5);
                a.centre -= d * deficit * shareA;
                b.centre += d * deficit * (1.0 - shareA);
                moved = true;
            }
        }
        if (!moved)
            return;
    }
}

} // namespace

std::vector<QPointF> GroupLayout::layout(const LayoutGraph &graph, const std::vector<int> &groupOf,
                                         int groupCount, std::vector<QPointF> positions,
                                         const std::vector<bool> &known,
                                         const std::vector<bool> &pinned,
                                         const LayoutOptions &options)
{
    const int n = graph.nodeCount;
    positions.resize(size_t(n));
    const auto isKnown = [&](int v) { return size_t(v) < known.size() && known[size_t(v)]; };
    std::vector<std::vector<int>> members(static_cast<size_t>(groupCount));
    for (int v = 0; v < n; ++v)
        members[size_t(groupOf[size_t(v)])].push_back(v);

    // Each group alone, on its internal calls.
    std::vector<int> localOf(static_cast<size_t>(n), -1);
    std::vector<Disc> discs(static_cast<size_t>(groupCount));
    std::vector<bool> fresh(static_cast<size_t>(groupCount), false);
    for (int g = 0; g < groupCount; ++g) {
        const std::vector<int> &group = members[size_t(g)];
        if (group.empty())
            continue;
        LayoutGraph sub;
        sub.nodeCount = int(group.size());
        for (size_t i = 0; i < group.size(); ++i)
            localOf[size_t(group[i])] = int(i);
        for (const auto &[s, t] : graph.edges) {
            if (s >= 0 && t >= 0 && s < n && t < n && groupOf[size_t(s)] == g &&
                groupOf[size_t(t)] == g)
                sub.edges.emplace_back(localOf[size_t(s)], localOf[size_t(t)]);
        }
        std::vector<QPointF> local(group.size());
        std::vector<bool> localKnown(group.size()), localPinned(group.size());
        int knownCount = 0;
        for (size_t i = 0; i < group.size(); ++i) {
            const int v = group[i];
            localKnown[i] = isKnown(v);
            localPinned[i] = localKnown[i] && size_t(v) < pinned.size() && pinned[size_t(v)];
            local[i] = positions[size_t(v)];
            knownCount += localKnown[i] ? 1 : 0;
        }
        fresh[size_t(g)] = knownCount == 0;
        if (knownCount < int(group.size())) {
            LayoutOptions groupOptions = options;
            groupOptions.seed = options.seed + 0x9E3779B9ULL * quint64(g + 1);
            local = fresh[size_t(g)] ? LayoutEngine::initialLayout(sub, groupOptions)
                                     : LayoutEngine::incrementalLayout(sub, local, localKnown,
                                                                       localPinned, groupOptions);
        }
        QPointF centre;
        for (const QPointF &p : local)
            centre += p;
        centre /= double(local.size());
        double radius = 0.0;
        for (size_t i = 0; i < group.size(); ++i) {
            // A fresh group is kept relative to its centre until the group is placed.
            positions[size_t(group[i])] = fresh[size_t(g)] ? local[i] - centre : local[i];
            radius = std::max(radius, QLineF(local[i], centre).length());
        }
        // Room for the group's outline and its name above the members.
        discs[size_t(g)] = {fresh[size_t(g)] ? QPointF() : centre,
                            radius + 0.5 * options.edgeLength, !fresh[size_t(g)]};
    }
    if (std::none_of(fresh.cbegin(), fresh.cend(), [](bool f) { return f; }))
        return positions;

    // Where fresh groups start: from a layout of the groups' own call graph when nothing is
    // known yet, else next to the placed groups they call or are called by.
    QSet<QPair<int, int>> between;
    for (const auto &[s, t] : graph.edges) {
        if (s < 0 || t < 0 || s >= n || t >= n)
            continue;
        const int a = groupOf[size_t(s)];
        const int b = groupOf[size_t(t)];
        if (a != b)
            between.insert(qMakePair(std::min(a, b), std::max(a, b)));
    }
    const bool anyFixed =
        std::any_of(discs.cbegin(), discs.cend(), [](const Disc &d) { return d.fixed; });
    double meanRadius = 0.0;
    for (const Disc &d : discs)
        meanRadius += d.radius;
    meanRadius /= std::max(1, groupCount);
    if (!anyFixed) {
        LayoutGraph quotient;
        quotient.nodeCount = groupCount;
        for (const auto &pair : between)
            quotient.edges.emplace_back(pair.first, pair.second);
        std::sort(quotient.edges.begin(), quotient.edges.end()); // QSet order is not stable
        LayoutOptions groupOptions = options;
        groupOptions.edgeLength = 2.0 * meanRadius + options.edgeLength;
        groupOptions.minSeparation = groupOptions.edgeLength;
        const std::vector<QPointF> centres = LayoutEngine::initialLayout(quotient, groupOptions);
        for (int g = 0; g < groupCount; ++g)
            discs[size_t(g)].centre = centres[size_t(g)];
    } else {
        QRectF placed;
        for (const Disc &d : discs) {
            if (d.fixed)
                placed |= QRectF(d.centre.x() - d.radius, d.centre.y() - d.radius, 2 * d.radius,
                                 2 * d.radius);
        }
        double nextX = placed.right() + options.edgeLength;
        for (int g = 0; g < groupCount; ++g) {
            if (!fresh[size_t(g)] || members[size_t(g)].empty())
                continue;
            QPointF sum;
            int count = 0;
            for (const auto &pair : between) {
                const int other = pair.first == g    ? pair.second
                                  : pair.second == g ? pair.first
                                                     : -1;
                if (other >= 0 && discs[size_t(other)].fixed) {
                    sum += discs[size_t(other)].centre;
                    ++count;
                }
            }
            if (count > 0) {
                discs[size_t(g)].centre = sum / count;
            } else {
                discs[size_t(g)].centre =
                    QPointF(nextX + discs[size_t(g)].radius, placed.center().y());
                nextX += 2 * discs[size_t(g)].radius + options.edgeLength;
            }
        }
    }
    separate(discs, 0.5 * options.edgeLength, 500);
    for (int g = 0; g < groupCount; ++g) {
        if (!fresh[size_t(g)])
            continue;
        for (int v : members[size_t(g)])
            positions[size_t(v)] += discs[size_t(g)].centre;
    }
    return positions;
}

} // namespace meshscope::core
