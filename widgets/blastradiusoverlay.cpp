#include "widgets/blastradiusoverlay.h"

#include "widgets/nodeitem.h"
#include "widgets/topologyscene.h"
#include "widgets/viewtypes.h"

#include <QPainter>

#include <algorithm>

namespace meshscope::widgets {

namespace {

constexpr double kHalo = kNodeRadius + 5.0; // scene units, just outside the node's outline
constexpr double kMaxHaloWidth = 9.0;       // a weight of 1 draws this wide

QString keyOf(const core::TopologyNode &node)
{
    return node.ns + QLatin1Char('/') + node.name;
}

} // namespace

BlastRadiusOverlay::BlastRadiusOverlay(const TopologyScene *scene) : m_scene(scene)
{
    setZValue(2.5); // above the nodes (1) and a comparison overlay (2)
    setAcceptedMouseButtons(Qt::NoButton);
}

QColor BlastRadiusOverlay::predictedColor()
{
    return QColor(0xef, 0x8a, 0x17);
}

QColor BlastRadiusOverlay::targetColor()
{
    return QColor(0xc6, 0x28, 0x28);
}

void BlastRadiusOverlay::showBlastRadius(const QHash<QString, double> &weights)
{
    m_predicted = weights;
    geometryChanged();
}

void BlastRadiusOverlay::showTargets(const QStringList &services)
{
    m_targets = services;
    geometryChanged();
}

void BlastRadiusOverlay::clear()
{
    m_predicted.clear();
    m_targets.clear();
    geometryChanged();
}

int BlastRadiusOverlay::markedPredicted() const
{
    return int(std::count_if(m_predicted.keyBegin(), m_predicted.keyEnd(),
                             [this](const QString &s) { return m_places.contains(s); }));
}

int BlastRadiusOverlay::markedTargets() const
{
    return int(std::count_if(m_targets.cbegin(), m_targets.cend(),
                             [this](const QString &s) { return m_places.contains(s); }));
}

void BlastRadiusOverlay::geometryChanged()
{
    m_places.clear();
    QRectF bounds;
    if (const core::TopologyPtr topology = m_scene->topology()) {
        for (const core::TopologyNode &n : topology->nodes()) {
            const QString key = keyOf(n);
            if (!m_predicted.contains(key) && !m_targets.contains(key))
                continue;
            const NodeItem *item = m_scene->nodeItem(n.id);
            if (!item)
                continue; // hidden in a collapsed group or filtered out
            m_places.insert(key, item->pos());
            const double r = kHalo + kMaxHaloWidth;
            bounds |= QRectF(item->pos() - QPointF(r, r), QSizeF(2 * r, 2 * r));
        }
    }
    prepareGeometryChange();
    // Room for the weight written to the right of a halo.
    m_bounds = bounds.isNull() ? QRectF() : bounds.adjusted(-4, -4, 60, 4);
    update();
}

QRectF BlastRadiusOverlay::boundingRect() const
{
    return m_bounds;
}

void BlastRadiusOverlay::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setBrush(Qt::NoBrush);
    QFont font = NodeItem::labelFont();
    font.setBold(true);
    painter->setFont(font);
    for (auto it = m_predicted.cbegin(); it != m_predicted.cend(); ++it) {
        const auto place = m_places.constFind(it.key());
        if (place == m_places.cend() || m_targets.contains(it.key()))
            continue;
        const double w = std::clamp(it.value(), 0.0, 1.0);
        QColor halo = predictedColor();
        // A weak dependency is drawn faint: the eye finds the strongly coupled callers first.
        halo.setAlphaF(0.35 + 0.55 * w);
        const double width = 2.0 + (kMaxHaloWidth - 2.0) * w;
        painter->setPen(QPen(halo, width));
        const double r = kHalo + width / 2;
        painter->drawEllipse(*place, r, r);
        painter->setPen(predictedColor().darker(130));
        painter->drawText(QPointF(place->x() + r + 3, place->y() - r + kLabelPixelSize),
                          QStringLiteral("%1%").arg(qRound(w * 100)));
    }
    QPen target(targetColor(), 3.0, Qt::DashLine);
    for (const QString &s : m_targets) {
        const auto place = m_places.constFind(s);
        if (place == m_places.cend())
            continue;
        painter->setPen(target);
        painter->drawEllipse(*place, kHalo + 2, kHalo + 2);
        painter->drawEllipse(*place, kHalo + 7, kHalo + 7);
    }
}

} // namespace meshscope::widgets
