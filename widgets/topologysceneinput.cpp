// TopologyScene, hit tests, tooltips and the mouse (split from topologyscene.cpp by role).

#include "widgets/edgelayeritem.h"
#include "widgets/labellayeritem.h"
#include "widgets/nodeitem.h"
#include "widgets/tooltipformat.h"
#include "widgets/topologyscene.h"

#include <QGraphicsSceneHelpEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsView>
#include <QToolTip>

namespace meshscope::widgets {

namespace {

constexpr double kEdgeHitPixels = 4.0; // how close (device px) a click must be to an edge

const core::HealthVerdict &noVerdict()
{
    static const core::HealthVerdict verdict;
    return verdict;
}

} // namespace

core::NodeId TopologyScene::nodeAt(const QPointF &scenePos) const
{
    const QList<QGraphicsItem *> hits =
        items(scenePos, Qt::IntersectsItemShape, Qt::DescendingOrder);
    for (QGraphicsItem *hit : hits) {
        if (hit->type() == NodeItem::Type)
            return static_cast<NodeItem *>(hit)->id();
    }
    return {};
}

int TopologyScene::edgeAt(const QPointF &scenePos) const
{
    // Tolerance in device pixels of the (first) view, so edges are as easy to hit zoomed out.
    double scale = 1.0;
    const QList<QGraphicsView *> allViews = views();
    if (!allViews.isEmpty())
        scale = std::max(1e-3, allViews.front()->transform().m11());
    return m_edgeLayer->edgeAt(scenePos, kEdgeHitPixels / scale);
}

QString TopologyScene::nodeToolTip(int i) const
{
    const bool scored = m_scores->nodes.size() == m_topology->nodes().size();
    return TooltipFormat::node(m_topology->nodes()[size_t(i)],
                               scored ? m_scores->nodes[size_t(i)] : noVerdict(), m_bands);
}

QString TopologyScene::edgeToolTip(int i) const
{
    const bool scored = m_scores->edges.size() == m_topology->edges().size();
    return TooltipFormat::edge(*m_topology, i, scored ? m_scores->edges[size_t(i)] : noVerdict(),
                               m_bands);
}

QString TopologyScene::toolTipAt(const QPointF &scenePos) const
{
    if (!m_topology)
        return {};
    const core::NodeId node = nodeAt(scenePos);
    if (node.isValid())
        return nodeToolTip(m_topology->nodeIndex(node));
    const int edge = edgeAt(scenePos);
    return edge >= 0 ? edgeToolTip(edge) : QString();
}

void TopologyScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (event->button() != Qt::LeftButton) {
        QGraphicsScene::mousePressEvent(event);
        return;
    }
    m_pressedItem = nullptr;
    const core::NodeId node = nodeAt(event->scenePos());
    if (node.isValid()) {
        selectNode(node);
        m_pressedItem = m_items.value(node);
        m_pressedItemPos = m_pressedItem->pos();
        QGraphicsScene::mousePressEvent(event); // the movable item grabs the mouse for dragging
        return;
    }
    const int edge = edgeAt(event->scenePos());
    if (edge >= 0) {
        const core::TopologyEdge &e = m_topology->edges()[size_t(edge)];
        selectEdge(m_topology->nodes()[size_t(e.source)].id,
                   m_topology->nodes()[size_t(e.target)].id);
        event->accept();
        return;
    }
    clearGraphSelection();
    QGraphicsScene::mousePressEvent(event);
    event->ignore(); // background: let the view start a hand-drag pan
}

void TopologyScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    QGraphicsScene::mouseReleaseEvent(event);
    NodeItem *item = m_pressedItem;
    m_pressedItem = nullptr;
    if (item == nullptr || item->pos() == m_pressedItemPos)
        return;
    const bool wasPinned = item->isPinned();
    m_pinned.insert(item->id());
    item->setPinned(true);
    Q_EMIT nodeMoved(item->id(), item->pos());
    if (!wasPinned)
        Q_EMIT pinnedChanged(m_pinned);
}

void TopologyScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    const core::NodeId node = nodeAt(event->scenePos());
    if (node.isValid() && event->button() == Qt::LeftButton) {
        Q_EMIT nodeActivated(node);
        event->accept();
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

void TopologyScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    // A service whose label lost a collision shows its name while hovered.
    if (event->buttons() == Qt::NoButton)
        m_labelLayer->setHovered(m_items.value(nodeAt(event->scenePos()), nullptr));
    QGraphicsScene::mouseMoveEvent(event);
}

void TopologyScene::helpEvent(QGraphicsSceneHelpEvent *event)
{
    const QString text = toolTipAt(event->scenePos());
    if (text.isEmpty()) {
        QToolTip::hideText();
        event->ignore();
        return;
    }
    QToolTip::showText(event->screenPos(), text, event->widget());
    event->accept();
}

} // namespace meshscope::widgets
