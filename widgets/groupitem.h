#pragma once

// One group on the topology view, in one of two layers: the Area (a rounded outline behind the
// members, or, when the group is collapsed, a disc sized by its membership behind the one node
// that stands for it), drawn below edges and nodes; and the Title (the group's name and size),
// drawn above the edges so that a fitted mesh of thousands of services still reads by its
// groups. Both are transparent to the mouse, so picking and dragging nodes work as without them.

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
    enum class Layer
    {
        Area,
        Title
    };

    GroupItem(const QString &name, int memberCount, Layer layer);

    const QString &name() const { return m_name; }
    Layer layer() const { return m_layer; }
    int memberCount() const { return m_members; }
    bool isCollapsed() const { return m_collapsed; }
    QRectF area() const { return m_area; }
    QColor accent() const { return m_accent; }

    // `area` in scene coordinates: the members' bounding box (expanded) or the disc behind the
    // group's node (collapsed). `titleSize`: the title's pixel size on screen.
    void setArea(const QRectF &area, bool collapsed, double titleSize);
    void setMemberCount(int members);
    // The colour of the group's worst member, for the outline and the title.
    void setAccent(const QColor &accent);

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    QString title() const;
    QRectF titleRect() const; // in the title item's coordinates (screen pixels)
    double titleSize() const { return m_titleSize; }

    // The look of both layers, shared with the exports (GraphPainter), which draw groups from
    // plain values off the GUI thread. `titleRect` and the title's anchor are as titleRect().
    static void paintArea(QPainter *painter, const QRectF &area, bool collapsed,
                          const QColor &accent);
    static QString titleText(const QString &name, int members);
    static QRectF titleRect(const QString &text, bool collapsed, double titleSize);
    static void paintTitle(QPainter *painter, const QString &text, bool collapsed,
                           const QColor &accent, double titleSize);

private:
    static QFont titleFont(double titleSize);

    QString m_name;
    int m_members = 0;
    Layer m_layer = Layer::Area;
    QRectF m_area;
    bool m_collapsed = false;
    double m_titleSize = 12.0;
    QColor m_accent = QColor(120, 130, 150);
};

} // namespace meshscope::widgets
