#include "widgets/edgegeometry.h"

#include "widgets/viewtypes.h"

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

constexpr int kMaxGridCells = 256 * 256;

double distanceToSegment(const QPointF &p, const QLineF &l)
{
    const QPointF d = l.p2() - l.p1();
    const double len2 = d.x() * d.x() + d.y() * d.y();
    double t = len2 > 0 ? ((p.x() - l.x1()) * d.x() + (p.y() - l.y1()) * d.y()) / len2 : 0.0;
    t = std::clamp(t, 0.0, 1.0);
    const QPointF q = l.p1() + d * t;
    return std::hypot(p.x() - q.x(), p.y() - q.y());
}

} // namespace

bool EdgeGeometry::rimSegment(const QPointF &a, const QPointF &b, QLineF *line)
{
    const double dx = b.x() - a.x();
    const double dy = b.y() - a.y();
    const double len = std::sqrt(dx * dx + dy * dy);
    if (len <= 2.0 * kNodeRadius + 1.0)
        return false;
    const double ux = dx / len;
    const double uy = dy / len;
    const double rim = kNodeRadius + 1.0;
    *line = QLineF(a.x() + ux * rim, a.y() + uy * rim, b.x() - ux * rim, b.y() - uy * rim);
    return true;
}

void EdgeGeometry::clear()
{
    m_segments.clear();
    m_lengths.clear();
    m_valid.clear();
    m_extent = {};
    m_gridValid = false;
    m_grid.clear();
}

void EdgeGeometry::rebuild(const std::vector<QLineF> &centres)
{
    const size_t n = centres.size();
    m_segments.assign(n, QLineF());
    m_lengths.assign(n, 0.0);
    m_valid.assign(n, 0);
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    for (size_t i = 0; i < n; ++i) {
        const QLineF &c = centres[i];
        if (i == 0) {
            x0 = std::min(c.x1(), c.x2());
            x1 = std::max(c.x1(), c.x2());
            y0 = std::min(c.y1(), c.y2());
            y1 = std::max(c.y1(), c.y2());
        } else {
            x0 = std::min({x0, c.x1(), c.x2()});
            x1 = std::max({x1, c.x1(), c.x2()});
            y0 = std::min({y0, c.y1(), c.y2()});
            y1 = std::max({y1, c.y1(), c.y2()});
        }
        QLineF l;
        if (rimSegment(c.p1(), c.p2(), &l)) {
            m_segments[i] = l;
            m_lengths[i] = l.length();
            m_valid[i] = 1;
        }
    }
    m_extent = n == 0 ? QRectF() : QRectF(QPointF(x0, y0), QPointF(x1, y1));
    m_gridValid = false;
    m_grid.clear();
}

void EdgeGeometry::rebuildGrid() const
{
    m_grid.clear();
    m_gridRect = m_extent.adjusted(-1, -1, 1, 1);
    m_gridValid = true;
    if (m_segments.empty())
        return;
    // ~64-unit cells (about one median edge), coarser when the graph is huge.
    m_cellSize =
        std::max(64.0, std::sqrt(m_gridRect.width() * m_gridRect.height() / kMaxGridCells));
    m_gridCols = std::max(1, int(std::ceil(m_gridRect.width() / m_cellSize)));
    m_gridRows = std::max(1, int(std::ceil(m_gridRect.height() / m_cellSize)));
    m_grid.assign(size_t(m_gridCols) * size_t(m_gridRows), {});
    for (size_t i = 0; i < m_segments.size(); ++i) {
        if (!m_valid[i])
            continue;
        const QLineF &l = m_segments[i];
        // Walk the segment in half-cell steps and mark each cell once in a row; queries look at
        // the 3x3 neighbourhood, which covers the corners such a walk can skip.
        const int steps = std::max(1, int(std::ceil(m_lengths[i] / (m_cellSize * 0.5))));
        int last = -1;
        for (int s = 0; s <= steps; ++s) {
            const QPointF p = l.pointAt(double(s) / steps);
            const int cx =
                std::clamp(int((p.x() - m_gridRect.left()) / m_cellSize), 0, m_gridCols - 1);
            const int cy =
                std::clamp(int((p.y() - m_gridRect.top()) / m_cellSize), 0, m_gridRows - 1);
            const int cell = cy * m_gridCols + cx;
            if (cell != last) {
                std::vector<int> &bucket = m_grid[size_t(cell)];
                if (bucket.empty() || bucket.back() != int(i))
                    bucket.push_back(int(i));
                last = cell;
            }
        }
    }
}

int EdgeGeometry::edgeAt(const QPointF &p, double tolerance,
                         const std::vector<double> &widths) const
{
    if (!m_gridValid)
        rebuildGrid();
    if (m_grid.empty() ||
        !m_gridRect.adjusted(-tolerance, -tolerance, tolerance, tolerance).contains(p))
        return -1;
    const int cx = int((p.x() - m_gridRect.left()) / m_cellSize);
    const int cy = int((p.y() - m_gridRect.top()) / m_cellSize);
    const int reach = 1 + int(tolerance / m_cellSize);
    int best = -1;
    double bestDistance = tolerance;
    for (int y = std::max(0, cy - reach); y <= std::min(m_gridRows - 1, cy + reach); ++y) {
        for (int x = std::max(0, cx - reach); x <= std::min(m_gridCols - 1, cx + reach); ++x) {
            for (int idx : m_grid[size_t(y * m_gridCols + x)]) {
                const double half = size_t(idx) < widths.size() ? widths[size_t(idx)] / 2.0 : 0.0;
                if (half < 0.0)
                    continue; // not drawn, so not hit
                const double d = distanceToSegment(p, m_segments[size_t(idx)]) - half;
                if (d <= bestDistance) {
                    bestDistance = d;
                    best = idx;
                }
            }
        }
    }
    return best;
}

} // namespace meshscope::widgets
