#pragma once

// The scene behind the topology view and the exports: one NodeItem per service, one
// EdgeLayerItem for all edges. A refresh (setSnapshot) updates by difference: items of
// surviving nodes are kept and restyled, vanished ones removed, new ones added; selection, pins,
// focus set and the label mode survive. Selection is the scene's own state (a node or an edge),
// not QGraphicsItem selection, because edges are not items.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"
#include "core/layout/layouttypes.h"
#include "core/topology/topology.h"
#include "widgets/evidencestyle.h"
#include "widgets/viewtypes.h"

#include <QGraphicsScene>
#include <QHash>

#include <optional>
#include <utility>

namespace meshscope::widgets {

class EdgeLayerItem;
class LabelLayerItem;
class NodeItem;
class NodeLayerItem;

class TopologyScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit TopologyScene(QObject *parent = nullptr);
    ~TopologyScene() override;

    // `scores` must be indexed like `topology` (HealthScores::nodes/edges); missing entries draw
    // as "no data". Nodes without a position keep their current one, or start next to their
    // placed neighbours. Pinned nodes keep the position the user gave them.
    void setSnapshot(core::TopologyPtr topology, std::shared_ptr<const core::HealthScores> scores,
                     const core::Positions &positions);
    core::TopologyPtr topology() const { return m_topology; }
    // The bands nodes, edges, tooltips and the legend are drawn with (setHealthSettings).
    const core::HealthSettings::Bands &bands() const { return m_bands; }
    const core::HealthScores &scores() const { return *m_scores; }

    core::Positions positions() const;
    int nodeItemCount() const { return int(m_items.size()); }
    NodeItem *nodeItem(const core::NodeId &id) const { return m_items.value(id, nullptr); }
    EdgeLayerItem *edgeLayer() const { return m_edgeLayer; }
    // Service, namespace and edge labels, placed so that none overlaps another.
    LabelLayerItem *labelLayer() const { return m_labelLayer; }
    NodeLayerItem *nodeLayer() const { return m_nodeLayer; }
    // Node indices of topology() in label priority order: selected, in focus, failing, degraded,
    // then by traffic and by number of calls.
    const std::vector<int> &labelOrder() const { return m_labelOrder; }

    core::NodeIdSet pinned() const { return m_pinned; }
    void setPinned(const core::NodeIdSet &pinned);
    void unpinAll();

    void setEdgeLabelMode(EdgeLabelMode mode);
    EdgeLabelMode edgeLabelMode() const;
    // Calls the filter leaves out are neither drawn nor hit; their nodes stay.
    void setEvidenceFilter(EvidenceFilter filter);
    EvidenceFilter evidenceFilter() const { return m_evidenceFilter; }
    // Some call of the current graph is known from traces (the legend then explains the pens).
    bool hasTraceEvidence() const { return m_traceEvidence; }

    // Everything outside `focus` is drawn faded; an edge stays bright only when both its ends are
    // in the set. An empty set dims nothing.
    void setFocusSet(const core::NodeIdSet &focus); // empty = no focus
    // std::nullopt: no focus. An empty set dims everything (a filter that matched nothing).
    void setFocus(const std::optional<core::NodeIdSet> &focus);
    bool isFocusing() const { return m_focusing; }
    const core::NodeIdSet &focusSet() const { return m_focus; }

    // From outside (Find, details panels): selects and emits nodeSelected; unknown ids clear.
    void selectNode(const core::NodeId &id);
    void selectEdge(const core::NodeId &source, const core::NodeId &target);
    void clearGraphSelection();
    core::NodeId selectedNode() const { return m_selectedNode; }
    std::pair<core::NodeId, core::NodeId> selectedEdge() const { return m_selectedEdge; }

    // All nodes including their labels, in scene units; empty when there are no nodes.
    QRectF graphBounds() const;
    // The same for the given nodes (a focus); a collapsed group's disc counts with its node.
    QRectF nodesBounds(const core::NodeIdSet &nodes) const;

    // Hit tests in scene coordinates (what hover and click use).
    core::NodeId nodeAt(const QPointF &scenePos) const;
    int edgeAt(const QPointF &scenePos) const; // index into topology()->edges(); -1 if none
    // The hover text for whatever is under scenePos (node first, then edge); empty if nothing.
    QString toolTipAt(const QPointF &scenePos) const;
    QString nodeToolTip(int nodeIndex) const;
    QString edgeToolTip(int edgeIndex) const;

    // The user is zooming: draw fast (no antialiased edges, labels rescaled rather than placed
    // again when zooming in) until set back to false, which repaints in full quality.
    void setInteracting(bool interacting);

    // Called by NodeItem when it moved (user drag or setPos outside a refresh).
    void nodeItemMoved(NodeItem *item);
    // Called by NodeItem when its look changed (colour, fading, marks).
    void nodeItemRestyled(NodeItem *item);

public Q_SLOTS:
    // The active health settings (e.g. HealthSettingsWatcher::settingsChanged): a change of
    // bands recolours the graph at once, before the next refresh, and emits bandsChanged.
    void setHealthSettings(const meshscope::core::HealthSettings &settings);

Q_SIGNALS:
    void bandsChanged();
    void nodeSelected(const meshscope::core::NodeId &id);
    void edgeSelected(const meshscope::core::NodeId &source, const meshscope::core::NodeId &target);
    void selectionCleared();
    void nodeActivated(const meshscope::core::NodeId &id);
    // After a user drag; the node is pinned at `pos` from then on.
    void nodeMoved(const meshscope::core::NodeId &id, const QPointF &pos);
    void pinnedChanged(const meshscope::core::NodeIdSet &pinned);
    void snapshotApplied();

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void helpEvent(QGraphicsSceneHelpEvent *event) override;

private:
    void applyDimming();
    void applySelectionMarks();
    void rebuildEdges();
    void restyleNodes();
    void updateLabelOrder(); // topologyscenelabels.cpp
    QPointF initialPosition(int nodeIndex, const core::Positions &positions) const;

    core::TopologyPtr m_topology;
    // Shared with the session's snapshot: a refresh hands scores over without copying them.
    bool m_focusing = false;
    core::HealthSettings::Bands m_bands;
    std::shared_ptr<const core::HealthScores> m_scores =
        std::make_shared<const core::HealthScores>();
    QHash<core::NodeId, NodeItem *> m_items;
    std::vector<NodeItem *> m_itemByIndex; // node index of m_topology -> item
    EdgeLayerItem *m_edgeLayer = nullptr;
    LabelLayerItem *m_labelLayer = nullptr;
    NodeLayerItem *m_nodeLayer = nullptr;
    std::vector<int> m_labelOrder;
    core::NodeIdSet m_pinned;
    core::NodeIdSet m_focus;
    core::NodeId m_selectedNode;
    std::pair<core::NodeId, core::NodeId> m_selectedEdge;
    bool m_applyingSnapshot = false; // item moves during a refresh are not user drags
    EvidenceFilter m_evidenceFilter = EvidenceFilter::All;
    bool m_traceEvidence = false;
    NodeItem *m_pressedItem = nullptr;
    QPointF m_pressedItemPos;
};

} // namespace meshscope::widgets
