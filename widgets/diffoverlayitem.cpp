#include "widgets/diffoverlayitem.h"

#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/viewtypes.h"

#include <QPainter>

#include <algorithm>

namespace meshscope::widgets {

namespace {

constexpr double kRing = kNodeRadius + 6.0; // scene units, just outside the node and its outline

} // namespace

DiffOverlayItem::DiffOverlayItem(const TopologyScene *scene) : m_scene(scene)
{
    setZValue(2.0); // above the nodes (1)
    setAcceptedMouseButtons(Qt::NoButton);
}

QColor DiffOverlayItem::addedColor()
{
    return QColor(0x2e, 0x9d, 0x3a);
}

QColor DiffOverlayItem::removedColor()
{
    return QColor(0xd3, 0x2f, 0x2f);
}

void DiffOverlayItem::setDiff(const core::SnapshotDiff &diff)
{
    m_diff = diff;
    m_added.clear();
    m_removed.clear();
    for (const core::SnapshotDiff::Service &s : m_diff.services()) {
        if (s.status == core::SnapshotDiff::Status::Added)
            m_added.push_back(s.id);
        else if (s.status == core::SnapshotDiff::Status::Removed)
            m_removed.push_back(s.id);
    }
    geometryChanged();
}

std::optional<QPointF> DiffOverlayItem::placeOf(const core::NodeId &id) const
{
    if (const NodeItem *item = m_scene->nodeItem(id))
        return item->pos();
    const auto saved = m_diff.removedPositions().constFind(id);
    if (saved != m_diff.removedPositions().constEnd())
        return *saved;
    return std::nullopt;
}

int DiffOverlayItem::markedAdded() const
{
    return int(std::count_if(m_added.cbegin(), m_added.cend(),
                             [this](const core::NodeId &id) { return m_scene->nodeItem(id); }));
}

int DiffOverlayItem::markedRemoved() const
{
    return int(std::count_if(m_removed.cbegin(), m_removed.cend(),
                             [this](const core::NodeId &id) { return placeOf(id).has_value(); }));
}

void DiffOverlayItem::geometryChanged()
{
    QRectF bounds;
    const auto add = [&](const core::NodeId &id) {
        if (const auto p = placeOf(id))
            bounds |= QRectF(*p - QPointF(kRing, kRing), QSizeF(2 * kRing, 2 * kRing));
    };
    for (const core::NodeId &id : m_added)
        add(id);
    for (const core::NodeId &id : m_removed)
        add(id);
    for (const auto *calls : {&m_diff.addedCalls(), &m_diff.removedCalls()}) {
        for (const core::SnapshotDiff::Call &c : *calls) {
            add(c.source);
            add(c.target);
        }
    }
    // Room for the names of vanished services, written under their ring.
    prepareGeometryChange();
    m_bounds = bounds.adjusted(-120, -4, 120, 4 * kLabelPixelSize);
    update();
}

QRectF DiffOverlayItem::boundingRect() const
{
    return m_bounds;
}

void DiffOverlayItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setBrush(Qt::NoBrush);
    const auto pen = [](const QColor &color) {
        QPen p(color, 2.5, Qt::DashLine);
        p.setCosmetic(true);
        return p;
    };
    const auto calls = [&](const std::vector<core::SnapshotDiff::Call> &list) {
        for (const core::SnapshotDiff::Call &c : list) {
            const auto a = placeOf(c.source);
            const auto b = placeOf(c.target);
            if (a && b)
                painter->drawLine(*a, *b);
        }
    };
    painter->setPen(pen(addedColor()));
    calls(m_diff.addedCalls());
    for (const core::NodeId &id : m_added) {
        if (const NodeItem *item = m_scene->nodeItem(id))
            painter->drawEllipse(item->pos(), kRing, kRing);
    }
    painter->setPen(pen(removedColor()));
    calls(m_diff.removedCalls());
    QFont font = NodeItem::labelFont();
    painter->setFont(font);
    for (const core::NodeId &id : m_removed) {
        const auto p = placeOf(id);
        if (!p || m_scene->nodeItem(id))
            continue;
        painter->drawEllipse(*p, kRing, kRing);
        painter->drawText(QRectF(p->x() - 120, p->y() + kRing, 240, 2 * kLabelPixelSize),
                          Qt::AlignHCenter | Qt::AlignTop, id.name());
    }
}

} // namespace meshscope::widgets
