#pragma once

// The interactive view of a TopologyScene: wheel and Ctrl+plus/minus zoom around the cursor,
// drag on the background (or the scrollbars) pans, Ctrl+0 fits the whole graph. The legend is an
// overlay in viewport coordinates, so it stays put while panning and zooming.

#include "core/layout/layouttypes.h"
#include "core/telemetry/telemetrytypes.h"

#include <QGraphicsView>

#include <optional>

class QTimer;

namespace meshscope::widgets {

class TopologyScene;

class TopologyView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit TopologyView(TopologyScene *scene, QWidget *parent = nullptr);

    TopologyScene *topologyScene() const { return m_scene; }

    static constexpr double kMinZoom = 0.02;
    // Fitting a small graph enlarges it this much at most (labels stay crisp, nodes not huge).
    static constexpr double kMaxFitZoom = 1.6;
    static constexpr double kMaxZoom = 8.0;
    static constexpr double kZoomStep = 1.25;

    double zoom() const; // scene-to-viewport scale factor, 1 = one scene unit per pixel
    void setZoom(double zoom);
    void zoomIn();
    void zoomOut();
    void resetZoom();
    // Scales and centres so the whole graph (with labels) fits, never zooming in beyond 1:1.
    void fitGraph();
    // Fits `nodes` (a focus) the way fitGraph() fits the graph, remembering the view to go back
    // to. Refreshes keep them fitted until the user zooms; the same set again changes nothing,
    // so a refresh does not undo the user's zoom.
    void fitNodes(const core::NodeIdSet &nodes);
    // Back to the view from before fitNodes() (fitted again if it was fitted); else nothing.
    void restoreView();
    bool isFittedToNodes() const { return m_fitNodes.has_value(); }
    void centerOnNode(const core::NodeId &id);
    // Centres on `id` (Find + Enter), zoomed in to 1:1 when the view shows the graph smaller (a
    // service of a large mesh is a dot at the fitted zoom), and keeps it centred while later
    // snapshots move it (an opened group settling), until the user pans, zooms, fits or
    // selects something else.
    void showNode(const core::NodeId &id);
    bool isFollowingNode() const { return m_follow.isValid(); }

    void setLegendVisible(bool visible);
    bool legendVisible() const { return m_legendVisible; }
    // The legend's rectangle in viewport coordinates (bottom-left corner), empty when hidden.
    QRect legendRect() const;

Q_SIGNALS:
    void zoomChanged(double zoom);
    // Right-click on a node or an edge, when connected (else the view's actions menu shows).
    void nodeContextMenuRequested(const meshscope::core::NodeId &node, const QPoint &globalPos);
    void edgeContextMenuRequested(const meshscope::core::NodeId &source,
                                  const meshscope::core::NodeId &target, const QPoint &globalPos);

protected:
    void resizeEvent(QResizeEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void drawForeground(QPainter *painter, const QRectF &rect) override;

private:
    void scaleBy(double factor);
    void onSnapshotApplied();
    void fitRect(const QRectF &bounds);
    void refit(); // what the last fit showed: the graph or the fitted nodes
    bool isAsFitted() const;
    void stopFollowing() { m_follow = {}; }

    TopologyScene *m_scene = nullptr;
    QTimer *m_settle = nullptr; // full quality this long after the last zoom step
    bool m_legendVisible = true;
    bool m_fittedOnce = false;
    bool m_autoFit = false; // true from a fit until the user zooms
    QPointF m_fitCentre;    // scene point at the viewport's centre after the last fit
    core::NodeId m_follow;  // kept centred by onSnapshotApplied() (showNode())
    std::optional<core::NodeIdSet> m_fitNodes;     // set by fitNodes(), cleared by a graph fit
    std::optional<core::NodeIdSet> m_focusRequest; // the last fitNodes() set, until restoreView()
    struct SavedView
    {
        QTransform transform;
        QPointF centre;
        bool autoFit = false;
    };
    std::optional<SavedView> m_savedView; // the view before fitNodes()
};

} // namespace meshscope::widgets
