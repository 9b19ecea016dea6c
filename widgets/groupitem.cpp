#include "widgets/groupitem.h"

#include "widgets/viewtypes.h"

#include <QGraphicsView>

#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPath>

#include <algorithm>

namespace meshscope::widgets {

namespace {

constexpr double kCorner = 24.0; // scene units
// Opaque fills keep the raster engine on its fast path.
const QColor kFill(238, 241, 246);
const QColor kCollapsedFill(226, 232, 242);

} // namespace

GroupItem::GroupItem(const QString &name, int memberCount, Layer layer)
    : m_name(name), m_members(memberCount), m_layer(layer)
{
    // Areas below the edge layer (0) and nodes (1); titles above both.
    setZValue(layer == Layer::Area ? -1.0 : 1.5);
    setAcceptedMouseButtons(Qt::NoButton);
    // A title keeps its size on screen at every zoom (and in exports, at the export's scale).
    if (layer == Layer::Title)
        setFlag(ItemIgnoresTransformations);
}

void GroupItem::setArea(const QRectF &area, bool collapsed, double titleSize)
{
    if (area == m_area && collapsed == m_collapsed && titleSize == m_titleSize)
        return;
    prepareGeometryChange();
    m_area = area;
    m_collapsed = collapsed;
    m_titleSize = titleSize;
    if (m_layer == Layer::Title) // anchored above the area: centred on a disc, else at its left
        setPos(collapsed ? QPointF(area.center().x(), area.top()) : area.topLeft());
}

void GroupItem::setMemberCount(int members)
{
    if (members == m_members)
        return;
    prepareGeometryChange();
    m_members = members;
}

void GroupItem::setAccent(const QColor &accent)
{
    if (accent == m_accent)
        return;
    m_accent = accent;
    update();
}

QString GroupItem::title() const
{
    return titleText(m_name, m_members);
}

QString GroupItem::titleText(const QString &name, int members)
{
    return QStringLiteral("%1 · %2").arg(name).arg(members);
}

QFont GroupItem::titleFont(double titleSize)
{
    QFont font;
    font.setBold(true);
    font.setPixelSize(std::max(1, int(titleSize)));
    return font;
}

QRectF GroupItem::titleRect() const
{
    return titleRect(title(), m_collapsed, m_titleSize);
}

QRectF GroupItem::titleRect(const QString &text, bool collapsed, double titleSize)
{
    // In the title's own (untransformed, pixel) coordinates, just above its anchor.
    const QFontMetricsF metrics(titleFont(titleSize));
    const QSizeF size(metrics.horizontalAdvance(text) + 0.5 * titleSize, metrics.height());
    return QRectF(QPointF(collapsed ? -0.5 * size.width() : 0.0, -size.height()), size);
}

QRectF GroupItem::boundingRect() const
{
    const double pad = 0.25 * m_titleSize + 2.0;
    if (m_layer == Layer::Title)
        return titleRect().adjusted(-pad, -pad, pad, pad);
    return m_area.adjusted(-4, -4, 8, 8);
}

void GroupItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *widget)
{
    if (m_layer == Layer::Title) {
        // Zoomed out the label layer names the groups, placed so that no two overlap; a fixed
        // size title per group would pile up there (83 namespaces on generated:5000).
        const auto *view =
            widget ? qobject_cast<const QGraphicsView *>(widget->parentWidget()) : nullptr;
        if (view && view->transform().m11() < kLodGroupLabels)
            return;
        paintTitle(painter, title(), m_collapsed, m_accent, m_titleSize);
        return;
    }
    paintArea(painter, m_area, m_collapsed, m_accent);
}

void GroupItem::paintTitle(QPainter *painter, const QString &text, bool collapsed,
                           const QColor &accent, double titleSize)
{
    // A white halo under the letters: readable over any edge colour.
    const QFont font = titleFont(titleSize);
    const QRectF rect = titleRect(text, collapsed, titleSize);
    QPainterPath path;
    path.addText(rect.left() + 0.25 * titleSize, rect.top() + QFontMetricsF(font).ascent(), font,
                 text);
    QPen halo(Qt::white, 0.25 * titleSize, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    painter->strokePath(path, halo);
    painter->fillPath(path, accent.darker(150));
}

void GroupItem::paintArea(QPainter *painter, const QRectF &area, bool collapsed,
                          const QColor &accent)
{
    QPen pen(accent, 2.0);
    pen.setCosmetic(true);
    painter->setPen(pen);
    if (collapsed) {
        // A stack of discs: it stands for several services.
        painter->setBrush(kCollapsedFill);
        painter->drawEllipse(area.translated(4, 4));
        painter->drawEllipse(area);
        return;
    }
    painter->setBrush(kFill);
    painter->drawRoundedRect(area, kCorner, kCorner);
}

} // namespace meshscope::widgets
