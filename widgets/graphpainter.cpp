#include "widgets/graphpainter.h"

#include "widgets/alertbadgeitem.h"
#include "widgets/edgelayeritem.h"
#include "widgets/groupitem.h"
#include "widgets/labelplacer.h"
#include "widgets/nodeitem.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace meshscope::widgets {

namespace {

constexpr int kTickEvery = 2048; // items between progress callbacks
const QColor kLabelColor(0x21, 0x21, 0x21);
const QColor kSelectedEdgeColor(0x11, 0x11, 0x11);

QFont edgeFont()
{
    QFont font;
    font.setPixelSize(int(kEdgeLabelPixelSize));
    return font;
}

// Node disc plus selection ring, scene units: what a node can paint around its centre.
constexpr double kNodeReach = kNodeRadius + 8.0;

} // namespace

GraphPainter::GraphPainter(const RenderSnapshot &snapshot) : m_snapshot(snapshot)
{
    // Exports are drawn at scale 1 in scene units: labels as the view shows them at zoom 1.
    LabelPlacer placer(kLabelPixelSize * 1.4);
    for (size_t g = 0; g < snapshot.groups.size(); ++g) {
        const RenderSnapshot::Group &group = snapshot.groups[g];
        const QRectF rect = group.titleRect();
        if (placer.tryPlace(rect))
            m_labels.push_back({rect, group.title, false, false, true, int(g)});
    }
    for (int i : snapshot.labelOrder) {
        if (i < 0 || i >= int(snapshot.nodes.size()))
            continue;
        const RenderSnapshot::Node &n = snapshot.nodes[size_t(i)];
        if (n.label.isEmpty())
            continue;
        const QRectF rect = LabelPlacer::nodeLabelRect(n.pos, n.labelSize, 1.0);
        if (placer.tryPlace(rect))
            m_labels.push_back({rect, n.label, n.dimmed, false});
    }
    const QFontMetricsF metrics(edgeFont());
    for (const RenderSnapshot::Edge &e : snapshot.edges) {
        if (e.label.isEmpty())
            continue;
        QLineF l;
        if (!EdgeLayerItem::rimSegment(snapshot.nodes[size_t(e.source)].pos,
                                       snapshot.nodes[size_t(e.target)].pos, &l))
            continue;
        const QPointF mid = l.center();
        const double w = metrics.horizontalAdvance(e.label) + 4.0;
        const QRectF rect(mid.x() - w / 2.0, mid.y() - metrics.height() / 2.0, w, metrics.height());
        if (placer.tryPlace(rect))
            m_labels.push_back({rect, e.label, e.dimmed, true});
    }
}

bool GraphPainter::paint(QPainter *painter, const QRectF &target, const Progress &progress) const
{
    const QRectF &bounds = m_snapshot.bounds;
    if (bounds.isEmpty() || target.isEmpty())
        return true;
    const double s = std::min(target.width() / bounds.width(), target.height() / bounds.height());
    const QPointF offset(target.center().x() - bounds.center().x() * s,
                         target.center().y() - bounds.center().y() * s);
    painter->save();
    painter->translate(offset);
    painter->scale(s, s);
    painter->setClipRect(bounds, Qt::IntersectClip);
    // Painting strip by strip: skip what is outside the strip (the clip, in scene units now).
    QRectF visible = bounds;
    if (painter->hasClipping())
        visible = painter->clipBoundingRect().intersected(bounds);
    painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);

    const double total = double(m_snapshot.edges.size() + m_snapshot.nodes.size()) + 1.0;
    double done = 0.0;
    const Progress tick = [&](double units) {
        done += units;
        return !progress || progress(std::min(1.0, done / total));
    };
    paintGroupAreas(painter, visible);
    const bool finished = paintEdges(painter, visible, tick) && paintNodes(painter, visible, tick);
    if (finished) {
        paintGroupTitles(painter, visible);
        paintLabels(painter, visible);
        paintBadges(painter, visible); // above the labels, as in the view
    }
    painter->restore();
    return finished && (!progress || progress(1.0));
}

bool GraphPainter::paintEdges(QPainter *painter, const QRectF &visible, const Progress &tick) const
{
    const auto &nodes = m_snapshot.nodes;
    const auto &edges = m_snapshot.edges;
    const QRectF reach = visible.adjusted(-10, -10, 10, 10); // widest edge with its arrowhead
    const auto meets = [&reach](const QLineF &l) {
        return !(
            std::max(l.x1(), l.x2()) < reach.left() || std::min(l.x1(), l.x2()) > reach.right() ||
            std::max(l.y1(), l.y2()) < reach.top() || std::min(l.y1(), l.y2()) > reach.bottom());
    };
    std::vector<QLineF> lines;
    std::vector<std::pair<QPolygonF, QRgb>> arrows;
    size_t i = 0;
    while (i < edges.size()) {
        // A run of edges with the same pen is stroked in one drawLines call.
        const QColor color = edges[i].color;
        const double width = edges[i].width;
        const Qt::PenStyle style = edges[i].style;
        size_t j = i;
        lines.clear();
        for (; j < edges.size() && edges[j].color == color && edges[j].width == width &&
               edges[j].style == style;
             ++j) {
            const RenderSnapshot::Edge &e = edges[j];
            QLineF l;
            if (!EdgeLayerItem::rimSegment(nodes[size_t(e.source)].pos, nodes[size_t(e.target)].pos,
                                           &l) ||
                !meets(l))
                continue;
            arrows.emplace_back(EdgeLayerItem::arrowHead(l, width), color.rgb());
            // Stop the shaft at the arrow's base so a wide line does not poke through the tip.
            const double len = l.length();
            const double cut = std::min(len * 0.9, EdgeLayerItem::arrowLength(width) * 0.8);
            l.setP2(l.p2() - (l.p2() - l.p1()) * (cut / len));
            lines.push_back(l);
            if ((j + 1) % kTickEvery == 0 && !tick(kTickEvery))
                return false;
        }
        if (!lines.empty()) {
            QPen pen(color, width);
            pen.setCapStyle(Qt::FlatCap);
            pen.setStyle(style); // the call's evidence, as EdgeLayerItem draws it
            painter->setPen(pen);
            painter->drawLines(lines.data(), int(lines.size()));
        }
        i = j;
    }
    painter->setPen(Qt::NoPen);
    QRgb current = 0;
    bool haveBrush = false;
    for (const auto &[polygon, rgb] : arrows) {
        if (!haveBrush || rgb != current) {
            painter->setBrush(QColor::fromRgb(rgb));
            current = rgb;
            haveBrush = true;
        }
        painter->drawPolygon(polygon);
    }
    if (m_snapshot.selectedEdge >= 0 && m_snapshot.selectedEdge < int(edges.size())) {
        const RenderSnapshot::Edge &e = edges[size_t(m_snapshot.selectedEdge)];
        QLineF l;
        if (EdgeLayerItem::rimSegment(nodes[size_t(e.source)].pos, nodes[size_t(e.target)].pos,
                                      &l)) {
            painter->setPen(QPen(kSelectedEdgeColor, e.width + 3.0, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(l);
            painter->setPen(QPen(e.color, e.width, Qt::SolidLine, Qt::RoundCap));
            painter->drawLine(l);
            painter->setPen(Qt::NoPen);
            painter->setBrush(kSelectedEdgeColor);
            painter->drawPolygon(EdgeLayerItem::arrowHead(l, e.width + 1.5));
        }
    }
    return tick(double(edges.size() % kTickEvery));
}

bool GraphPainter::paintNodes(QPainter *painter, const QRectF &visible, const Progress &tick) const
{
    const QRectF reach = visible.adjusted(-kNodeReach, -kNodeReach, kNodeReach, kNodeReach);
    const QTransform base = painter->worldTransform();
    const auto &nodes = m_snapshot.nodes;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const RenderSnapshot::Node &n = nodes[i];
        if (reach.contains(n.pos)) {
            painter->setWorldTransform(QTransform::fromTranslate(n.pos.x(), n.pos.y()) * base);
            NodeItem::paintDetailed(painter, n.kind, n.fill, n.idle, n.dimmed, n.pinned,
                                    n.selected);
        }
        if ((i + 1) % kTickEvery == 0 && !tick(kTickEvery))
            return false;
    }
    painter->setWorldTransform(base);
    return tick(double(nodes.size() % kTickEvery));
}

void GraphPainter::paintBadges(QPainter *painter, const QRectF &visible) const
{
    const QTransform base = painter->worldTransform();
    for (const RenderSnapshot::Node &n : m_snapshot.nodes) {
        if (n.alertsFiring + n.alertsMuted == 0 ||
            !AlertBadgeItem::badgeRect(n.pos, n.alertsFiring, n.alertsMuted).intersects(visible))
            continue;
        const QPointF c = AlertBadgeItem::badgeCentre(n.pos);
        painter->setWorldTransform(QTransform::fromTranslate(c.x(), c.y()) * base);
        AlertBadgeItem::paintBadge(painter, n.alertsFiring, n.alertsMuted);
    }
    painter->setWorldTransform(base);
}

void GraphPainter::paintGroupAreas(QPainter *painter, const QRectF &visible) const
{
    for (const RenderSnapshot::Group &g : m_snapshot.groups) {
        if (g.area.adjusted(-2, -2, 6, 6).intersects(visible))
            GroupItem::paintArea(painter, g.area, g.collapsed, g.accent);
    }
}

void GraphPainter::paintGroupTitles(QPainter *painter, const QRectF &visible) const
{
    // Only the titles that won their place: two groups side by side must not write over
    // each other.
    const QTransform base = painter->worldTransform();
    for (const Label &l : m_labels) {
        if (!l.group || !l.rect.intersects(visible))
            continue;
        const RenderSnapshot::Group &g = m_snapshot.groups[size_t(l.index)];
        const QPointF anchor = g.titleAnchor();
        painter->setWorldTransform(QTransform::fromTranslate(anchor.x(), anchor.y()) * base);
        GroupItem::paintTitle(painter, g.title, g.collapsed, g.accent, g.titleSize);
    }
    painter->setWorldTransform(base);
}

void GraphPainter::paintLabels(QPainter *painter, const QRectF &visible) const
{
    painter->setPen(Qt::NoPen);
    for (const Label &l : m_labels) {
        if (l.group || !l.rect.intersects(visible))
            continue;
        painter->setBrush(QColor(255, 255, 255, l.edge ? 220 : l.dimmed ? 120 : 190));
        painter->drawRoundedRect(l.rect.adjusted(0, 1, 0, -1), 2, 2);
    }
    const QFont nodeFont = NodeItem::labelFont();
    const QFont figureFont = edgeFont();
    const double nodeAscent = QFontMetricsF(nodeFont).ascent();
    const double figureAscent = QFontMetricsF(figureFont).ascent();
    const QColor faded = NodeItem::faded(kLabelColor, 0.8);
    for (const Label &l : m_labels) {
        if (l.group || !l.rect.intersects(visible))
            continue;
        painter->setFont(l.edge ? figureFont : nodeFont);
        painter->setPen(l.dimmed ? faded : kLabelColor);
        painter->drawText(QPointF(l.rect.left() + (l.edge ? 2.0 : 1.0),
                                  l.rect.top() + (l.edge ? figureAscent : nodeAscent)),
                          l.text);
    }
}

} // namespace meshscope::widgets
