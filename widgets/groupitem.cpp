#include "widgets/groupitem.h"

#include <QFontMetricsF>
#include <QPainter>

#include <algorithm>

namespace meshscope::widgets {

namespace {

constexpr double kCorner = 24.0;     // scene units
constexpr double kHaloMargin = 14.0; // around a collapsed group's node, scene units
const QColor kFill(236, 240, 246);   // opaque: keeps the raster engine on its fast path
const QColor kCollapsedFill(226, 232, 242);

} // namespace

GroupItem::GroupItem(const QString &name, int memberCount) : m_name(name), m_members(memberCount)
{
    setZValue(-1.0); // below the edge layer (0) and the nodes (1)
    setAcceptedMouseButtons(Qt::NoButton);
    setAcceptHoverEvents(false);
}

void GroupItem::setArea(const QRectF &area, bool collapsed)
{
    if (area == m_area && collapsed == m_collapsed)
        return;
    prepareGeometryChange();
    m_area = area;
    m_collapsed = collapsed;
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
    // Readable when a 5,000-service mesh is fitted: the title grows with the area it names.
    font.setPointSizeF(std::clamp(std::max(m_area.width(), m_area.height()) / 14.0, 11.0, 400.0));
    return font;
}

QRectF GroupItem::titleRect() const
{
    if (m_collapsed)
        return {};
    const QFontMetricsF metrics(titleFont());
    const QSizeF size(metrics.horizontalAdvance(title()) + 8.0, metrics.height());
    return QRectF(QPointF(m_area.left(), m_area.top() - size.height()), size);
}

QRectF GroupItem::boundingRect() const
{
    if (m_collapsed)
        return m_area.adjusted(-kHaloMargin - 2, -kHaloMargin - 2, kHaloMargin + 2,
                               kHaloMargin + 2);
    return (m_area | titleRect()).adjusted(-2, -2, 2, 2);
}

void GroupItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    QPen pen(m_accent, 2.0);
    pen.setCosmetic(true);
    painter->setPen(pen);
    if (m_collapsed) {
        // A stack behind the node: it stands for several services.
        painter->setBrush(kCollapsedFill);
        const QRectF halo = m_area.adjusted(-kHaloMargin, -kHaloMargin, kHaloMargin, kHaloMargin);
        painter->drawEllipse(halo.translated(4, 4));
        painter->drawEllipse(halo);
        return;
    }
    painter->setBrush(kFill);
    painter->drawRoundedRect(m_area, kCorner, kCorner);
    painter->setFont(titleFont());
    painter->setPen(m_accent.darker(140));
    painter->drawText(titleRect(), Qt::AlignLeft | Qt::AlignBottom, title());
}

} // namespace meshscope::widgets
