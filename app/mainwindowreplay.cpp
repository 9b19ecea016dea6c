#include "app/exportflow.h"
#include "app/groupflow.h"
#include "app/mainwindow.h"
#include "app/replayflow.h"
#include "app/sessionstatus.h"
#include "core/health/healthsettingswatcher.h"
#include "core/session/livesession.h"
#include "core/session/refreshintents.h"
#include "widgets/timelinebar.h"
#include "widgets/topologyscene.h"

namespace meshscope::app {

// Kept apart from mainwindow.cpp: the replay wiring is one piece a reader looks for by name.
void MainWindow::setupReplay()
{
    const auto options = [this] {
        core::ReplayOptions o;
        o.settings = m_healthWatcher->current();
        o.start = m_groups->positions();
        o.pinned = m_scene->pinned();
        o.mode = m_session->layoutMode();
        o.grouping = m_session->grouping();
        o.seed = m_seed;
        return o;
    };
    m_replay = new ReplayFlow(
        m_session, m_timeline, options,
        [this](const core::RefreshResult &moment, const core::HistoryStore *history) {
            showSnapshot(moment, core::RefreshIntents{}, history);
        },
        this);
    // The status bar and File > Export follow the moment on screen, not the live session.
    connect(m_replay, &ReplayFlow::momentChanged, this,
            [this](const core::RefreshResult *moment, qint64 timestampMs) {
                m_status->showMoment(moment, timestampMs);
                m_export->setMoment(moment, timestampMs);
            });
}

} // namespace meshscope::app
