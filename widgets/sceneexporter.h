#pragma once

// Writes the WHOLE graph of a TopologyScene (not a view's viewport) to PNG, SVG or PDF, with a
// title, the snapshot's timestamp and the legend, on white with margins. Works headless (the
// offscreen platform) and without any view.

#include "core/result.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

namespace meshscope::widgets {

class TopologyScene;

struct ExportOptions
{
    QString title;       // empty: "Meshscope — <topology source>"
    QDateTime timestamp; // invalid: the topology snapshot's timestamp
    double scale = 2.0;  // PNG only: device pixels per scene unit (1, 2, 4 ...)
    bool legend = true;
};

class SceneExporter
{
    Q_DECLARE_TR_FUNCTIONS(SceneExporter)
public:
    // PNGs larger than this are refused (they would need gigabytes of memory and no viewer
    // opens them comfortably); SVG and PDF have no such limit.
    static constexpr int kMaxPngSide = 16384;
    static constexpr qint64 kMaxPngPixels = 64LL * 1024 * 1024;

    // Format from the extension: .png, .svg or .pdf (any case). The file is replaced atomically.
    static Result<void> exportTo(const TopologyScene &scene, const QString &path,
                                 const ExportOptions &options);

    // The page size in scene units (PNG pixels at scale 1, PDF points) for `scene`.
    static QSizeF pageSize(const TopologyScene &scene, const ExportOptions &options);
};

} // namespace meshscope::widgets
