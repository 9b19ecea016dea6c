#pragma once

// Paints a RenderSnapshot with QPainter, with every detail an export wants (antialiasing,
// arrowheads, service labels at scale 1 placed so that none overlaps another, edge figures).
// Touches no QObject of the scene, so it runs on a worker thread; the same code paints the PNG,
// SVG and PDF exports of the window and of `meshscope export`.

#include "widgets/rendersnapshot.h"

#include <QRectF>
#include <QString>

#include <functional>
#include <vector>

class QPainter;

namespace meshscope::widgets {

class GraphPainter
{
public:
    // Called now and then with the share of the work done (0..1); returning false stops.
    using Progress = std::function<bool(double done)>;

    struct Label
    {
        QRectF rect; // scene units
        QString text;
        bool dimmed = false;
        bool edge = false;  // an edge figure rather than a service name
        bool group = false; // a group's title (RenderSnapshot::groups)
        int index = -1;     // the group's index, for a title
    };

    // Places the labels: group titles first (they name the areas), then service names greedy by
    // the snapshot's label priority, then edge figures; none overlaps another.
    explicit GraphPainter(const RenderSnapshot &snapshot);

    const std::vector<Label> &labels() const { return m_labels; }

    // Paints snapshot.bounds scaled into `target` (aspect ratio kept, centred). Only what meets
    // the painter's clip region is drawn, so a tall image can be painted strip by strip.
    // Returns false when `progress` asked to stop.
    bool paint(QPainter *painter, const QRectF &target, const Progress &progress = {}) const;

private:
    bool paintEdges(QPainter *painter, const QRectF &visible, const Progress &tick) const;
    bool paintNodes(QPainter *painter, const QRectF &visible, const Progress &tick) const;
    void paintGroupAreas(QPainter *painter, const QRectF &visible) const;
    void paintGroupTitles(QPainter *painter, const QRectF &visible) const;
    void paintLabels(QPainter *painter, const QRectF &visible) const;
    void paintBadges(QPainter *painter, const QRectF &visible) const;

    const RenderSnapshot &m_snapshot;
    std::vector<Label> m_labels;
};

} // namespace meshscope::widgets
