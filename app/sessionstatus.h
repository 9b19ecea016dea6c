#pragma once

#include "core/session/refreshengine.h"

#include <QObject>

#include <optional>

class QLabel;
class QMainWindow;
class QWidget;

namespace meshscope::core {
class LiveSession;
struct StaleState;
} // namespace meshscope::core

namespace meshscope::app {

// What the window says about the live session: the source, the counts, the last refresh or
// why the graph is stale (a red status text and a banner over the graph, which keeps the last
// good snapshot drawn), or which past moment the window replays. Listens to the session; the
// replay flow tells it about moments.
class SessionStatus : public QObject
{
    Q_OBJECT
public:
    // The banner is laid over `graphView`; the labels go into the window's status bar.
    SessionStatus(QMainWindow *window, QWidget *graphView, core::LiveSession *session);

    void update();
    // While a past moment is replayed the counts describe it and the refresh label says which
    // moment it is ("Replay 14:02:10 — 3 min ago"); null returns to the live session.
    void showMoment(const core::RefreshResult *moment, qint64 timestampMs = 0);
    // "3 min ago": how far `momentMs` lies before `nowMs`, in the largest whole unit.
    static QString ageText(qint64 momentMs, qint64 nowMs);

private:
    void showCounts(const core::RefreshResult &shown);

    void onStale(const core::StaleState &stale);

    QWidget *m_graphView = nullptr;
    core::LiveSession *m_session = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_source = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_refresh = nullptr;
    std::optional<core::RefreshResult> m_moment; // the replayed moment shown, if any
    qint64 m_momentMs = 0;
};

} // namespace meshscope::app
