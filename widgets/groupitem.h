#pragma once

// The background of one group on the topology view: a rounded area behind its members with the
// group's name and size on top, or, when the group is collapsed, a halo behind the one node that
// stands for it. Drawn below edges and nodes and transparent to the mouse, so picking and
// dragging nodes work as without groups.

#include <QColor>
#include <QFont>
#include <QGraphicsItem>
#include <QString>

namespace meshscope::widgets {

class GroupItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 7
    };

    GroupItem(const QString &name, int memberCount);

    const QString &name() const { return m_name; }
    int memberCount() const { return m_members; }
    bool isCollapsed() const { return m_collapsed; }
    QRectF area() const { return m_area; }
    QColor accent() const { return m_accent; }

    // `area` in scene coordinates: the members' bounding box (expanded) or the node (collapsed).
    void setArea(const QRectF &area, bool collapsed);
    void setMemberCount(int members);
    // The colour of the group's worst member, for the outline.
    void setAccent(const QColor &accent);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // The title drawn above an expanded group's area, in scene units (it grows with the group so
    // that it stays readable when the whole mesh is fitted).
    QRectF titleRect() const;
    QString title() const;

private:
    QFont titleFont() const;

    QString m_name;
    int m_members = 0;
    QRectF m_area;
    bool m_collapsed = false;
    QColor m_accent = QColor(120, 130, 150);
};

} // namespace meshscope::widgets
