#pragma once

// Draws a SnapshotDiff on the topology view: services and calls that appeared since the
// "before" side are outlined in green, those that vanished in red (at the place the saved
// snapshot drew them, with their name), both dashed so they read as a comparison, not as
// health. Above the nodes, transparent to the mouse. Positions of current services are read
// from the scene at paint time, so the marks follow a refresh or a drag (call geometryChanged()).

#include "core/io/snapshotdiff.h"

#include <QGraphicsItem>

#include <optional>
#include <vector>

namespace meshscope::widgets {

class TopologyScene;

class DiffOverlayItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 8
    };

    explicit DiffOverlayItem(const TopologyScene *scene);

    void setDiff(const core::SnapshotDiff &diff);
    const core::SnapshotDiff &diff() const { return m_diff; }
    // Services and calls currently marked (the ones whose places are known).
    int markedAdded() const;
    int markedRemoved() const;
    void geometryChanged();

    static QColor addedColor();
    static QColor removedColor();

    int type() const override { return Type; }
    QRectF boundingRect() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

private:
    std::optional<QPointF> placeOf(const core::NodeId &id) const;

    const TopologyScene *m_scene = nullptr;
    core::SnapshotDiff m_diff;
    std::vector<core::NodeId> m_added;
    std::vector<core::NodeId> m_removed;
    QRectF m_bounds;
};

} // namespace meshscope::widgets
