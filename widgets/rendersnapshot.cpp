#include "widgets/rendersnapshot.h"

#include "core/alerts/alertsnapshot.h"
#include "widgets/alertbadgeitem.h"
#include "widgets/edgelayeritem.h"
#include "widgets/groupitem.h"
#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"

#include <algorithm>
#include <numeric>

namespace meshscope::widgets {

QPointF RenderSnapshot::Group::titleAnchor() const
{
    return collapsed ? QPointF(area.center().x(), area.top()) : area.topLeft();
}

QRectF RenderSnapshot::Group::titleRect() const
{
    return GroupItem::titleRect(title, collapsed, titleSize).translated(titleAnchor());
}

namespace {

// The groups the scene shows (GroupPresenter puts one Area and one Title item per group there;
// the Area item carries everything both draw), by name so the export is deterministic.
std::vector<RenderSnapshot::Group> captureGroups(const TopologyScene &scene)
{
    std::vector<std::pair<QString, RenderSnapshot::Group>> named;
    const QList<QGraphicsItem *> all = scene.items(Qt::AscendingOrder);
    for (const QGraphicsItem *item : all) {
        if (item->type() != GroupItem::Type || !item->isVisible())
            continue;
        const auto *group = static_cast<const GroupItem *>(item);
        if (group->layer() != GroupItem::Layer::Area || group->area().isEmpty())
            continue;
        named.emplace_back(group->name(),
                           RenderSnapshot::Group{group->title(), group->area(), group->accent(),
                                                 group->titleSize(), group->isCollapsed()});
    }
    std::sort(named.begin(), named.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    std::vector<RenderSnapshot::Group> out;
    out.reserve(named.size());
    for (auto &[name, group] : named)
        out.push_back(std::move(group));
    return out;
}

} // namespace

RenderSnapshot RenderSnapshot::capture(const TopologyScene &scene,
                                       const core::AlertSnapshot *alerts)
{
    RenderSnapshot out;
    const core::TopologyPtr topology = scene.topology();
    out.bands = scene.bands();
    if (!topology)
        return out;
    out.sourceName = topology->sourceName();
    out.timestampMs = topology->timestampMs();
    out.bounds = scene.graphBounds();
    out.groups = captureGroups(scene);
    for (const Group &g : out.groups) {
        // The outline's pen and a collapsed group's second disc (GroupItem::paintArea).
        out.bounds |= g.area.adjusted(-2, -2, 6, 6);
        out.bounds |= g.titleRect();
    }

    const auto &nodes = topology->nodes();
    out.nodes.reserve(nodes.size());
    for (const core::TopologyNode &n : nodes) {
        const NodeItem *item = scene.nodeItem(n.id);
        Node node;
        if (item) {
            node.pos = item->pos();
            node.fill = item->fillColor();
            node.label = item->label();
            node.labelSize = item->labelSize();
            node.kind = item->kind();
            node.idle = item->isIdle();
            node.dimmed = item->isDimmed();
            node.pinned = item->isPinned();
            node.selected = item->isMarkedSelected();
            // Badges go on the nodes the view shows (a collapsed group's members are hidden).
            if (alerts && item->isVisible()) {
                node.alertsFiring = alerts->firingCountOf(n.id);
                node.alertsMuted = alerts->mutedCountOf(n.id);
                if (node.alertsFiring + node.alertsMuted > 0)
                    out.bounds |=
                        AlertBadgeItem::badgeRect(node.pos, node.alertsFiring, node.alertsMuted);
            }
        }
        out.nodes.push_back(node);
    }
    out.labelOrder = scene.labelOrder();

    // The edge layer's edges are indexed like the topology's; their endpoints are items, mapped
    // back to node indices through the topology.
    EdgeLayerItem *layer = scene.edgeLayer();
    const auto &layerEdges = layer->edges();
    const auto &edges = topology->edges();
    if (layerEdges.size() != edges.size())
        return out;
    std::vector<int> order(edges.size());
    std::iota(order.begin(), order.end(), 0);
    // Same stacking as the view: dimmed underneath, then healthy, degraded, failing on top.
    std::stable_sort(order.begin(), order.end(), [&layerEdges](int a, int b) {
        const EdgeLayerItem::Edge &x = layerEdges[size_t(a)];
        const EdgeLayerItem::Edge &y = layerEdges[size_t(b)];
        if (x.dimmed != y.dimmed)
            return x.dimmed;
        if (x.severity != y.severity)
            return x.severity < y.severity;
        return x.width < y.width;
    });
    // Exports are painted at scale 1 in scene units: the edges the view draws at zoom 1.
    const std::vector<bool> shown = layer->shownAt(1.0);
    out.evidence = std::any_of(edges.begin(), edges.end(), [](const core::TopologyEdge &e) {
        return (e.metrics.evidence & core::EdgeSample::FromTraces) != 0;
    });
    out.edges.reserve(edges.size());
    for (int i : order) {
        if (!shown[size_t(i)]) {
            ++out.omittedEdges;
            continue;
        }
        const EdgeLayerItem::Edge &e = layerEdges[size_t(i)];
        Edge edge;
        edge.source = edges[size_t(i)].source;
        edge.target = edges[size_t(i)].target;
        edge.color = e.dimmed ? NodeItem::faded(e.color, 0.8) : e.color;
        edge.width = e.width;
        edge.dimmed = e.dimmed;
        edge.style = e.style;
        if (layer->labelMode() != EdgeLabelMode::None)
            edge.label = EdgeLayerItem::labelText(e, layer->labelMode());
        if (i == layer->selectedEdge())
            out.selectedEdge = int(out.edges.size());
        out.edges.push_back(std::move(edge));
    }
    return out;
}

} // namespace meshscope::widgets
