#pragma once

// All edges of the topology view in one item. One QGraphicsItem per edge costs ~1 s to move
// 5,000 nodes and ~600 ms per fitted frame (LAYOUT-QUALITY.md, "Drawing at scale"); one layer
// that strokes the edges with drawLines, batched by pen, costs ~16 ms and ~240 ms. Hit-testing
// (hover, click) goes through the layer's own uniform grid instead of the scene index.

#include "widgets/edgegeometry.h"
#include "widgets/lineraster.h"
#include "widgets/viewtypes.h"

#include <QColor>
#include <QGraphicsItem>
#include <QLineF>
#include <QPolygonF>

#include <vector>

namespace meshscope::widgets {

class NodeItem;

class EdgeLayerItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };

    struct Edge
    {
        const NodeItem *source = nullptr; // endpoints are read at paint time so edges follow drags
        const NodeItem *target = nullptr;
        QColor color;
        double width = kEdgeMinWidth; // scene units
        bool dimmed = false;
        int severity =
            0; // 0 healthy or no data, 1 degraded, 2 failing: drawn in this order, on top
        double requestRate = 0.0;
        double errorRatio = 0.0; // NaN when unknown
        double p95Ms = 0.0;      // NaN when unknown
        // Where the call is known from, drawn as its own pen bucket: solid (the mesh, or both
        // the mesh and traces), dashed (traces only), dotted (the mesh only, while traces are
        // in play). `hidden`: left out by the evidence filter (not drawn, not hit).
        Qt::PenStyle style = Qt::SolidLine;
        bool hidden = false;
    };

    EdgeLayerItem();

    // Replaces all edges (a refresh). Indices into `edges` are the indices edgeAt() returns.
    void setEdges(std::vector<Edge> edges);
    const std::vector<Edge> &edges() const { return m_edges; }
    void setEdgeDimmed(int index, bool dimmed);
    void restyled(); // after setEdgeDimmed(): re-sort the pen batches once

    void setLabelMode(EdgeLabelMode mode);
    EdgeLabelMode labelMode() const { return m_labelMode; }
    void setSelectedEdge(int index); // -1 = none
    int selectedEdge() const { return m_selected; }
    // While the user zooms, frames are drawn without antialiasing (TopologyView settles to
    // full quality shortly after the last step).
    void setInteracting(bool on);

    // The nodes moved: grow the bounds, drop the hit-test grid, repaint.
    void nodesMoved();

    // Whether each edge is drawn at zoom `lod`: zoomed out, quiet healthy edges beyond an ink
    // budget are left out (backgroundCutoff); problems and the selected edge always show.
    std::vector<bool> shownAt(double lod);

    // The edge whose drawn segment passes within `tolerance` scene units of `scenePos`; -1 if
    // none. The nearest one wins.
    int edgeAt(const QPointF &scenePos, double tolerance) const;

    // The drawn segment of edge `index` (rim to rim); false when its nodes overlap.
    bool drawnSegment(int index, QLineF *line) const
    {
        return geometry().segment(size_t(index), line);
    }
    // Rim-to-rim segment between two node centres; false when the nodes overlap.
    static bool rimSegment(const QPointF &a, const QPointF &b, QLineF *line);
    static QPolygonF arrowHead(const QLineF &line, double width);
    static double arrowLength(double width);

    static double widthForRate(double requestsPerSecond);
    static QString labelText(const Edge &edge, EdgeLabelMode mode);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    // The segments for the current node positions (rebuilt after nodesMoved()).
    const EdgeGeometry &geometry() const;
    void recomputeBounds();
    void rebuildBatches();
    int backgroundCutoff(double lod);

    struct Batch
    {
        QColor color;
        double width = 1.0;
        int severity = 0;
        Qt::PenStyle style = Qt::SolidLine;
        int begin = 0; // range in m_order
        int end = 0;
    };

    std::vector<Edge> m_edges;
    std::vector<int> m_order; // edge indices sorted by pen (dimmed first, so they sit underneath)
    std::vector<Batch> m_batches;
    QRectF m_bounds;
    EdgeLabelMode m_labelMode = EdgeLabelMode::None;
    int m_selected = -1;
    bool m_interacting = false;

    mutable EdgeGeometry m_geometry;
    mutable bool m_geometryValid = false;
    std::vector<double> m_widths; // per edge, for hit tests

    std::vector<QLineF> m_scratchLines; // reused between paints to avoid reallocating
    LineRaster m_raster;                // the aliased lines of frames drawn while zooming

    // Level of detail: "background" edges (healthy or dimmed) by request rate, busiest first;
    // zoomed out only the busiest of them are drawn, up to an ink budget (backgroundCutoff).
    std::vector<int> m_backgroundRank; // per edge: rank among background edges, -1 = a problem
    std::vector<int> m_backgroundByRate;
    double m_cutoffLod = -1.0; // -1: recompute
    int m_cutoff = 0;
};

} // namespace meshscope::widgets
