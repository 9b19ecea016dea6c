// EdgeLayerItem, drawing: pen batches, the level-of-detail cut, the zoom-time raster, arrows and
// the selected edge. The edge data, batching and hit tests are in edgelayeritem.cpp.

#include "widgets/edgelayeritem.h"

#include "widgets/nodeitem.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>

namespace meshscope::widgets {

namespace {

const QColor kSelectedEdgeColor(0x11, 0x11, 0x11);

} // namespace

void EdgeLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect.isValid() && !option->exposedRect.isEmpty()
                               ? option->exposedRect
                               : m_bounds;
    const bool antialias = !m_interacting && lod >= kLodAntialias;
    const bool arrows = lod >= kLodArrows;
    painter->setRenderHint(QPainter::Antialiasing, antialias);

    const auto visible = [&exposed](const QLineF &l) {
        return !(std::max(l.x1(), l.x2()) < exposed.left() ||
                 std::min(l.x1(), l.x2()) > exposed.right() ||
                 std::max(l.y1(), l.y2()) < exposed.top() ||
                 std::min(l.y1(), l.y2()) > exposed.bottom());
    };

    const int cutoff = backgroundCutoff(lod);
    const EdgeGeometry &g = geometry();
    // While zooming (no antialiasing), lines go into our own raster (LineRaster), then one blit.
    const QTransform world = painter->worldTransform();
    QRect area = world.mapRect(exposed).toAlignedRect();
    if (painter->hasClipping())
        area &= world.mapRect(painter->clipBoundingRect()).toAlignedRect();
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    const bool raster = !antialias && world.type() <= QTransform::TxScale && dpr == 1.0 &&
                        !area.isEmpty() && area.width() <= 8192 && area.height() <= 8192;
    if (raster)
        m_raster.begin(area.size());
    std::vector<QLineF> &lines = m_scratchLines;
    std::vector<std::pair<QPen, std::vector<QLineF>>> styled; // raster mode: drawn after it
    std::vector<int> drawnEdges; // for arrows and labels, in batch order
    drawnEdges.reserve(arrows ? m_edges.size() : 0);
    for (const Batch &batch : m_batches) {
        lines.clear();
        for (int k = batch.begin; k < batch.end; ++k) {
            const int idx = m_order[size_t(k)];
            if (m_backgroundRank[size_t(idx)] >= cutoff)
                continue;
            QLineF l;
            if (!g.segment(size_t(idx), &l) || !visible(l))
                continue;
            if (arrows) {
                // Stop the shaft at the arrow's base so a wide line does not poke through the tip.
                const double len = g.length(size_t(idx));
                const double cut = std::min(len * 0.9, arrowLength(batch.width) * 0.8);
                l.setP2(l.p2() - (l.p2() - l.p1()) * (cut / len));
                drawnEdges.push_back(idx);
            }
            lines.push_back(l);
        }
        if (lines.empty())
            continue;
        // Zoomed out, tens of thousands of healthy edges would bury the nodes and the few
        // unhealthy edges: fade them so problems stand out.
        const bool fadeHealthy = lod < kLodAntialias && batch.severity == 0;
        const QColor color = fadeHealthy ? NodeItem::faded(batch.color, 0.55) : batch.color;
        if (raster && batch.style == Qt::SolidLine) {
            const QPointF origin = area.topLeft();
            const double width = batch.width * lod < 1.5 ? 1.0 : batch.width * lod;
            for (const QLineF &l : lines)
                m_raster.drawLine(world.map(l.p1()) - origin, world.map(l.p2()) - origin, width,
                                  color.rgb());
            continue;
        }
        // Thinner than ~1.5 device pixels: a cosmetic 1-px pen takes the raster engine's fast
        // line path instead of stroking a polygon per line.
        const double deviceWidth = batch.width * lod;
        const bool thin = deviceWidth < 1.5;
        QPen pen(color, thin ? 0.0 : batch.width);
        pen.setCapStyle(Qt::FlatCap);
        pen.setStyle(batch.style);
        if (raster) {
            // The raster draws solid lines only: dashed (traces-only) calls, few, go on top.
            styled.push_back({pen, lines});
            continue;
        }
        painter->setPen(pen);
        painter->drawLines(lines.data(), int(lines.size()));
    }

    if (raster) {
        painter->setWorldTransform(QTransform());
        painter->drawImage(area.topLeft(), m_raster.image());
        painter->setWorldTransform(world);
        for (const auto &[pen, batchLines] : styled) {
            painter->setPen(pen);
            painter->drawLines(batchLines.data(), int(batchLines.size()));
        }
    }

    if (arrows && !drawnEdges.empty()) {
        painter->setPen(Qt::NoPen);
        QRgb current = 0;
        bool haveBrush = false;
        for (int idx : drawnEdges) {
            const Edge &e = m_edges[size_t(idx)];
            const QColor c = e.dimmed ? NodeItem::faded(e.color, 0.8) : e.color;
            if (!haveBrush || c.rgb() != current) {
                painter->setBrush(c);
                current = c.rgb();
                haveBrush = true;
            }
            painter->drawPolygon(arrowHead(g.line(size_t(idx)), e.width));
        }
    }

    if (m_selected >= 0 && m_selected < int(m_edges.size()) &&
        !m_edges[size_t(m_selected)].hidden) {
        const Edge &e = m_edges[size_t(m_selected)];
        QLineF l;
        if (g.segment(size_t(m_selected), &l)) {
            painter->setRenderHint(QPainter::Antialiasing, true);
            painter->setPen(QPen(kSelectedEdgeColor, e.width + 3.0, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(l);
            painter->setPen(QPen(e.color, e.width, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(l);
            painter->setPen(Qt::NoPen);
            painter->setBrush(kSelectedEdgeColor);
            painter->drawPolygon(arrowHead(l, e.width + 1.5));
        }
    }
}

} // namespace meshscope::widgets
