#include "app/diffflow.h"

#include "app/appsettings.h"
#include "app/groupflow.h"
#include "core/io/snapshotdiff.h"
#include "core/io/snapshotio.h"
#include "core/session/livesession.h"
#include "widgets/diffoverlayitem.h"
#include "widgets/grouppresenter.h"
#include "widgets/snapshotdiffdialog.h"
#include "widgets/topologyscene.h"
#include "widgets/topologyview.h"

#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMainWindow>
#include <QStatusBar>

namespace meshscope::app {

DiffFlow::DiffFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
                   widgets::TopologyView *view, GroupFlow *groups, ErrorSink showError)
    : QObject(window), m_window(window), m_session(session), m_scene(scene), m_view(view),
      m_groups(groups), m_showError(std::move(showError))
{
    // The marks follow their services when a refresh or an expand moves them.
    connect(scene, &widgets::TopologyScene::snapshotApplied, this, [this] {
        if (m_overlay)
            m_overlay->geometryChanged();
    });
    connect(scene, &widgets::TopologyScene::nodeMoved, this, [this] {
        if (m_overlay)
            m_overlay->geometryChanged();
    });
}

void DiffFlow::compareWithFile()
{
    const QString path = QFileDialog::getOpenFileName(m_window, tr("Compare with Snapshot"),
                                                      AppSettings::exportFolder(),
                                                      tr("Meshscope snapshots (*.json)"));
    if (!path.isEmpty())
        compareWithFile(path);
}

bool DiffFlow::compareWithFile(const QString &path)
{
    const core::RefreshResult *now = m_session->snapshot();
    if (!now) {
        m_showError(tr("Compare with snapshot"), tr("There is no graph yet to compare with."));
        return false;
    }
    const Result<core::LoadedSnapshot> loaded = core::readSnapshotFile(path);
    if (!loaded) {
        m_showError(tr("Compare with snapshot"), loaded.error()); // the last comparison stays
        return false;
    }
    const core::LoadedSnapshot &before = loaded.value();
    show(core::SnapshotDiff::compare({before.topology.get(), &before.scores, &before.positions,
                                      QFileInfo(path).fileName(), before.timestampMs},
                                     {now->topology.get(), now->scores.get(), now->positions.get(),
                                      tr("now"), now->topology->timestampMs()}));
    return true;
}

void DiffFlow::compareWithHistory()
{
    const std::vector<qint64> times = m_session->history().timestamps();
    if (times.empty()) {
        m_showError(tr("Compare with history"), tr("The history is empty so far."));
        return;
    }
    QStringList moments;
    for (auto it = times.crbegin(); it != times.crend(); ++it)
        moments << QDateTime::fromMSecsSinceEpoch(*it).toString(QStringLiteral("HH:mm:ss"));
    bool ok = false;
    const QString chosen = QInputDialog::getItem(m_window, tr("Compare with History"),
                                                 tr("Moment:"), moments, 0, false, &ok);
    if (ok)
        compareWithHistoryAt(times[times.size() - 1 - size_t(moments.indexOf(chosen))]);
}

bool DiffFlow::compareWithHistoryAt(qint64 momentMs)
{
    const core::RefreshResult *now = m_session->snapshot();
    if (!now) {
        m_showError(tr("Compare with history"), tr("There is no graph yet to compare with."));
        return false;
    }
    const Result<core::SnapshotDiff> diff = core::SnapshotDiff::compareWithHistory(
        m_session->history(), momentMs,
        {now->topology.get(), now->scores.get(), now->positions.get(), tr("now"),
         now->topology->timestampMs()});
    if (!diff) {
        m_showError(tr("Compare with history"), diff.error());
        return false;
    }
    show(diff.value());
    return true;
}

void DiffFlow::show(const core::SnapshotDiff &diff)
{
    if (!m_overlay) {
        m_overlay = new widgets::DiffOverlayItem(m_scene);
        m_scene->addItem(m_overlay);
    }
    // Added services hidden in a collapsed group are shown, so that their marks can be drawn.
    for (const core::SnapshotDiff::Service &s : diff.services()) {
        if (s.status == core::SnapshotDiff::Status::Added)
            m_groups->presenter()->reveal(s.id);
    }
    m_overlay->setDiff(diff);
    if (!m_dialog) {
        m_dialog = new widgets::SnapshotDiffDialog(m_window);
        connect(m_dialog, &widgets::SnapshotDiffDialog::serviceActivated, this,
                [this](const core::NodeId &id) {
                    m_groups->presenter()->reveal(id);
                    m_scene->selectNode(id);
                    m_view->centerOnNode(id);
                });
    }
    m_dialog->setDiff(diff);
    m_dialog->show();
    m_window->statusBar()->showMessage(m_dialog->summary(), 8000);
}

void DiffFlow::clear()
{
    delete m_overlay; // removes it from the scene
    m_overlay = nullptr;
    if (m_dialog)
        m_dialog->close();
}

} // namespace meshscope::app
