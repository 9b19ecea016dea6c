#include "widgets/pngstripwriter.h"

#include <QIODevice>
#include <QImage>

#include <png.h>
#include <zlib.h>

#include <csetjmp>
#include <cstring>
#include <vector>

namespace meshscope::widgets {

// libpng reports errors by longjmp to the setjmp of the calling function: every function below
// that calls into libpng sets its own jump point and holds only trivial locals, so no C++
// destructor is skipped.
struct PngStripWriter::State
{
    QIODevice *device = nullptr;
    int width = 0;
    int height = 0;
    int level = 1;
    int written = 0;
    png_structp png = nullptr;
    png_infop info = nullptr;
    char message[256] = {};
};

namespace {

void onError(png_structp png, png_const_charp text)
{
    auto *state = static_cast<char *>(png_get_error_ptr(png));
    std::strncpy(state, text ? text : "unknown error", 255);
    png_longjmp(png, 1);
}

void onWarning(png_structp, png_const_charp) {}

void onWrite(png_structp png, png_bytep data, size_t length)
{
    auto *device = static_cast<QIODevice *>(png_get_io_ptr(png));
    if (device->write(reinterpret_cast<const char *>(data), qint64(length)) != qint64(length))
        png_error(png, "cannot write to the file");
}

void onFlush(png_structp) {}

bool setUp(png_structp png, png_infop info, int width, int height, int level)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_set_IHDR(png, info, png_uint_32(width), png_uint_32(height), 8, PNG_COLOR_TYPE_RGB,
                 PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
    png_set_compression_level(png, level);
    // Run-length matching only: a graph image is mostly flat colour (long runs of zero after
    // the SUB filter), which RLE finds at a fraction of the cost of deflate's hash chains.
    png_set_compression_strategy(png, Z_RLE);
    // One cheap filter instead of trying all five per row: flat colour compresses well with it.
    png_set_filter(png, PNG_FILTER_TYPE_BASE, PNG_FILTER_SUB);
    png_write_info(png, info);
    // QImage::Format_RGB32 is 0xffRRGGBB per pixel: B, G, R, filler in memory (little endian).
    if (QSysInfo::ByteOrder == QSysInfo::LittleEndian) {
        png_set_bgr(png);
        png_set_filler(png, 0, PNG_FILLER_AFTER);
    } else {
        png_set_filler(png, 0, PNG_FILLER_BEFORE);
    }
    return true;
}

bool writeRowPointers(png_structp png, png_bytepp rows, png_uint_32 count)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_write_rows(png, rows, count);
    return true;
}

bool writeEnd(png_structp png, png_infop info)
{
    if (setjmp(png_jmpbuf(png)))
        return false;
    png_write_end(png, info);
    return true;
}

} // namespace

PngStripWriter::PngStripWriter(QIODevice *device, int width, int height, int compressionLevel)
    : m_state(std::make_unique<State>())
{
    m_state->device = device;
    m_state->width = width;
    m_state->height = height;
    m_state->level = compressionLevel;
}

PngStripWriter::~PngStripWriter()
{
    if (m_state->png)
        png_destroy_write_struct(&m_state->png, &m_state->info);
}

Result<void> PngStripWriter::begin()
{
    State &s = *m_state;
    s.png = png_create_write_struct(PNG_LIBPNG_VER_STRING, s.message, onError, onWarning);
    if (!s.png)
        return Result<void>::failure(tr("PNG encoder could not start"));
    s.info = png_create_info_struct(s.png);
    if (!s.info)
        return Result<void>::failure(tr("PNG encoder could not start"));
    png_set_write_fn(s.png, s.device, onWrite, onFlush);
    if (!setUp(s.png, s.info, s.width, s.height, s.level))
        return Result<void>::failure(
            tr("PNG encoding failed: %1").arg(QString::fromUtf8(s.message)));
    return Result<void>::success();
}

Result<void> PngStripWriter::writeRows(const QImage &strip, int rows)
{
    State &s = *m_state;
    if (strip.format() != QImage::Format_RGB32 || strip.width() != s.width ||
        rows > strip.height() || s.written + rows > s.height)
        return Result<void>::failure(tr("PNG encoding failed: a strip does not fit the image"));
    std::vector<png_bytep> pointers(static_cast<size_t>(rows));
    for (int y = 0; y < rows; ++y)
        pointers[size_t(y)] = const_cast<png_bytep>(strip.constScanLine(y));
    if (!writeRowPointers(s.png, pointers.data(), png_uint_32(rows)))
        return Result<void>::failure(
            tr("PNG encoding failed: %1").arg(QString::fromUtf8(s.message)));
    s.written += rows;
    return Result<void>::success();
}

Result<void> PngStripWriter::finish()
{
    State &s = *m_state;
    if (s.written != s.height)
        return Result<void>::failure(
            tr("PNG encoding failed: %1 of %2 rows written").arg(s.written).arg(s.height));
    if (!writeEnd(s.png, s.info))
        return Result<void>::failure(
            tr("PNG encoding failed: %1").arg(QString::fromUtf8(s.message)));
    return Result<void>::success();
}

} // namespace meshscope::widgets
