#pragma once

// Where every edge of the topology view is drawn, in scene coordinates: the segment from the
// source's rim to the target's rim, computed once per layout (a refresh that moves nodes, or a
// drag) instead of on every frame, plus a uniform grid over the segments for hit tests. A frame
// then only clips the cached segments against what it exposes; a zoom step recomputes nothing.

#include <QLineF>
#include <QRectF>

#include <vector>

namespace meshscope::widgets {

class EdgeGeometry
{
public:
    // `centres[i]` runs from edge i's source centre to its target centre.
    void rebuild(const std::vector<QLineF> &centres);
    void clear();

    size_t size() const { return m_segments.size(); }
    // Rim to rim; false when the two nodes overlap (nothing sensible to draw between them).
    bool segment(size_t index, QLineF *line) const
    {
        if (!m_valid[index])
            return false;
        *line = m_segments[index];
        return true;
    }
    bool isDrawn(size_t index) const { return m_valid[index] != 0; }
    const QLineF &line(size_t index) const { return m_segments[index]; }
    double length(size_t index) const { return m_lengths[index]; }

    // Rim-to-rim segment between two node centres; false when the nodes overlap.
    static bool rimSegment(const QPointF &a, const QPointF &b, QLineF *line);

    // The edge whose segment passes within `tolerance` (plus half its `widths[i]`) of `p`; the
    // nearest wins; -1 if none. A negative width leaves the edge out (it is not drawn). Builds the
    // grid on first use after a rebuild.
    int edgeAt(const QPointF &p, double tolerance, const std::vector<double> &widths) const;

private:
    void rebuildGrid() const;

    std::vector<QLineF> m_segments;
    std::vector<double> m_lengths;
    std::vector<unsigned char> m_valid;
    QRectF m_extent; // of the centres

    // Lazily rebuilt uniform grid: cell -> edges whose segment crosses it.
    mutable bool m_gridValid = false;
    mutable QRectF m_gridRect;
    mutable double m_cellSize = 64.0;
    mutable int m_gridCols = 0;
    mutable int m_gridRows = 0;
    mutable std::vector<std::vector<int>> m_grid;
};

} // namespace meshscope::widgets
