#pragma once

// The alert badge on a service of the topology view: a red disc with the number of firing
// alerts at the node's upper right, or a grey one with the number of muted alerts (silenced,
// inhibited, unprocessed) when none fires. A top-level item above the nodes and labels (the
// nodes themselves are painted by one NodeLayerItem underneath), moved with its node by whoever
// owns it.

#include <QGraphicsItem>

namespace meshscope::widgets {

class AlertBadgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 20
    };

    AlertBadgeItem();

    // Places the badge for a node centred at `nodeCentre` (scene units).
    void placeAt(const QPointF &nodeCentre);
    void setCounts(int firing, int muted);
    int firing() const { return m_firing; }
    int muted() const { return m_muted; }
    // What the badge shows: the firing count, else the muted count.
    QString text() const;
    bool isMuted() const { return m_firing == 0; }

    // The same badge painted anywhere (exports: GraphPainter), centred at the painter's
    // origin; and where a badge for a node at `nodeCentre` lies, scene units.
    static void paintBadge(QPainter *painter, int firing, int muted);
    static QPointF badgeCentre(const QPointF &nodeCentre);
    static QRectF badgeRect(const QPointF &nodeCentre, int firing, int muted);
    static QString badgeText(int firing, int muted);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    int m_firing = 0;
    int m_muted = 0;
};

} // namespace meshscope::widgets
