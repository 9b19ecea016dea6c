#pragma once

// Writes a PNG row block by row block, so an export never holds the whole image: a 20,000-
// service graph at 8,000 x 8,000 px needs one strip (tens of MB) instead of 256 MB plus the
// encoder's copy. libpng stays inside the .cpp.

#include "core/result.h"

#include <QCoreApplication>

#include <memory>

class QIODevice;
class QImage;

namespace meshscope::widgets {

class PngStripWriter
{
    Q_DECLARE_TR_FUNCTIONS(PngStripWriter)
public:
    // zlib level 1: several times faster than the default on big flat-colour images, for
    // files only slightly larger.
    PngStripWriter(QIODevice *device, int width, int height, int compressionLevel = 1);
    ~PngStripWriter();
    PngStripWriter(const PngStripWriter &) = delete;
    PngStripWriter &operator=(const PngStripWriter &) = delete;

    Result<void> begin();
    // The first `rows` rows of `strip` (Format_RGB32, `width` wide) are the next rows.
    Result<void> writeRows(const QImage &strip, int rows);
    // After all `height` rows.
    Result<void> finish();

private:
    struct State;
    std::unique_ptr<State> m_state;
};

} // namespace meshscope::widgets
