#pragma once

// Writes the WHOLE graph (not a view's viewport) to PNG, SVG or PDF, with a title, the
// snapshot's timestamp and the legend, on white with margins. Works headless (the offscreen
// platform) and without any view. exportSnapshot() touches no QObject of the scene: the window
// runs it on a worker thread (ExportJob) over a RenderSnapshot of what it shows.

#include "core/result.h"
#include "widgets/graphpainter.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <vector>

namespace meshscope::core {
struct AlertSnapshot;
}

namespace meshscope::widgets {

class TopologyScene;
struct RenderSnapshot;

struct ExportOptions
{
    QString title;       // empty: "Meshscope — <topology source>"
    QDateTime timestamp; // invalid: the topology snapshot's timestamp
    double scale = 2.0;  // PNG only: device pixels per scene unit (1, 2, 4 ...)
    bool legend = true;
    // Appended to the subtitle and to the SVG/PDF metadata, e.g. that the image shows a
    // replayed past moment rather than the live graph.
    QString note;
};

class SceneExporter
{
    Q_DECLARE_TR_FUNCTIONS(SceneExporter)
public:
    // PNGs larger than this are refused (few viewers open them; PNGs are painted and encoded in
    // strips, so memory is not the limit); SVG and PDF have no such limit.
    static constexpr int kMaxPngSide = 16384;
    static constexpr qint64 kMaxPngPixels = 256LL * 1024 * 1024;

    // Format from the extension: .png, .svg or .pdf (any case). The file is replaced atomically.
    // Captures the scene, with the badges of `alerts` when given, and calls exportSnapshot
    // (GUI thread).
    static Result<void> exportTo(const TopologyScene &scene, const QString &path,
                                 const ExportOptions &options,
                                 const core::AlertSnapshot *alerts = nullptr);
    // Any thread. `progress` (0..1) may stop the export by returning false: the error then says
    // it was cancelled and no file is written. `painted`, when given, receives the labels drawn.
    static Result<void> exportSnapshot(const RenderSnapshot &snapshot, const QString &path,
                                       const ExportOptions &options,
                                       const GraphPainter::Progress &progress = {},
                                       std::vector<GraphPainter::Label> *painted = nullptr);

    // The page size in scene units (PNG pixels at scale 1, PDF points) for `scene`.
    static QSizeF pageSize(const TopologyScene &scene, const ExportOptions &options);
    static QSizeF pageSize(const RenderSnapshot &snapshot, const ExportOptions &options);
    // Where the graph's bounds land on the page, page units (for tests comparing positions).
    static QRectF graphRect(const RenderSnapshot &snapshot, const ExportOptions &options);
    static QString cancelledMessage();
};

} // namespace meshscope::widgets
