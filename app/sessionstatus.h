#pragma once

#include <QObject>

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
// good snapshot drawn). Listens to the session only.
class SessionStatus : public QObject
{
    Q_OBJECT
public:
    // The banner is laid over `graphView`; the labels go into the window's status bar.
    SessionStatus(QMainWindow *window, QWidget *graphView, core::LiveSession *session);

    void update();

private:
    void onStale(const core::StaleState &stale);

    QWidget *m_graphView = nullptr;
    core::LiveSession *m_session = nullptr;
    QLabel *m_banner = nullptr;
    QLabel *m_source = nullptr;
    QLabel *m_counts = nullptr;
    QLabel *m_refresh = nullptr;
};

} // namespace meshscope::app
