#include "widgets/lineraster.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace meshscope::widgets {

namespace {

// Liang-Barsky: clips the segment to [x0, x1] x [y0, y1]; false when nothing is left.
bool clip(double &ax, double &ay, double &bx, double &by, double x0, double y0, double x1,
          double y1)
{
    const double dx = bx - ax;
    const double dy = by - ay;
    double t0 = 0.0;
    double t1 = 1.0;
    const double p[4] = {-dx, dx, -dy, dy};
    const double q[4] = {ax - x0, x1 - ax, ay - y0, y1 - ay};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0.0) {
            if (q[i] < 0.0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0.0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    const double sx = ax;
    const double sy = ay;
    ax = sx + t0 * dx;
    ay = sy + t0 * dy;
    bx = sx + t1 * dx;
    by = sy + t1 * dy;
    return true;
}

} // namespace

void LineRaster::begin(const QSize &size)
{
    if (m_image.size() != size)
        m_image = QImage(size, QImage::Format_ARGB32_Premultiplied);
    m_image.fill(0u);
    m_bits = reinterpret_cast<quint32 *>(m_image.bits());
    m_stride = m_image.bytesPerLine() / qsizetype(sizeof(quint32));
    m_width = m_image.width();
    m_height = m_image.height();
}

void LineRaster::drawLine(const QPointF &a, const QPointF &b, double width, QRgb color)
{
    if (m_bits == nullptr)
        return;
    const double dx = std::abs(b.x() - a.x());
    const double dy = std::abs(b.y() - a.y());
    if (dx < 1e-9 && dy < 1e-9)
        return;
    const bool shallow = dx >= dy;
    // A line `width` wide at angle t from its major axis spans width / cos(t) pixels across it.
    const double across = std::max(1.0, width) * std::hypot(dx, dy) / (shallow ? dx : dy);
    const int n = std::max(1, int(std::lround(across)));
    const quint32 pixel = qPremultiply(color | 0xff000000u);
    // Device pixel i covers [i, i + 1): its centre is at i + 0.5.
    drawRun(a.x() - 0.5, a.y() - 0.5, b.x() - 0.5, b.y() - 0.5, shallow, n, pixel);
}

void LineRaster::drawRun(double x0, double y0, double x1, double y1, bool shallow, int n,
                         quint32 pixel)
{
    // Pixel centres are at integer coordinates here. Each step along the major axis writes a
    // run of n pixels across the minor axis, centred on the line (one rounding per step, so
    // the run never has a hole).
    const double half = n / 2.0;
    if (!clip(x0, y0, x1, y1, -0.49 - (shallow ? 0.0 : half), -0.49 - (shallow ? half : 0.0),
              m_width - 0.51 + (shallow ? 0.0 : half), m_height - 0.51 + (shallow ? half : 0.0)))
        return;
    if (!shallow) {
        std::swap(x0, y0);
        std::swap(x1, y1);
    }
    if (x0 > x1) {
        std::swap(x0, x1);
        std::swap(y0, y1);
    }
    const int start = int(std::lround(x0));
    const int end = int(std::lround(x1));
    const double slope = x1 > x0 ? (y1 - y0) / (x1 - x0) : 0.0;
    double y = y0 + (start - x0) * slope + 0.5 - (n - 1) / 2.0;
    const int major = shallow ? m_width : m_height;
    const int minor = shallow ? m_height : m_width;
    for (int x = start; x <= end; ++x, y += slope) {
        if (unsigned(x) >= unsigned(major))
            continue;
        const int first = int(std::floor(y));
        const int lo = std::max(first, 0);
        const int hi = std::min(first + n, minor);
        if (shallow) {
            for (int v = lo; v < hi; ++v)
                m_bits[qsizetype(v) * m_stride + x] = pixel;
        } else {
            quint32 *row = m_bits + qsizetype(x) * m_stride;
            for (int v = lo; v < hi; ++v)
                row[v] = pixel;
        }
    }
}

} // namespace meshscope::widgets
