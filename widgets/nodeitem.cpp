#include "widgets/nodeitem.h"

#include "widgets/topologyscene.h"
#include "widgets/viewtypes.h"

#include <QFontMetricsF>
#include <QPainter>

#include <cmath>

namespace meshscope::widgets {

namespace {

constexpr double kSelectionRing = 4.0; // ring drawn this far outside the node
constexpr double kLabelGap = 2.0;
const QColor kSelectionColor(0x11, 0x11, 0x11);
const QColor kPinColor(0x37, 0x37, 0x37);

} // namespace

NodeItem::NodeItem(const core::NodeId &id) : m_id(id)
{
    // Painted by NodeLayerItem in one pass; the item is what hit tests and drags move.
    setFlags(ItemIsMovable | ItemSendsGeometryChanges | ItemHasNoContents);
    setAcceptHoverEvents(false);
    setZValue(1.0);
}

QFont NodeItem::labelFont()
{
    QFont font;
    font.setPixelSize(int(kLabelPixelSize));
    return font;
}

QColor NodeItem::faded(const QColor &color, double amount)
{
    const auto mixc = [amount](int c) { return int(std::lround(c + (255 - c) * amount)); };
    return QColor(mixc(color.red()), mixc(color.green()), mixc(color.blue()));
}

void NodeItem::setKind(core::NodeKind kind)
{
    if (kind == m_kind)
        return;
    m_kind = kind;
    restyled();
}

void NodeItem::setLabel(const QString &label)
{
    if (label == m_label)
        return;
    prepareGeometryChange();
    m_label = label;
    updateLabelGeometry();
}

void NodeItem::updateLabelGeometry()
{
    // One QFontMetricsF per call is cheap compared to a paint; labels change only when a node
    // first appears.
    static const QFontMetricsF metrics(labelFont());
    const double w = metrics.horizontalAdvance(m_label) + 2.0;
    const double h = metrics.height();
    m_labelRect = QRectF(-w / 2.0, kNodeRadius + kLabelGap, w, h);
}

void NodeItem::setFillColor(const QColor &color)
{
    if (color == m_fill)
        return;
    m_fill = color;
    restyled();
}

void NodeItem::setIdle(bool idle)
{
    if (idle == m_idle)
        return;
    m_idle = idle;
    restyled();
}

void NodeItem::setDimmed(bool dimmed)
{
    if (dimmed == m_dimmed)
        return;
    m_dimmed = dimmed;
    restyled();
}

void NodeItem::setPinned(bool pinned)
{
    if (pinned == m_pinned)
        return;
    m_pinned = pinned;
    restyled();
}

void NodeItem::setMarkedSelected(bool selected)
{
    if (selected == m_selected)
        return;
    m_selected = selected;
    restyled();
}

QRectF NodeItem::boundingRect() const
{
    const double r = kNodeRadius + kSelectionRing + 2.0;
    return QRectF(-r, -r, 2 * r, 2 * r).united(m_labelRect);
}

QPainterPath NodeItem::shape() const
{
    // The label is clickable too: users aim at the name as often as at the dot.
    QPainterPath path;
    path.addEllipse(QPointF(0, 0), kNodeRadius + 2.0, kNodeRadius + 2.0);
    path.addRect(m_labelRect);
    return path;
}

void NodeItem::paintShape(QPainter *painter, core::NodeKind kind, const QPointF &c, double r,
                          const QColor &fill, const QColor &outline, double outlineWidth)
{
    QPen pen(outline, outlineWidth);
    if (kind == core::NodeKind::External)
        pen.setStyle(Qt::DashLine);
    painter->setPen(outlineWidth > 0 ? pen : QPen(Qt::NoPen));
    painter->setBrush(fill);
    switch (kind) {
    case core::NodeKind::Service:
    case core::NodeKind::External:
        painter->drawEllipse(c, r, r);
        break;
    case core::NodeKind::Gateway: {
        // Flat-topped hexagon, a little larger so its area matches the circle's.
        const double R = r * 1.1;
        QPolygonF hex;
        for (int i = 0; i < 6; ++i) {
            const double a = M_PI / 3.0 * i;
            hex << QPointF(c.x() + R * std::cos(a), c.y() + R * std::sin(a));
        }
        painter->drawPolygon(hex);
        break;
    }
    case core::NodeKind::Database: {
        // Cylinder: a rounded body with the lid drawn as an ellipse on top.
        const double w = r * 1.7;
        const double h = r * 1.9;
        const double lid = r * 0.55;
        const QRectF body(c.x() - w / 2, c.y() - h / 2, w, h);
        QPainterPath path;
        path.moveTo(body.left(), body.top() + lid / 2);
        path.lineTo(body.left(), body.bottom() - lid / 2);
        path.arcTo(QRectF(body.left(), body.bottom() - lid, w, lid), 180, 180);
        path.lineTo(body.right(), body.top() + lid / 2);
        path.arcTo(QRectF(body.left(), body.top(), w, lid), 0, 180);
        path.closeSubpath();
        painter->drawPath(path);
        painter->setBrush(Qt::NoBrush);
        if (outlineWidth > 0)
            painter->drawEllipse(QRectF(body.left(), body.top(), w, lid));
        break;
    }
    }
}

QColor NodeItem::shownFill(const QColor &fill, bool idle, bool dimmed)
{
    const QColor base = fill.isValid() ? fill : QColor(0x9e, 0x9e, 0x9e);
    const double fade = dimmed ? 0.8 : idle ? 0.55 : 0.0;
    return fade > 0.0 ? faded(base, fade) : base;
}

void NodeItem::paintDetailed(QPainter *painter, core::NodeKind kind, const QColor &fillColor,
                             bool idle, bool dimmed, bool pinned, bool selected)
{
    const QColor fill = shownFill(fillColor, idle, dimmed);
    const double fade = dimmed ? 0.8 : idle ? 0.55 : 0.0;
    painter->setRenderHint(QPainter::Antialiasing, true);
    if (selected) {
        painter->setPen(QPen(kSelectionColor, 2.5));
        painter->setBrush(Qt::NoBrush);
        painter->drawEllipse(QPointF(0, 0), kNodeRadius + kSelectionRing,
                             kNodeRadius + kSelectionRing);
    }
    const QColor outline = fade > 0.0 ? faded(fill.darker(150), fade / 2) : fill.darker(160);
    paintShape(painter, kind, QPointF(0, 0), kNodeRadius, fill, outline,
               kind == core::NodeKind::External ? 1.5 : 1.0);

    if (pinned) {
        // A pin head with a short needle at the top right, like a map pin stuck into the node.
        const QPointF head(kNodeRadius * 0.8, -kNodeRadius * 0.8);
        painter->setPen(QPen(kPinColor, 1.2));
        painter->drawLine(head, head + QPointF(-3.0, 3.0));
        painter->setPen(QPen(Qt::white, 1.0));
        painter->setBrush(kPinColor);
        painter->drawEllipse(head, 3.0, 3.0);
    }
}

void NodeItem::paint(QPainter *, const QStyleOptionGraphicsItem *, QWidget *)
{
    // Never called (ItemHasNoContents): NodeLayerItem paints all nodes, LabelLayerItem labels.
}

void NodeItem::restyled()
{
    // The item has no contents, so its own update() repaints nothing: the layers that paint it
    // must repaint.
    if (auto *topologyScene = qobject_cast<TopologyScene *>(scene()))
        topologyScene->nodeItemRestyled(this);
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        if (auto *topologyScene = qobject_cast<TopologyScene *>(scene()))
            topologyScene->nodeItemMoved(this);
    }
    return QGraphicsItem::itemChange(change, value);
}

} // namespace meshscope::widgets
