#include "widgets/nodelayeritem.h"

#include "widgets/nodeitem.h"
#include "widgets/viewtypes.h"

#include <QPainter>
#include <QStyleOptionGraphicsItem>

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

// Node, selection ring and pin, scene units around the centre.
constexpr double kReach = kNodeRadius + 8.0;
// Above this zoom a node is large on screen and few are visible: draw them directly.
constexpr double kLodSprites = 1.5;
const QColor kSelectionColor(0x11, 0x11, 0x11);

quint64 lookKey(const NodeItem *item)
{
    const QColor fill = item->fillColor();
    return quint64(fill.isValid() ? fill.rgb() & 0xffffff : 0x1000000u) |
           (quint64(item->kind()) << 25) | (quint64(item->isIdle()) << 29) |
           (quint64(item->isDimmed()) << 30) | (quint64(item->isPinned()) << 31) |
           (quint64(item->isMarkedSelected()) << 32);
}

} // namespace

NodeLayerItem::NodeLayerItem()
{
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
    setFlag(ItemUsesExtendedStyleOption, true); // for option->exposedRect
    setZValue(1.0);
}

void NodeLayerItem::setNodes(std::vector<const NodeItem *> items)
{
    m_items = std::move(items);
    invalidate();
}

void NodeLayerItem::invalidate()
{
    double x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool first = true;
    for (const NodeItem *item : m_items) {
        const QPointF p = item->pos();
        if (first) {
            x0 = x1 = p.x();
            y0 = y1 = p.y();
            first = false;
        } else {
            x0 = std::min(x0, p.x());
            x1 = std::max(x1, p.x());
            y0 = std::min(y0, p.y());
            y1 = std::max(y1, p.y());
        }
    }
    const QRectF bounds =
        first ? QRectF()
              : QRectF(QPointF(x0, y0), QPointF(x1, y1)).adjusted(-kReach, -kReach, kReach, kReach);
    if (bounds != m_bounds) {
        prepareGeometryChange();
        m_bounds = bounds;
    }
    update();
}

void NodeLayerItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const double lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF exposed = option->exposedRect.isValid() && !option->exposedRect.isEmpty()
                               ? option->exposedRect
                               : m_bounds;
    const QRectF reach = exposed.adjusted(-kReach, -kReach, kReach, kReach);
    if (lod < kLodDetailedNodes) {
        paintSquares(painter, reach);
        return;
    }
    if (lod < kLodSprites && painter->worldTransform().type() <= QTransform::TxScale) {
        paintSprites(painter, reach, lod);
        return;
    }
    const QTransform base = painter->worldTransform();
    for (const NodeItem *item : m_items) {
        if (!item->isVisible() || !reach.contains(item->pos()))
            continue;
        painter->setWorldTransform(QTransform::fromTranslate(item->pos().x(), item->pos().y()) *
                                   base);
        NodeItem::paintDetailed(painter, item->kind(), item->fillColor(), item->isIdle(),
                                item->isDimmed(), item->isPinned(), item->isMarkedSelected());
    }
    painter->setWorldTransform(base);
}

void NodeLayerItem::paintSquares(QPainter *painter, const QRectF &reach) const
{
    // A node is a few pixels: a square is indistinguishable from its shape and the raster
    // engine fills rects fastest, one call per colour.
    QHash<QRgb, std::vector<QRectF>> byColor;
    std::vector<QRectF> selected;
    const QRectF square(-kNodeRadius, -kNodeRadius, 2 * kNodeRadius, 2 * kNodeRadius);
    for (const NodeItem *item : m_items) {
        if (!item->isVisible() || !reach.contains(item->pos()))
            continue;
        const QColor fill =
            NodeItem::shownFill(item->fillColor(), item->isIdle(), item->isDimmed());
        byColor[fill.rgb()].push_back(square.translated(item->pos()));
        if (item->isMarkedSelected())
            selected.push_back(square.translated(item->pos()).adjusted(-6, -6, 6, 6));
    }
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(Qt::NoPen);
    if (!selected.empty()) {
        painter->setBrush(kSelectionColor);
        painter->drawRects(selected.data(), int(selected.size()));
    }
    for (auto it = byColor.cbegin(); it != byColor.cend(); ++it) {
        painter->setBrush(QColor::fromRgb(it.key()));
        painter->drawRects(it.value().data(), int(it.value().size()));
    }
}

const QImage &NodeLayerItem::sprite(const NodeItem *item, double lod)
{
    const quint64 key = lookKey(item);
    auto it = m_sprites.find(key);
    if (it != m_sprites.end())
        return *it;
    const int side = int(std::ceil(2.0 * kReach * lod * m_spriteDpr)) + 2;
    QImage image(side, side, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::transparent);
    {
        QPainter p(&image);
        p.translate(side / 2.0, side / 2.0);
        p.scale(lod * m_spriteDpr, lod * m_spriteDpr);
        NodeItem::paintDetailed(&p, item->kind(), item->fillColor(), item->isIdle(),
                                item->isDimmed(), item->isPinned(), item->isMarkedSelected());
    }
    image.setDevicePixelRatio(m_spriteDpr);
    return *m_sprites.insert(key, image);
}

void NodeLayerItem::paintSprites(QPainter *painter, const QRectF &reach, double lod)
{
    const qreal dpr = painter->device() ? painter->device()->devicePixelRatioF() : 1.0;
    if (lod != m_spriteLod || dpr != m_spriteDpr) {
        m_sprites.clear();
        m_spriteLod = lod;
        m_spriteDpr = dpr;
    }
    // Sprites are blitted in device coordinates (no per-node transform or path filling).
    const QTransform world = painter->worldTransform();
    painter->setWorldTransform(QTransform());
    for (const NodeItem *item : m_items) {
        if (!item->isVisible() || !reach.contains(item->pos()))
            continue;
        const QImage &image = sprite(item, lod);
        const QPointF centre = world.map(item->pos());
        const double half = image.width() / (2.0 * m_spriteDpr);
        painter->drawImage(QPointF(std::round(centre.x() - half), std::round(centre.y() - half)),
                           image);
    }
    painter->setWorldTransform(world);
}

} // namespace meshscope::widgets
