#include "app/exportflow.h"

#include "app/appsettings.h"
#include "core/io/snapshotio.h"
#include "core/layout/layoutfile.h"
#include "core/session/livesession.h"
#include "widgets/exportjob.h"
#include "widgets/rendersnapshot.h"
#include "widgets/sceneexporter.h"
#include "widgets/topologyscene.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMainWindow>
#include <QProgressBar>
#include <QPushButton>
#include <QStatusBar>

#include <algorithm>

namespace meshscope::app {

namespace {
constexpr int kMessageMs = 6000;
}

ExportFlow::ExportFlow(QMainWindow *window, core::LiveSession *session,
                       widgets::TopologyScene *scene, ErrorSink showError)
    : QObject(window), m_window(window), m_session(session), m_scene(scene),
      m_showError(std::move(showError))
{
}

QString ExportFlow::suggestedName(const QString &suffix) const
{
    // "demo:shop" -> shop.png, "demo:generated:5000" -> generated.png
    QString base = m_session->sourceName().section(QLatin1Char(':'), 1, 1);
    if (base.isEmpty())
        base = QStringLiteral("meshscope");
    return AppSettings::exportFolder() + QLatin1Char('/') + base + suffix;
}

void ExportFlow::setMoment(const core::RefreshResult *moment, qint64 timestampMs)
{
    if (moment)
        m_moment = *moment; // shared values: a cheap copy
    else
        m_moment.reset();
    m_momentMs = moment ? timestampMs : 0;
}

const core::RefreshResult *ExportFlow::shown() const
{
    return m_moment ? &*m_moment : m_session->snapshot();
}

QString ExportFlow::replayNote() const
{
    if (!m_moment)
        return {};
    const qint64 liveMs = m_session->snapshot() ? m_session->snapshot()->topology->timestampMs()
                                                : QDateTime::currentMSecsSinceEpoch();
    return tr("replay of %1, not live (live graph: %2)")
        .arg(QDateTime::fromMSecsSinceEpoch(m_momentMs)
                 .toUTC()
                 .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss 'UTC'")),
             QDateTime::fromMSecsSinceEpoch(liveMs).toUTC().toString(
                 QStringLiteral("HH:mm:ss 'UTC'")));
}

void ExportFlow::done(const QString &message)
{
    m_window->statusBar()->showMessage(message, kMessageMs);
}

void ExportFlow::exportImage()
{
    const core::RefreshResult *last = m_session->snapshot();
    if (!last)
        return;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export Image"), suggestedName(QStringLiteral(".png")),
        tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    if (path.isEmpty())
        return;
    AppSettings::setExportFolder(QFileInfo(path).absolutePath());
    double scale = AppSettings::exportScale();
    if (path.endsWith(QLatin1String(".png"), Qt::CaseInsensitive)) {
        bool ok = false;
        scale = QInputDialog::getDouble(m_window, tr("PNG Scale"), tr("Pixels per scene unit:"),
                                        AppSettings::exportScale(), 0.25, 8.0, 2, &ok);
        if (!ok)
            return;
        AppSettings::setExportScale(scale);
    }
    startImageExport(path, scale);
}

bool ExportFlow::startImageExport(const QString &path, double scale)
{
    const core::RefreshResult *last = shown();
    if (!last)
        return false;
    if (m_job) {
        m_window->statusBar()->showMessage(
            tr("An export to %1 is still running; cancel it or wait").arg(m_job->path()),
            kMessageMs);
        return false;
    }
    widgets::ExportOptions options;
    options.title = tr("Meshscope — %1").arg(m_session->sourceName());
    options.timestamp =
        QDateTime::fromMSecsSinceEpoch(m_moment ? m_momentMs : last->topology->timestampMs());
    options.scale = scale;
    options.note = replayNote();
    // The snapshot is what the view shows now; the view stays live while the worker paints it.
    m_job = new widgets::ExportJob(widgets::RenderSnapshot::capture(*m_scene, last->alerts.get()),
                                   path, options, this);

    m_progressBox = new QWidget;
    m_progressBox->setObjectName(QStringLiteral("exportProgress"));
    auto *row = new QHBoxLayout(m_progressBox);
    row->setContentsMargins(0, 0, 0, 0);
    auto *label = new QLabel(tr("Exporting %1 services to %2")
                                 .arg(last->topology->nodeCount())
                                 .arg(QFileInfo(path).fileName()));
    m_progressBar = new QProgressBar;
    m_progressBar->setRange(0, 100);
    m_progressBar->setMaximumWidth(160);
    auto *cancel = new QPushButton(tr("Cancel"));
    cancel->setObjectName(QStringLiteral("exportCancelButton"));
    row->addWidget(label);
    row->addWidget(m_progressBar);
    row->addWidget(cancel);
    m_window->statusBar()->addPermanentWidget(m_progressBox);
    connect(cancel, &QPushButton::clicked, m_job, &widgets::ExportJob::cancel);
    connect(m_job, &widgets::ExportJob::progressChanged, m_progressBar, &QProgressBar::setValue);
    connect(m_job, &widgets::ExportJob::finished, this, &ExportFlow::onImageExportFinished);
    m_job->start();
    return true;
}

void ExportFlow::onImageExportFinished()
{
    widgets::ExportJob *job = m_job;
    m_job = nullptr;
    delete m_progressBox; // removes it from the status bar
    m_progressBox = nullptr;
    m_progressBar = nullptr;
    if (!job)
        return;
    const Result<void> &result = job->result();
    if (result)
        done(tr("Exported %1").arg(job->path()));
    else if (job->isCancelled())
        done(tr("Export to %1 cancelled").arg(job->path()));
    else
        m_showError(tr("Export failed"), result.error());
    job->deleteLater();
}

void ExportFlow::exportData()
{
    if (!shown())
        return;
    const QString path = QFileDialog::getSaveFileName(
        m_window, tr("Export Data"), suggestedName(QStringLiteral(".json")),
        tr("JSON snapshot (*.json);;Graphviz DOT (*.dot);;GraphML (*.graphml)"));
    if (path.isEmpty())
        return;
    AppSettings::setExportFolder(QFileInfo(path).absolutePath());
    const Result<void> written = writeData(path);
    if (!written)
        m_showError(tr("Export failed"), written.error());
    else
        done(m_moment ? tr("Exported the replayed moment to %1").arg(path)
                      : tr("Exported %1").arg(path));
}

Result<void> ExportFlow::writeData(const QString &path)
{
    const core::RefreshResult *last = shown();
    if (!last)
        return Result<void>::failure(tr("nothing to export yet: no refresh has finished"));
    const core::Positions positions = m_scene->positions();
    const core::NodeIdSet pinned = m_scene->pinned();
    core::SnapshotView view;
    view.topology = last->topology.get();
    view.scores = last->scores.get();
    view.positions = &positions;
    view.pinned = &pinned;
    view.generatedAt = QDateTime::currentDateTimeUtc();
    // With Jaeger and Alertmanager, the same evidence and alerts as `meshscope export`.
    const auto &edges = last->topology->edges();
    view.evidence = std::any_of(edges.begin(), edges.end(), [](const core::TopologyEdge &e) {
        return (e.metrics.evidence & core::EdgeSample::FromTraces) != 0;
    });
    view.alerts = last->alerts.get();
    view.replay = m_moment.has_value();
    return core::writeSnapshotFile(view, path);
}

void ExportFlow::saveLayout()
{
    const QString path = QFileDialog::getSaveFileName(m_window, tr("Save Layout"), QString(),
                                                      tr("Meshscope layout (*.json)"));
    if (path.isEmpty())
        return;
    const Result<void> saved = core::LayoutFile::save(
        {m_session->sourceName(), m_scene->positions(), m_scene->pinned()}, path);
    if (!saved)
        m_showError(tr("Save layout"), saved.error());
    else
        done(tr("Layout saved to %1").arg(path));
}

void ExportFlow::openLayout()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Open Layout"), QString(),
                                                      tr("Meshscope layout (*.json)"));
    if (path.isEmpty())
        return;
    const Result<core::SavedLayout> layout = core::LayoutFile::load(path);
    if (!layout) {
        m_showError(tr("Open layout"), layout.error());
        return;
    }
    // Shown at once; the next refresh (started here) lays out from it and keeps its pins.
    if (const core::RefreshResult *last = m_session->snapshot()) {
        m_scene->setSnapshot(last->topology, last->scores, layout->positions);
        m_scene->setPinned(layout->pinned);
    }
    done(tr("Layout restored from %1 (%2 nodes, %3 pinned)")
             .arg(path)
             .arg(layout->positions.size())
             .arg(layout->pinned.size()));
    m_session->restoreLayout(layout.value());
}

} // namespace meshscope::app
