#pragma once

// One service on the topology view. Nodes are individual items for hit tests, dragging and
// selection (5,000 items in the scene's BSP index are cheap per LAYOUT-QUALITY.md), but they
// paint nothing themselves: NodeLayerItem paints all nodes in one pass and LabelLayerItem their
// labels (the scene's per-item painting overhead dominated a zoomed-out frame). Edges are not
// items at all, see EdgeLayerItem. The scene owns the health data and builds tooltips on demand.

#include "core/telemetry/telemetrytypes.h"

#include <QColor>
#include <QFont>
#include <QGraphicsItem>

namespace meshscope::widgets {

class NodeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 1
    };

    explicit NodeItem(const core::NodeId &id);

    const core::NodeId &id() const { return m_id; }
    core::NodeKind kind() const { return m_kind; }
    const QString &label() const { return m_label; }
    // The label's size at scale 1, scene units; LabelLayerItem places and draws it.
    QSizeF labelSize() const { return m_labelRect.size(); }
    QColor fillColor() const { return m_fill; }
    bool isIdle() const { return m_idle; }
    bool isDimmed() const { return m_dimmed; }
    bool isPinned() const { return m_pinned; }
    bool isMarkedSelected() const { return m_selected; }

    // Each setter repaints only when the value changes, so a refresh that restyles 5,000 nodes
    // with mostly unchanged colours stays cheap.
    void setKind(core::NodeKind kind);
    void setLabel(const QString &label);
    void setFillColor(const QColor &color);
    void setIdle(bool idle);
    void setDimmed(bool dimmed);
    void setPinned(bool pinned);
    void setMarkedSelected(bool selected);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The kind's shape, shared with the legend so that both always agree.
    static void paintShape(QPainter *painter, core::NodeKind kind, const QPointF &centre,
                           double radius, const QColor &fill, const QColor &outline,
                           double outlineWidth);
    // The node as the view draws it in detail (no label), centred on the painter's origin; the
    // exports paint the same way.
    static void paintDetailed(QPainter *painter, core::NodeKind kind, const QColor &fill, bool idle,
                              bool dimmed, bool pinned, bool selected);
    // The fill after fading for idle or dimmed nodes.
    static QColor shownFill(const QColor &fill, bool idle, bool dimmed);
    static QFont labelFont();
    // The colour a faded (idle or dimmed) element is drawn in: mixed towards white, opaque
    // (opaque fills and pens keep the raster engine on its fast paths).
    static QColor faded(const QColor &color, double amount);

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void updateLabelGeometry();
    void restyled();

    core::NodeId m_id;
    core::NodeKind m_kind = core::NodeKind::Service;
    QString m_label;
    QColor m_fill;
    QRectF m_labelRect; // in item coordinates, centred below the node
    bool m_idle = false;
    bool m_dimmed = false;
    bool m_pinned = false;
    bool m_selected = false;
};

} // namespace meshscope::widgets
