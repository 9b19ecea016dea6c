#include "widgets/labelplacer.h"

#include "widgets/viewtypes.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace meshscope::widgets {

namespace {

constexpr double kLabelGap = 2.0; // between a node's rim and its label, scene units at scale 1

quint64 cellKey(qint64 x, qint64 y)
{
    return (quint64(quint32(qint32(x))) << 32) | quint64(quint32(qint32(y)));
}

} // namespace

LabelPlacer::LabelPlacer(double cellSize)
    : m_cell(std::max(1.0, cellSize)), m_padding(0.15 * std::max(1.0, cellSize))
{
}

void LabelPlacer::insert(const QRectF &padded, int index)
{
    const qint64 x0 = qint64(std::floor(padded.left() / m_cell));
    const qint64 x1 = qint64(std::floor(padded.right() / m_cell));
    const qint64 y0 = qint64(std::floor(padded.top() / m_cell));
    const qint64 y1 = qint64(std::floor(padded.bottom() / m_cell));
    for (qint64 y = y0; y <= y1; ++y)
        for (qint64 x = x0; x <= x1; ++x)
            m_grid[cellKey(x, y)].push_back(index);
}

bool LabelPlacer::tryPlace(const QRectF &rect)
{
    if (collides(rect))
        return false;
    force(rect);
    return true;
}

bool LabelPlacer::collides(const QRectF &rect) const
{
    // Half the padding on each rect keeps `m_padding` between any two accepted ones.
    const double h = m_padding / 2.0;
    const QRectF padded = rect.adjusted(-h, -h, h, h);
    const qint64 x0 = qint64(std::floor(padded.left() / m_cell));
    const qint64 x1 = qint64(std::floor(padded.right() / m_cell));
    const qint64 y0 = qint64(std::floor(padded.top() / m_cell));
    const qint64 y1 = qint64(std::floor(padded.bottom() / m_cell));
    for (qint64 y = y0; y <= y1; ++y) {
        for (qint64 x = x0; x <= x1; ++x) {
            const auto it = m_grid.constFind(cellKey(x, y));
            if (it == m_grid.constEnd())
                continue;
            for (int other : *it) {
                if (m_padded[size_t(other)].intersects(padded))
                    return true;
            }
        }
    }
    return false;
}

void LabelPlacer::force(const QRectF &rect)
{
    const double h = m_padding / 2.0;
    const QRectF padded = rect.adjusted(-h, -h, h, h);
    m_padded.push_back(padded);
    m_placed.push_back(rect);
    insert(padded, int(m_padded.size()) - 1);
}

std::vector<int> LabelPlacer::priorityOrder(const std::vector<LabelRank> &ranks)
{
    std::vector<int> order(ranks.size());
    std::iota(order.begin(), order.end(), 0);
    std::stable_sort(order.begin(), order.end(), [&ranks](int a, int b) {
        const LabelRank &x = ranks[size_t(a)];
        const LabelRank &y = ranks[size_t(b)];
        if (x.selected != y.selected)
            return x.selected;
        if (x.dimmed != y.dimmed)
            return y.dimmed;
        if (x.severity != y.severity)
            return x.severity > y.severity;
        if (x.traffic != y.traffic)
            return x.traffic > y.traffic;
        return x.degree > y.degree;
    });
    return order;
}

double LabelPlacer::labelScale(double lod)
{
    return lod < 1.0 && lod > 0.0 ? 1.0 / lod : 1.0;
}

QRectF LabelPlacer::nodeLabelRect(const QPointF &pos, const QSizeF &size, double lod)
{
    const double f = labelScale(lod);
    const double w = size.width() * f;
    return QRectF(pos.x() - w / 2.0, pos.y() + kNodeRadius + kLabelGap * f, w, size.height() * f);
}

} // namespace meshscope::widgets
