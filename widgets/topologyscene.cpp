#include "widgets/topologyscene.h"

#include "widgets/edgelayeritem.h"
#include "widgets/groupitem.h"
#include "widgets/healthpalette.h"
#include "widgets/labellayeritem.h"
#include "widgets/nodeitem.h"
#include "widgets/nodelayeritem.h"

#include <algorithm>

#include <QLoggingCategory>
#include <QPainter>

#include <cmath>

Q_LOGGING_CATEGORY(lcView, "meshscope.widgets.view")

namespace meshscope::widgets {

namespace {

constexpr double kSceneRectMargin = 400.0; // least room to pan past the graph's edge, scene units

} // namespace

TopologyScene::TopologyScene(QObject *parent) : QGraphicsScene(parent)
{
    m_edgeLayer = new EdgeLayerItem;
    m_nodeLayer = new NodeLayerItem;
    m_labelLayer = new LabelLayerItem(m_edgeLayer);
    for (QGraphicsItem *layer :
         std::initializer_list<QGraphicsItem *>{m_edgeLayer, m_nodeLayer, m_labelLayer}) {
        // Cached in device pixels: while the user pans, QGraphicsView scrolls each layer's
        // cached pixmap and paints only the newly exposed strip. A zoom or a change repaints.
        layer->setCacheMode(QGraphicsItem::DeviceCoordinateCache);
        addItem(layer);
    }
}

TopologyScene::~TopologyScene() = default;

void TopologyScene::setSnapshot(core::TopologyPtr topology,
                                std::shared_ptr<const core::HealthScores> scores,
                                const core::Positions &positions)
{
    if (!topology)
        topology = std::make_shared<const core::Topology>();
    m_applyingSnapshot = true;
    m_topology = std::move(topology);
    m_scores = scores ? std::move(scores) : std::make_shared<const core::HealthScores>();
    const auto &nodes = m_topology->nodes();
    const bool scoresMatch = m_scores->nodes.size() == nodes.size();
    if (!scoresMatch && !nodes.empty() && !m_scores->nodes.empty())
        qCWarning(lcView) << "scores for" << m_scores->nodes.size()
                          << "nodes do not match a topology of" << nodes.size()
                          << "nodes; drawing them as no data";

    QHash<core::NodeId, NodeItem *> next;
    next.reserve(qsizetype(nodes.size()));
    m_itemByIndex.assign(nodes.size(), nullptr);
    std::vector<int> fresh;
    for (size_t i = 0; i < nodes.size(); ++i) {
        const core::TopologyNode &node = nodes[i];
        NodeItem *item = m_items.take(node.id);
        const bool isNew = item == nullptr;
        if (isNew) {
            item = new NodeItem(node.id);
            fresh.push_back(int(i));
        }
        const double score = scoresMatch ? m_scores->nodes[i].score : core::kNaN;
        item->setKind(node.kind);
        item->setLabel(node.name);
        item->setFillColor(HealthPalette::colorForScore(score, m_bands));
        item->setIdle(node.idle);
        item->setPinned(m_pinned.contains(node.id));
        if (!isNew && !item->isPinned()) {
            const auto it = positions.constFind(node.id);
            if (it != positions.constEnd() && *it != item->pos())
                item->setPos(*it);
        }
        next.insert(node.id, item);
        m_itemByIndex[i] = item;
    }

    // What is left belongs to vanished nodes.
    bool pinsChanged = false;
    m_labelLayer->setNodes({}); // they must not paint a vanished node
    m_nodeLayer->setNodes({});
    for (NodeItem *gone : std::as_const(m_items)) {
        if (gone == m_pressedItem)
            m_pressedItem = nullptr;
        pinsChanged |= m_pinned.remove(gone->id());
        delete gone; // removes it from the scene
    }
    m_items = std::move(next);

    for (int i : fresh) {
        NodeItem *item = m_itemByIndex[size_t(i)];
        item->setPos(initialPosition(i, positions));
        addItem(item);
    }

    rebuildEdges();
    m_nodeLayer->setNodes({m_itemByIndex.begin(), m_itemByIndex.end()});

    if (m_selectedNode.isValid() && !m_items.contains(m_selectedNode)) {
        m_selectedNode = {};
        Q_EMIT selectionCleared();
    }
    if (m_selectedEdge.first.isValid() &&
        m_topology->edgeIndex(m_selectedEdge.first, m_selectedEdge.second) < 0) {
        m_selectedEdge = {};
        Q_EMIT selectionCleared();
    }
    applySelectionMarks(); // also orders the labels

    const QRectF bounds = graphBounds();
    if (!bounds.isEmpty()) {
        // Room to pan past the edge, and for the view to place a fitted graph beside the legend
        // (QGraphicsView cannot scroll beyond the scene rect): grows with the graph.
        const double margin =
            std::max(kSceneRectMargin, 0.5 * std::max(bounds.width(), bounds.height()));
        setSceneRect(bounds.adjusted(-margin, -margin, margin, margin));
    }
    m_applyingSnapshot = false;
    if (pinsChanged)
        Q_EMIT pinnedChanged(m_pinned);
    Q_EMIT snapshotApplied();
}

QPointF TopologyScene::initialPosition(int nodeIndex, const core::Positions &positions) const
{
    const core::TopologyNode &node = m_topology->nodes()[size_t(nodeIndex)];
    const auto given = positions.constFind(node.id);
    if (given != positions.constEnd())
        return *given;
    // Next to the neighbours that already have a place, so a new service appears where its
    // calls go rather than at the origin; the angle comes from the id so it is deterministic.
    QPointF sum;
    int count = 0;
    const auto addNeighbour = [&](int other) {
        const NodeItem *item = m_itemByIndex[size_t(other)];
        const auto p = positions.constFind(item->id());
        if (p != positions.constEnd()) {
            sum += *p;
            ++count;
        } else if (item->scene() == this) {
            sum += item->pos();
            ++count;
        }
    };
    for (int e : m_topology->outEdges(nodeIndex))
        addNeighbour(m_topology->edges()[size_t(e)].target);
    for (int e : m_topology->inEdges(nodeIndex))
        addNeighbour(m_topology->edges()[size_t(e)].source);
    const double angle = double(qHash(node.id) % 360u) * M_PI / 180.0;
    const QPointF offset(std::cos(angle) * 6.0 * kNodeRadius, std::sin(angle) * 6.0 * kNodeRadius);
    return (count > 0 ? sum / count : QPointF()) + offset;
}

void TopologyScene::rebuildEdges()
{
    const auto &edges = m_topology->edges();
    const bool scoresMatch = m_scores->edges.size() == edges.size();
    std::vector<EdgeLayerItem::Edge> layer;
    layer.reserve(edges.size());
    const bool focusing = m_focusing;
    m_traceEvidence = std::any_of(edges.begin(), edges.end(), [](const core::TopologyEdge &e) {
        return (e.metrics.evidence & core::EdgeSample::FromTraces) != 0;
    });
    for (size_t i = 0; i < edges.size(); ++i) {
        const core::TopologyEdge &e = edges[i];
        EdgeLayerItem::Edge out;
        out.source = m_itemByIndex[size_t(e.source)];
        out.target = m_itemByIndex[size_t(e.target)];
        const double score = scoresMatch ? m_scores->edges[i].score : core::kNaN;
        out.color = HealthPalette::colorForScore(score, m_bands);
        const core::HealthBand band = m_bands.bandOf(score);
        out.severity = band == core::HealthBand::Failing    ? 2
                       : band == core::HealthBand::Degraded ? 1
                                                            : 0;
        out.width = EdgeLayerItem::widthForRate(e.metrics.requestRate);
        out.dimmed =
            focusing && !(m_focus.contains(out.source->id()) && m_focus.contains(out.target->id()));
        out.requestRate = e.metrics.requestRate;
        out.errorRatio = e.metrics.errorRatio();
        out.p95Ms = e.metrics.latency.p95Ms;
        out.style = EvidenceStyle::penStyle(e.metrics.evidence, m_traceEvidence);
        out.hidden = !EvidenceStyle::shown(e.metrics.evidence, m_evidenceFilter);
        layer.push_back(out);
    }
    m_edgeLayer->setEdges(std::move(layer));
    for (NodeItem *item : m_itemByIndex)
        item->setDimmed(focusing && !m_focus.contains(item->id()));
}

void TopologyScene::setHealthSettings(const core::HealthSettings &settings)
{
    if (settings.bands == m_bands)
        return;
    m_bands = settings.bands;
    if (m_topology) {
        restyleNodes();
        rebuildEdges();
        updateLabelOrder();
    }
    Q_EMIT bandsChanged();
}

void TopologyScene::restyleNodes()
{
    const bool scoresMatch = m_scores->nodes.size() == m_itemByIndex.size();
    for (size_t i = 0; i < m_itemByIndex.size(); ++i)
        m_itemByIndex[i]->setFillColor(HealthPalette::colorForScore(
            scoresMatch ? m_scores->nodes[i].score : core::kNaN, m_bands));
}

core::Positions TopologyScene::positions() const
{
    core::Positions out;
    out.reserve(m_items.size());
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it)
        out.insert(it.key(), it.value()->pos());
    return out;
}

void TopologyScene::setPinned(const core::NodeIdSet &pinned)
{
    core::NodeIdSet known;
    for (const core::NodeId &id : pinned) {
        if (m_items.contains(id))
            known.insert(id);
    }
    if (known == m_pinned)
        return;
    m_pinned = known;
    for (NodeItem *item : std::as_const(m_items))
        item->setPinned(m_pinned.contains(item->id()));
    Q_EMIT pinnedChanged(m_pinned);
}

void TopologyScene::unpinAll()
{
    setPinned({});
}

void TopologyScene::setEdgeLabelMode(EdgeLabelMode mode)
{
    m_edgeLayer->setLabelMode(mode);
    m_labelLayer->update();
}

void TopologyScene::setEvidenceFilter(EvidenceFilter filter)
{
    if (filter == m_evidenceFilter)
        return;
    m_evidenceFilter = filter;
    if (m_topology)
        rebuildEdges();
    m_labelLayer->update();
}

EdgeLabelMode TopologyScene::edgeLabelMode() const
{
    return m_edgeLayer->labelMode();
}

void TopologyScene::setFocusSet(const core::NodeIdSet &focus)
{
    setFocus(focus.isEmpty() ? std::nullopt : std::optional<core::NodeIdSet>(focus));
}

void TopologyScene::setFocus(const std::optional<core::NodeIdSet> &focus)
{
    const core::NodeIdSet set = focus.value_or(core::NodeIdSet{});
    if (focus.has_value() == m_focusing && set == m_focus)
        return;
    m_focusing = focus.has_value();
    m_focus = set;
    applyDimming();
}

void TopologyScene::applyDimming()
{
    const bool focusing = m_focusing;
    for (NodeItem *item : std::as_const(m_items))
        item->setDimmed(focusing && !m_focus.contains(item->id()));
    const auto &edges = m_edgeLayer->edges();
    for (size_t i = 0; i < edges.size(); ++i) {
        const bool dim = focusing && !(m_focus.contains(edges[i].source->id()) &&
                                       m_focus.contains(edges[i].target->id()));
        m_edgeLayer->setEdgeDimmed(int(i), dim);
    }
    m_edgeLayer->restyled();
    updateLabelOrder();
}

void TopologyScene::selectNode(const core::NodeId &id)
{
    if (!m_items.contains(id)) {
        clearGraphSelection();
        return;
    }
    if (id == m_selectedNode && !m_selectedEdge.first.isValid())
        return;
    m_selectedNode = id;
    m_selectedEdge = {};
    applySelectionMarks();
    Q_EMIT nodeSelected(id);
}

void TopologyScene::selectEdge(const core::NodeId &source, const core::NodeId &target)
{
    if (!m_topology || m_topology->edgeIndex(source, target) < 0) {
        clearGraphSelection();
        return;
    }
    if (m_selectedEdge == std::make_pair(source, target))
        return;
    m_selectedNode = {};
    m_selectedEdge = {source, target};
    applySelectionMarks();
    Q_EMIT edgeSelected(source, target);
}

void TopologyScene::clearGraphSelection()
{
    if (!m_selectedNode.isValid() && !m_selectedEdge.first.isValid())
        return;
    m_selectedNode = {};
    m_selectedEdge = {};
    applySelectionMarks();
    Q_EMIT selectionCleared();
}

void TopologyScene::applySelectionMarks()
{
    for (NodeItem *item : std::as_const(m_items))
        item->setMarkedSelected(item->id() == m_selectedNode);
    m_edgeLayer->setSelectedEdge(
        m_selectedEdge.first.isValid() && m_topology
            ? m_topology->edgeIndex(m_selectedEdge.first, m_selectedEdge.second)
            : -1);
    updateLabelOrder();
}

void TopologyScene::nodeItemMoved(NodeItem *)
{
    if (m_applyingSnapshot)
        return;
    m_edgeLayer->nodesMoved();
    m_nodeLayer->invalidate();
    m_labelLayer->invalidate();
}

void TopologyScene::setInteracting(bool interacting)
{
    // While zooming every frame is at a new scale, so the layers' device-pixel caches would be
    // redrawn anyway: painting straight into the view saves allocating, clearing and
    // compositing three viewport-sized pixmaps per frame (~15 % of a zoom frame). Panning
    // after the zoom settles scrolls the caches again.
    const auto mode = interacting ? QGraphicsItem::NoCache : QGraphicsItem::DeviceCoordinateCache;
    for (QGraphicsItem *layer :
         std::initializer_list<QGraphicsItem *>{m_edgeLayer, m_nodeLayer, m_labelLayer}) {
        if (layer->cacheMode() != mode)
            layer->setCacheMode(mode);
    }
    m_edgeLayer->setInteracting(interacting);
    m_labelLayer->setInteracting(interacting);
}

void TopologyScene::nodeItemRestyled(NodeItem *)
{
    m_nodeLayer->update();
    m_labelLayer->update(); // a dimmed label is drawn fainter
}

} // namespace meshscope::widgets
