#include "widgets/alertbadgeitem.h"

#include "widgets/viewtypes.h"

#include <QFont>
#include <QPainter>

namespace meshscope::widgets {

namespace {
constexpr double kBadgeRadius = 7.5; // scene units: legible at the default zoom
const QColor kFiring(0xd3, 0x2f, 0x2f);
const QColor kMuted(0x9e, 0x9e, 0x9e);
} // namespace

AlertBadgeItem::AlertBadgeItem()
{
    setZValue(2.5);                        // above nodes (1) and labels (2)
    setAcceptedMouseButtons(Qt::NoButton); // clicks select the node underneath
}

QPointF AlertBadgeItem::badgeCentre(const QPointF &nodeCentre)
{
    // Upper right of the node's disc, overlapping its rim.
    return nodeCentre + QPointF(kNodeRadius * 0.8, -kNodeRadius * 0.8);
}

void AlertBadgeItem::placeAt(const QPointF &nodeCentre)
{
    setPos(badgeCentre(nodeCentre));
}

void AlertBadgeItem::setCounts(int firing, int muted)
{
    if (firing == m_firing && muted == m_muted)
        return;
    m_firing = firing;
    m_muted = muted;
    update();
}

QString AlertBadgeItem::badgeText(int firing, int muted)
{
    const int n = firing > 0 ? firing : muted;
    return n > 99 ? QStringLiteral("99+") : QString::number(n);
}

QString AlertBadgeItem::text() const
{
    return badgeText(m_firing, m_muted);
}

namespace {

QRectF pillRect(const QString &label)
{
    const double width =
        label.size() > 1 ? kBadgeRadius * (1.0 + 0.6 * double(label.size())) : kBadgeRadius * 2;
    return QRectF(-width / 2, -kBadgeRadius, width, kBadgeRadius * 2);
}

} // namespace

QRectF AlertBadgeItem::badgeRect(const QPointF &nodeCentre, int firing, int muted)
{
    return pillRect(badgeText(firing, muted))
        .adjusted(-1, -1, 1, 1)
        .translated(badgeCentre(nodeCentre));
}

QRectF AlertBadgeItem::boundingRect() const
{
    return QRectF(-kBadgeRadius * 1.6, -kBadgeRadius, kBadgeRadius * 3.2, kBadgeRadius * 2)
        .adjusted(-1, -1, 1, 1);
}

void AlertBadgeItem::paintBadge(QPainter *painter, int firing, int muted)
{
    const QString label = badgeText(firing, muted);
    const QRectF pill = pillRect(label);
    painter->setRenderHint(QPainter::Antialiasing, true);
    painter->setPen(QPen(Qt::white, 1.2));
    painter->setBrush(firing == 0 ? kMuted : kFiring);
    painter->drawRoundedRect(pill, kBadgeRadius, kBadgeRadius);
    QFont f;
    f.setPixelSize(int(kBadgeRadius * 1.4));
    f.setBold(true);
    painter->setFont(f);
    painter->setPen(Qt::white);
    painter->drawText(pill, Qt::AlignCenter, label);
}

void AlertBadgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    paintBadge(painter, m_firing, m_muted);
}

} // namespace meshscope::widgets
