#pragma once

// Paints every node of the topology view in one item. The NodeItems stay in the scene for hit
// tests, dragging and selection but paint nothing (ItemHasNoContents): QGraphicsScene's per-item
// cost (~5-10 us each: transforms, painter state, style option) made a fitted 5,000-node frame
// cost 40+ ms before any pixel was drawn. Here, zoomed out, nodes are squares batched by colour;
// at mid zoom each distinct look (kind, colour, marks) is rendered once per zoom into a small
// sprite and blitted; zoomed in, few nodes are visible and each is drawn in full.

#include <QGraphicsItem>
#include <QHash>
#include <QImage>

#include <vector>

namespace meshscope::widgets {

class NodeItem;

class NodeLayerItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 4
    };

    NodeLayerItem();

    void setNodes(std::vector<const NodeItem *> items); // drawing order
    // Positions or looks changed: recompute the bounds and repaint.
    void invalidate();

    int type() const override { return Type; }
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    void paintSquares(QPainter *painter, const QRectF &reach) const;
    void paintSprites(QPainter *painter, const QRectF &reach, double lod);
    const QImage &sprite(const NodeItem *item, double lod);

    std::vector<const NodeItem *> m_items;
    QRectF m_bounds;
    QHash<quint64, QImage> m_sprites; // look -> sprite at m_spriteLod
    double m_spriteLod = -1.0;
    qreal m_spriteDpr = 1.0;
};

} // namespace meshscope::widgets
