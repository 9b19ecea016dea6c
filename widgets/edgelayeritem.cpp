#include "widgets/edgelayeritem.h"

#include "widgets/metricformat.h"
#include "widgets/nodeitem.h"

#include <QFontMetricsF>

#include <algorithm>
#include <cmath>
#include <utility>

namespace meshscope::widgets {

namespace {

// Room around the node positions for rims, arrowheads and labels, scene units.
constexpr double kBoundsMargin = 40.0;
// Background edges drawn at most cover this share of the graph's area in device pixels (on
// average each pixel inked about once): beyond it a zoomed-out mesh is a solid disc that hides
// its problems, and every extra pixel costs frame time. Failing and degraded edges are always
// drawn.
constexpr double kEdgeInkBudget = 1.0;

double arrowHalfWidth(double width)
{
    return 3.0 + 0.8 * width;
}

} // namespace

double EdgeLayerItem::arrowLength(double width)
{
    return 6.0 + 1.5 * width;
}

QPolygonF EdgeLayerItem::arrowHead(const QLineF &line, double width)
{
    const double len = line.length();
    if (len < 1e-6)
        return {};
    const QPointF dir = (line.p2() - line.p1()) / len;
    const QPointF normal(-dir.y(), dir.x());
    const QPointF base = line.p2() - dir * arrowLength(width);
    const double hw = arrowHalfWidth(width);
    return QPolygonF({line.p2(), base + normal * hw, base - normal * hw});
}

EdgeLayerItem::EdgeLayerItem()
{
    // Clicks and hovers fall through to the scene, which asks edgeAt(); the layer itself never
    // grabs the mouse (it covers the whole graph).
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setFlag(ItemUsesExtendedStyleOption, true); // for option->exposedRect culling
    setZValue(0.0);
}

double EdgeLayerItem::widthForRate(double rps)
{
    if (!(rps > kEdgeRateLow))
        return kEdgeMinWidth;
    const double t = std::log10(rps / kEdgeRateLow) / std::log10(kEdgeRateHigh / kEdgeRateLow);
    return kEdgeMinWidth + (kEdgeMaxWidth - kEdgeMinWidth) * std::clamp(t, 0.0, 1.0);
}

QString EdgeLayerItem::labelText(const Edge &edge, EdgeLabelMode mode)
{
    switch (mode) {
    case EdgeLabelMode::None:
        return {};
    // The same wording as the details panel and tooltips; "—" where a figure is unknown (e.g. no
    // latency on a plain TCP edge).
    case EdgeLabelMode::RequestRate:
        return MetricFormat::rate(edge.requestRate);
    case EdgeLabelMode::ErrorPercent:
        return MetricFormat::percent(edge.errorRatio);
    case EdgeLabelMode::P95:
        return MetricFormat::latency(edge.p95Ms);
    }
    return {};
}

void EdgeLayerItem::setEdges(std::vector<Edge> edges)
{
    m_edges = std::move(edges);
    m_selected = -1;
    rebuildBatches();
    m_widths.resize(m_edges.size());
    for (size_t i = 0; i < m_edges.size(); ++i)
        m_widths[i] = m_edges[i].hidden ? -1.0 : m_edges[i].width; // hidden: never hit
    nodesMoved();
}

void EdgeLayerItem::setEdgeDimmed(int index, bool dimmed)
{
    m_edges[size_t(index)].dimmed = dimmed;
}

void EdgeLayerItem::restyled()
{
    rebuildBatches();
    update();
}

void EdgeLayerItem::setLabelMode(EdgeLabelMode mode)
{
    if (mode == m_labelMode)
        return;
    m_labelMode = mode;
    update();
}

void EdgeLayerItem::setInteracting(bool on)
{
    if (on == m_interacting)
        return;
    m_interacting = on;
    update();
}

void EdgeLayerItem::setSelectedEdge(int index)
{
    if (index == m_selected)
        return;
    m_selected = index;
    update();
}

void EdgeLayerItem::rebuildBatches()
{
    // Pens are batched by (dimmed, severity, width rounded to 0.5 units, colour): a score ramp
    // gives many distinct colours but a few hundred pens at most cover a whole mesh. Dimmed edges
    // come first and failing ones last, so problems are drawn on top of healthy traffic.
    struct Key
    {
        quint64 key;
        int edge;
    };
    std::vector<Key> keys;
    keys.reserve(m_edges.size());
    for (size_t i = 0; i < m_edges.size(); ++i) {
        Edge &e = m_edges[i];
        e.width = std::round(e.width * 2.0) / 2.0;
        if (e.hidden)
            continue; // in no batch: never drawn
        const QColor c = e.dimmed ? NodeItem::faded(e.color, 0.8) : e.color;
        const quint64 key = (quint64(std::clamp(int(e.style), 0, 7)) << 53) |
                            (quint64(e.dimmed ? 0 : 1) << 52) |
                            (quint64(std::clamp(e.severity, 0, 2)) << 48) |
                            (quint64(e.width * 2.0) << 32) | quint64(c.rgb() & 0xffffff);
        keys.push_back({key, int(i)});
    }
    std::sort(keys.begin(), keys.end(), [](const Key &a, const Key &b) {
        return a.key < b.key || (a.key == b.key && a.edge < b.edge);
    });
    m_order.resize(keys.size());
    m_batches.clear();
    for (size_t i = 0; i < keys.size(); ++i) {
        m_order[i] = keys[i].edge;
        if (i == 0 || keys[i].key != keys[i - 1].key) {
            const Edge &e = m_edges[size_t(keys[i].edge)];
            m_batches.push_back({e.dimmed ? NodeItem::faded(e.color, 0.8) : e.color, e.width,
                                 e.severity, e.style, int(i), int(i)});
        }
        m_batches.back().end = int(i) + 1;
    }

    m_backgroundByRate.clear();
    m_backgroundRank.assign(m_edges.size(), -1);
    for (size_t i = 0; i < m_edges.size(); ++i) {
        if (!m_edges[i].hidden && (m_edges[i].dimmed || m_edges[i].severity == 0))
            m_backgroundByRate.push_back(int(i));
    }
    std::stable_sort(m_backgroundByRate.begin(), m_backgroundByRate.end(), [this](int a, int b) {
        return m_edges[size_t(a)].requestRate > m_edges[size_t(b)].requestRate;
    });
    for (size_t r = 0; r < m_backgroundByRate.size(); ++r)
        m_backgroundRank[size_t(m_backgroundByRate[r])] = int(r);
    m_cutoffLod = -1.0;
}

int EdgeLayerItem::backgroundCutoff(double lod)
{
    if (lod == m_cutoffLod)
        return m_cutoff;
    m_cutoffLod = lod;
    // Device ink of an edge: its length times its width, at least one pixel. Relative to the
    // graph's device area (lod^2 times the scene area), so the cut does not depend on where the
    // view is panned and edges never appear or vanish while panning.
    const EdgeGeometry &g = geometry();
    const auto ink = [lod, &g](size_t i, double width) {
        return g.length(i) * std::max(1.0, width * lod);
    };
    const double budget = kEdgeInkBudget * m_bounds.width() * m_bounds.height() * lod;
    double used = 0.0;
    for (size_t i = 0; i < m_edges.size(); ++i) {
        if (m_backgroundRank[i] < 0 && !m_edges[i].hidden && g.isDrawn(i))
            used += ink(i, m_edges[i].width);
    }
    m_cutoff = int(m_backgroundByRate.size());
    for (size_t r = 0; r < m_backgroundByRate.size(); ++r) {
        const size_t i = size_t(m_backgroundByRate[r]);
        if (!g.isDrawn(i))
            continue;
        used += ink(i, m_edges[i].width);
        if (used > budget) {
            m_cutoff = int(r);
            break;
        }
    }
    return m_cutoff;
}

std::vector<bool> EdgeLayerItem::shownAt(double lod)
{
    const int cutoff = backgroundCutoff(lod);
    std::vector<bool> shown(m_edges.size(), true);
    for (size_t i = 0; i < m_edges.size(); ++i)
        shown[i] = !m_edges[i].hidden && (m_backgroundRank[i] < cutoff || int(i) == m_selected);
    return shown;
}

void EdgeLayerItem::nodesMoved()
{
    m_geometryValid = false;
    m_cutoffLod = -1.0;
    recomputeBounds();
    update();
}

void EdgeLayerItem::recomputeBounds()
{
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool first = true;
    for (const Edge &e : m_edges) {
        for (const NodeItem *n : {e.source, e.target}) {
            const QPointF p = n->pos();
            if (first) {
                x0 = x1 = p.x();
                y0 = y1 = p.y();
                first = false;
            } else {
                x0 = std::min(x0, p.x());
                x1 = std::max(x1, p.x());
                y0 = std::min(y0, p.y());
                y1 = std::max(y1, p.y());
            }
        }
    }
    const QRectF bounds =
        first ? QRectF()
              : QRectF(QPointF(x0, y0), QPointF(x1, y1))
                    .adjusted(-kBoundsMargin, -kBoundsMargin, kBoundsMargin, kBoundsMargin);
    if (bounds != m_bounds) {
        prepareGeometryChange();
        m_bounds = bounds;
    }
}

const EdgeGeometry &EdgeLayerItem::geometry() const
{
    if (!m_geometryValid) {
        std::vector<QLineF> centres;
        centres.reserve(m_edges.size());
        for (const Edge &e : m_edges)
            centres.emplace_back(e.source->pos(), e.target->pos());
        m_geometry.rebuild(centres);
        m_geometryValid = true;
    }
    return m_geometry;
}

bool EdgeLayerItem::rimSegment(const QPointF &a, const QPointF &b, QLineF *line)
{
    return EdgeGeometry::rimSegment(a, b, line);
}

int EdgeLayerItem::edgeAt(const QPointF &p, double tolerance) const
{
    return geometry().edgeAt(p, tolerance, m_widths);
}

} // namespace meshscope::widgets
