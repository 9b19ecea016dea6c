// TopologyScene, extents: what a fit of the graph or of a focus must show (split from
// topologyscene.cpp by role).

#include "core/topology/groupedview.h"
#include "widgets/groupitem.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"

namespace meshscope::widgets {

QRectF TopologyScene::graphBounds() const
{
    QRectF bounds;
    for (const NodeItem *item : std::as_const(m_items))
        bounds |= item->sceneBoundingRect();
    // Collapsed groups are discs wider than their node, open ones outlines with a title: a fit
    // shows them whole too.
    for (const QGraphicsItem *item : items()) {
        if (item->type() == GroupItem::Type && item->isVisible())
            bounds |= item->sceneBoundingRect();
    }
    return bounds;
}

QRectF TopologyScene::nodesBounds(const core::NodeIdSet &nodes) const
{
    QRectF bounds;
    for (const core::NodeId &id : nodes) {
        if (const NodeItem *item = nodeItem(id))
            bounds |= item->sceneBoundingRect();
    }
    for (const QGraphicsItem *item : items()) {
        if (item->type() != GroupItem::Type || !item->isVisible())
            continue;
        const auto *group = static_cast<const GroupItem *>(item);
        if (group->isCollapsed() && group->layer() == GroupItem::Layer::Area &&
            nodes.contains(core::GroupedView::groupNodeId(group->name())))
            bounds |= group->sceneBoundingRect();
    }
    return bounds;
}

} // namespace meshscope::widgets
