#pragma once

// Greedy label placement shared by the view and the exports: candidates are offered in priority
// order and a label is drawn only if it overlaps no label drawn before it. Greedy by priority is
// what the user needs (the failing service's name always wins over a healthy neighbour's) and runs
// in linear time with a uniform grid, so it can be redone on every zoom step.

#include <QHash>
#include <QRectF>

#include <vector>

namespace meshscope::widgets {

// What decides a node label's priority, most important first.
struct LabelRank
{
    bool selected = false; // the selected service's name is always placed first
    bool dimmed = false;   // outside the focus set: after everything in it
    int severity = 0;      // 2 failing, 1 degraded, 0 healthy or no data
    double traffic = 0.0;  // requests/s through the node
    int degree = 0;        // calls in and out
};

class LabelPlacer
{
public:
    // `cellSize` about one label's height: each rect then touches a few cells only.
    explicit LabelPlacer(double cellSize);

    // Accepts `rect` when it intersects no rect accepted before (keeping `padding` between them).
    bool tryPlace(const QRectF &rect);
    // Whether `rect` would collide with an accepted rect (without accepting it).
    bool collides(const QRectF &rect) const;
    // Accepts `rect` unconditionally (e.g. the hovered node's label), so later ones avoid it.
    void force(const QRectF &rect);
    const std::vector<QRectF> &placed() const { return m_placed; }

    // Indices into `ranks` sorted by priority (ties by index, so the order is deterministic).
    static std::vector<int> priorityOrder(const std::vector<LabelRank> &ranks);

    // A node's label rectangle in scene units when drawn at `lod` (the view's scale): labels keep
    // their readable on-screen size when zoomed out (they cover more of the scene) and grow with
    // the scene when zoomed in. `size` is the label's size at scale 1; it is centred below `pos`.
    static QRectF nodeLabelRect(const QPointF &pos, const QSizeF &size, double lod);
    // The scene-units-per-font-unit factor nodeLabelRect() uses.
    static double labelScale(double lod);

private:
    void insert(const QRectF &padded, int index);

    double m_cell;
    double m_padding;
    QHash<quint64, std::vector<int>> m_grid; // cell -> indices into m_padded
    std::vector<QRectF> m_padded;
    std::vector<QRectF> m_placed;
};

} // namespace meshscope::widgets
