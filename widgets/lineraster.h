#pragma once

// Opaque lines without antialiasing, written straight into an image the size of the painted
// area, for the edge layer's frames while the user zooms. The raster engine's aliased
// cosmetic-line path emits one span per pixel (~10 ns a pixel), and a zoom frame of a
// 5,000-service mesh inks a few million pixels of edges; here a pixel is one store. The image
// is reused between frames (no allocation or page faults per frame) and blitted once.

#include <QImage>
#include <QPointF>
#include <QSize>

namespace meshscope::widgets {

class LineRaster
{
public:
    // Starts a frame of `size` device pixels, all transparent.
    void begin(const QSize &size);
    // A line between two points in the frame's pixels, `width` pixels wide (at least one);
    // `color` is opaque. A wide line is a run of pixels across its minor axis at each step
    // along its major axis.
    void drawLine(const QPointF &a, const QPointF &b, double width, QRgb color);
    const QImage &image() const { return m_image; }

private:
    void drawRun(double x0, double y0, double x1, double y1, bool shallow, int n, quint32 pixel);

    QImage m_image;
    quint32 *m_bits = nullptr;
    qsizetype m_stride = 0; // in pixels
    int m_width = 0;
    int m_height = 0;
};

} // namespace meshscope::widgets
