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
    return QStringLiteral("%1 · %2").arg(m_name).arg(m_members);
}

QFont GroupItem::titleFont() const
{
    QFont font;
    font.setBold(true);
    font.setPixelSize(std::max(1, int(m_titleSize)));
    return font;
}

QRectF GroupItem::titleRect() const
{
    // In the title's own (untransformed, pixel) coordinates, just above its anchor.
    const QFontMetricsF metrics(titleFont());
    const QSizeF size(metrics.horizontalAdvance(title()) + 0.5 * m_titleSize, metrics.height());
    return QRectF(QPointF(m_collapsed ? -0.5 * size.width() : 0.0, -size.height()), size);
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
        // A white halo under the letters: readable over any edge colour.
        const QRectF rect = titleRect();
        QPainterPath path;
        path.addText(rect.left() + 0.25 * m_titleSize,
                     rect.top() + QFontMetricsF(titleFont()).ascent(), titleFont(), title());
        QPen halo(Qt::white, 0.25 * m_titleSize, Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
        painter->strokePath(path, halo);
        painter->fillPath(path, m_accent.darker(150));
        return;
    }
    QPen pen(m_accent, 2.0);
    pen.setCosmetic(true);
    painter->setPen(pen);
    if (m_collapsed) {
        // A stack of discs: it stands for several services.
        painter->setBrush(kCollapsedFill);
        painter->drawEllipse(m_area.translated(4, 4));
        painter->drawEllipse(m_area);
        return;
    }
    painter->setBrush(kFill);
    painter->drawRoundedRect(m_area, kCorner, kCorner);
}

} // namespace meshscope::widgets
