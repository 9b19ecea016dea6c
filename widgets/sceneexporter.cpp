#include "widgets/sceneexporter.h"

#include "widgets/legendpainter.h"
#include "widgets/pngstripwriter.h"
#include "widgets/rendersnapshot.h"
#include "widgets/topologyscene.h"

#include <QBuffer>
#include <QFileInfo>
#include <QFontMetricsF>
#include <QImage>
#include <QLoggingCategory>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <thread>

Q_LOGGING_CATEGORY(lcExport, "meshscope.widgets.export")

namespace meshscope::widgets {

namespace {

constexpr double kMargin = 24.0;
constexpr double kGap = 24.0; // between graph and legend
constexpr double kTitleHeight = 24.0;
constexpr double kSubtitleHeight = 16.0;
constexpr double kHeaderGap = 12.0;
// Acrobat and most viewers refuse pages beyond 200 in (14,400 pt); larger graphs are scaled down.
constexpr double kMaxPdfPoints = 14400.0;
// A PNG is painted and encoded in strips of at most this many pixels (4 bytes each); two
// strips are held at a time.
constexpr qint64 kStripPixels = 8LL * 1024 * 1024;

QFont titleFont()
{
    QFont f;
    f.setPixelSize(18);
    f.setBold(true);
    return f;
}

QFont subtitleFont()
{
    QFont f;
    f.setPixelSize(11);
    return f;
}

struct Page
{
    QSizeF size;
    QRectF title;
    QRectF subtitle;
    QRectF graph;
    QRectF legend;
    QString titleText;
    QString subtitleText;
};

Page layoutPage(const RenderSnapshot &snapshot, const ExportOptions &options)
{
    Page page;
    page.titleText = options.title;
    if (page.titleText.isEmpty())
        page.titleText = SceneExporter::tr("Meshscope \u2014 %1")
                             .arg(!snapshot.sourceName.isEmpty() ? snapshot.sourceName
                                                                 : SceneExporter::tr("topology"));
    QDateTime when = options.timestamp;
    if (!when.isValid() && snapshot.timestampMs > 0)
        when = QDateTime::fromMSecsSinceEpoch(snapshot.timestampMs, Qt::UTC);
    const int nodes = int(snapshot.nodes.size());
    const int edges = int(snapshot.edges.size()) + snapshot.omittedEdges;
    page.subtitleText =
        SceneExporter::tr("%1 \u00b7 %2 services \u00b7 %3 calls")
            .arg(when.isValid() ? when.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'"))
                                : SceneExporter::tr("no timestamp"))
            .arg(nodes)
            .arg(edges);
    if (snapshot.omittedEdges > 0)
        page.subtitleText +=
            SceneExporter::tr(" (%1 quiet calls not drawn, as at 1:1 in the window)")
                .arg(snapshot.omittedEdges);
    if (!options.note.isEmpty())
        page.subtitleText += QStringLiteral(" \u00b7 ") + options.note;

    const QRectF bounds = snapshot.bounds;
    const QSizeF legend = options.legend ? LegendPainter::size(snapshot.evidence) : QSizeF();
    const double headerWidth =
        std::max(QFontMetricsF(titleFont()).horizontalAdvance(page.titleText),
                 QFontMetricsF(subtitleFont()).horizontalAdvance(page.subtitleText)) +
        4.0;
    const double top = kMargin + kTitleHeight + kSubtitleHeight + kHeaderGap;
    page.title = QRectF(kMargin, kMargin, headerWidth, kTitleHeight);
    page.subtitle = QRectF(kMargin, kMargin + kTitleHeight, headerWidth, kSubtitleHeight);
    page.graph = QRectF(kMargin, top, bounds.width(), bounds.height());
    if (options.legend)
        page.legend = QRectF(QPointF(page.graph.right() + kGap, top), legend);
    const double contentRight = std::max(
        {page.graph.right(), page.legend.isNull() ? 0.0 : page.legend.right(), page.title.right()});
    const double contentBottom =
        std::max(page.graph.bottom(), page.legend.isNull() ? 0.0 : page.legend.bottom());
    page.size = QSizeF(std::ceil(contentRight + kMargin), std::ceil(contentBottom + kMargin));
    return page;
}

bool paintPage(QPainter *painter, const RenderSnapshot &snapshot, const GraphPainter &graph,
               const Page &page, const GraphPainter::Progress &progress)
{
    painter->fillRect(QRectF(QPointF(0, 0), page.size), Qt::white);
    painter->setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing);
    painter->setPen(QColor(0x21, 0x21, 0x21));
    painter->setFont(titleFont());
    painter->drawText(page.title, Qt::AlignLeft | Qt::AlignVCenter, page.titleText);
    painter->setPen(QColor(0x61, 0x61, 0x61));
    painter->setFont(subtitleFont());
    painter->drawText(page.subtitle, Qt::AlignLeft | Qt::AlignVCenter, page.subtitleText);
    if (!page.legend.isNull())
        LegendPainter::paint(painter, page.legend.topLeft(), snapshot.bands, snapshot.evidence);
    return graph.paint(painter, page.graph, progress);
}

Result<void> writeFile(const QString &path, const QByteArray &data)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(
            SceneExporter::tr("cannot write '%1': %2").arg(path, file.errorString()));
    if (file.write(data) != data.size() || !file.commit())
        return Result<void>::failure(
            SceneExporter::tr("cannot write '%1': %2").arg(path, file.errorString()));
    return Result<void>::success();
}

} // namespace

QSizeF SceneExporter::pageSize(const TopologyScene &scene, const ExportOptions &options)
{
    return layoutPage(RenderSnapshot::capture(scene), options).size;
}

QSizeF SceneExporter::pageSize(const RenderSnapshot &snapshot, const ExportOptions &options)
{
    return layoutPage(snapshot, options).size;
}

QRectF SceneExporter::graphRect(const RenderSnapshot &snapshot, const ExportOptions &options)
{
    return layoutPage(snapshot, options).graph;
}

QString SceneExporter::cancelledMessage()
{
    return tr("export cancelled");
}

Result<void> SceneExporter::exportTo(const TopologyScene &scene, const QString &path,
                                     const ExportOptions &options,
                                     const core::AlertSnapshot *alerts)
{
    return exportSnapshot(RenderSnapshot::capture(scene, alerts), path, options);
}

namespace {

Result<void> writePng(const RenderSnapshot &snapshot, const GraphPainter &graph, const Page &page,
                      const QString &path, double scale, const GraphPainter::Progress &progress)
{
    const int w = int(std::ceil(page.size.width() * scale));
    const int h = int(std::ceil(page.size.height() * scale));
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Result<void>::failure(
            SceneExporter::tr("cannot write '%1': %2").arg(path, file.errorString()));
    const int stripRows = int(std::clamp<qint64>(kStripPixels / std::max(1, w), 16, h));
    QImage strip(w, stripRows, QImage::Format_RGB32);
    if (strip.isNull())
        return Result<void>::failure(
            SceneExporter::tr("cannot export to '%1': out of memory for a %2 \u00d7 %3 px strip")
                .arg(path)
                .arg(w)
                .arg(stripRows));
    PngStripWriter png(&file, w, h);
    if (Result<void> started = png.begin(); !started)
        return Result<void>::failure(
            SceneExporter::tr("cannot export to '%1': %2").arg(path, started.error()));
    const int strips = (h + stripRows - 1) / stripRows;
    // Two strips are painted at once, on this thread and one more (the painting is ~90 % of
    // the work and the snapshot is read-only), then encoded in order. Progress from the two
    // is reported only when it grows, so the bar never moves back.
    QImage second;
    if (strips > 1)
        second = QImage(w, stripRows, QImage::Format_RGB32);
    std::mutex progressLock;
    double reported = 0.0;
    const auto report = [&](double done) {
        std::lock_guard<std::mutex> lock(progressLock);
        if (done > reported)
            reported = done;
        return !progress || progress(reported);
    };
    const auto paintStrip = [&](int k, QImage &image) {
        const int top = k * stripRows;
        image.fill(Qt::white);
        QPainter painter(&image);
        painter.setClipRect(QRect(0, 0, w, std::min(stripRows, h - top)));
        painter.translate(0, -top);
        painter.scale(scale, scale);
        return paintPage(&painter, snapshot, graph, page,
                         [&](double done) { return report(0.9 * (k + done) / strips); });
    };
    for (int k = 0; k < strips; k += 2) {
        const bool pair = k + 1 < strips && !second.isNull();
        bool secondOk = true;
        std::thread helper;
        if (pair)
            helper = std::thread([&] { secondOk = paintStrip(k + 1, second); });
        const bool firstOk = paintStrip(k, strip);
        if (helper.joinable())
            helper.join();
        if (!firstOk || !secondOk)
            return Result<void>::failure(SceneExporter::cancelledMessage());
        for (int j = 0; j < (pair ? 2 : 1); ++j) {
            const int rows = std::min(stripRows, h - (k + j) * stripRows);
            if (Result<void> r = png.writeRows(j == 0 ? strip : second, rows); !r)
                return Result<void>::failure(
                    SceneExporter::tr("cannot export to '%1': %2").arg(path, r.error()));
        }
        if (!report(0.9 * std::min(strips, k + 2) / strips))
            return Result<void>::failure(SceneExporter::cancelledMessage());
    }
    if (Result<void> r = png.finish(); !r)
        return Result<void>::failure(
            SceneExporter::tr("cannot export to '%1': %2").arg(path, r.error()));
    if (!file.commit())
        return Result<void>::failure(
            SceneExporter::tr("cannot write '%1': %2").arg(path, file.errorString()));
    return Result<void>::success();
}

} // namespace

Result<void> SceneExporter::exportSnapshot(const RenderSnapshot &snapshot, const QString &path,
                                           const ExportOptions &options,
                                           const GraphPainter::Progress &progress,
                                           std::vector<GraphPainter::Label> *painted)
{
    const QString suffix = QFileInfo(path).suffix().toLower();
    if (suffix != QLatin1String("png") && suffix != QLatin1String("svg") &&
        suffix != QLatin1String("pdf"))
        return Result<void>::failure(
            SceneExporter::tr(
                "cannot export to '%1': unknown file extension '%2' (expected .png, .svg or .pdf)")
                .arg(path,
                     suffix.isEmpty() ? SceneExporter::tr("(none)") : QLatin1Char('.') + suffix));
    if (snapshot.nodes.empty())
        return Result<void>::failure(
            SceneExporter::tr("cannot export to '%1': the graph is empty").arg(path));
    // Fail before rendering (which can take seconds for a large graph) if the folder is missing.
    const QFileInfo dir(QFileInfo(path).absolutePath());
    if (!dir.isDir())
        return Result<void>::failure(
            SceneExporter::tr("cannot write '%1': folder '%2' does not exist")
                .arg(path, dir.filePath()));

    const Page page = layoutPage(snapshot, options);
    const GraphPainter graph(snapshot);
    if (painted)
        *painted = graph.labels();

    if (suffix == QLatin1String("png")) {
        if (!(options.scale > 0.0) || options.scale > 16.0)
            return Result<void>::failure(
                SceneExporter::tr("cannot export to '%1': scale %2 is outside 0\u201316")
                    .arg(path)
                    .arg(options.scale));
        const qint64 w = qint64(std::ceil(page.size.width() * options.scale));
        const qint64 h = qint64(std::ceil(page.size.height() * options.scale));
        if (w > kMaxPngSide || h > kMaxPngSide || w * h > kMaxPngPixels)
            return Result<void>::failure(
                SceneExporter::tr(
                    "cannot export to '%1': the image would be %2 \u00d7 %3 px at scale %4 "
                    "(limit %5 px per side, %6 Mpx); choose a smaller scale or SVG/PDF")
                    .arg(path)
                    .arg(w)
                    .arg(h)
                    .arg(options.scale)
                    .arg(kMaxPngSide)
                    .arg(kMaxPngPixels / (1024 * 1024)));
        const Result<void> written = writePng(snapshot, graph, page, path, options.scale, progress);
        if (written)
            qCDebug(lcExport) << "exported" << path;
        return written;
    }

    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    if (suffix == QLatin1String("svg")) {
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(page.size.toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), page.size));
        svg.setTitle(page.titleText);
        svg.setDescription(page.subtitleText);
        QPainter painter;
        if (!painter.begin(&svg))
            return Result<void>::failure(
                SceneExporter::tr("cannot export to '%1': the SVG generator did not start")
                    .arg(path));
        const bool finished = paintPage(&painter, snapshot, graph, page, progress);
        painter.end();
        if (!finished)
            return Result<void>::failure(cancelledMessage());
    } else {
        const double fit =
            std::min(1.0, kMaxPdfPoints / std::max(page.size.width(), page.size.height()));
        QPdfWriter pdf(&buffer);
        pdf.setTitle(options.note.isEmpty()
                         ? page.titleText
                         : page.titleText + QStringLiteral(" (") + options.note + QLatin1Char(')'));
        pdf.setCreator(QStringLiteral("Meshscope"));
        pdf.setResolution(72); // one scene unit = one point
        pdf.setPageSize(
            QPageSize(page.size * fit, QPageSize::Point, QString(), QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        QPainter painter;
        if (!painter.begin(&pdf))
            return Result<void>::failure(
                SceneExporter::tr("cannot export to '%1': the PDF writer did not start").arg(path));
        painter.scale(fit, fit);
        const bool finished = paintPage(&painter, snapshot, graph, page, progress);
        painter.end();
        if (!finished)
            return Result<void>::failure(cancelledMessage());
    }
    buffer.close();
    qCDebug(lcExport) << "exported" << path << data.size() << "bytes";
    return writeFile(path, data);
}

} // namespace meshscope::widgets
