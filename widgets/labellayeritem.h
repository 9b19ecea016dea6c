#pragma once

// Every label of the topology view in one item above the nodes: service names, or namespace
// names when zoomed far out, and edge figures when zoomed in. Labels are placed greedily by
// priority (LabelPlacer) over the whole graph, not only the exposed part, so panning never
// changes which labels are shown; a label that would overlap one already placed is left out
// (the hovered node's label is always drawn). The placement is redone only when the zoom, the
// nodes or their order change.

#include "widgets/viewtypes.h"

#include <QGraphicsItem>
#include <QHash>
#include <QImage>
#include <QString>

#include <cstdint>
#include <memory>

#include <vector>

namespace meshscope::widgets {

class EdgeLayerItem;
class LabelPlacer;
class NodeItem;

class LabelLayerItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 3
    };

    struct Entry
    {
        const NodeItem *item = nullptr;
        int severity = 0; // of the node: decides its namespace label's priority too
    };

    explicit LabelLayerItem(const EdgeLayerItem *edges);
    ~LabelLayerItem() override;

    // The nodes in label priority order (a refresh, a focus or selection change).
    void setNodes(std::vector<Entry> entries);
    void setHovered(const NodeItem *item); // nullptr = none
    const NodeItem *hovered() const { return m_hovered; }
    // The nodes moved or the edge label mode changed: place again at the next paint.
    void invalidate();
    // While the user zooms in, the last placement is kept and drawn at the new scale (labels
    // shrink towards their anchors, so no two start to overlap); zooming out, or settling,
    // places again.
    void setInteracting(bool on);

    enum class Kind : std::uint8_t
    {
        Service,
        Namespace,
        Edge
    };
    struct Placed
    {
        QRectF rect; // scene units
        QString text;
        Kind kind = Kind::Service;
        const NodeItem *node = nullptr; // service labels
        bool dimmed = false;
    };
    // What the last paint placed (whole graph), for tests and tooltips.
    const std::vector<Placed> &placed() const { return m_placed; }
    double placedAtLod() const { return m_placedLod; }
    // Places the labels for `lod` now (paint does this itself).
    void place(double lod);

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void placeNamespaces(LabelPlacer &placer, double lod);
    void paintEdgeLabels(QPainter *painter, const QRectF &exposed, double lod);
    // Zoomed out, a label has the same pixels at every zoom: each is rendered once (halo and
    // text) and blitted, instead of shaping and drawing its text on every frame.
    void paintSprites(QPainter *painter, const std::vector<const Placed *> &shown);
    const QImage &sprite(const Placed &placed);
    void recomputeBounds();

    const EdgeLayerItem *m_edges = nullptr;
    std::vector<Entry> m_entries;
    double m_widestNamespace = 0.0; // px, for the bounds (recomputeBounds)
    const NodeItem *m_hovered = nullptr;
    bool m_interacting = false;
    std::vector<Placed> m_placed;
    double m_placedLod = -1.0;             // -1: placement invalid
    std::unique_ptr<LabelPlacer> m_placer; // what m_placed holds, for edge labels to avoid
    QRectF m_bounds;
    QHash<QString, QImage> m_sprites; // kind, dimmed and text -> label at scale 1
    qreal m_spriteDpr = 1.0;
};

} // namespace meshscope::widgets
