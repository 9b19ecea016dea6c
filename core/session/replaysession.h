#pragma once

#include "core/session/refreshpipeline.h" // RefreshResult as a signal argument
#include "core/session/replaytimeline.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace meshscope::core {

class LiveSession;

// Replay mode beside a live session: loads a past window (on the thread pool, with progress
// and cancel) and then shows one moment of it at a time, while the live session is paused so
// nothing live replaces that moment. goLive() returns to live refresh as the user left it
// (paused or not). Lives on the GUI thread, Qt Core only.
class ReplaySession : public QObject
{
    Q_OBJECT
public:
    enum class Mode
    {
        Live,
        Loading, // the live graph is still shown; the window is being fetched
        Replay
    };
    Q_ENUM(Mode)

    explicit ReplaySession(LiveSession *live, QObject *parent = nullptr);
    ~ReplaySession() override;

    Mode mode() const { return m_mode; }
    bool isReplaying() const { return m_mode == Mode::Replay; }

    // Starts loading; a load under way is cancelled. The window stays live until it succeeds;
    // a failure keeps what was shown (live, or the previous replay).
    void load(std::shared_ptr<PastTelemetry> past, const ReplayWindow &window,
              const ReplayOptions &options);
    void cancel();
    void waitForIdle();

    // The loaded timeline (null before the first load), and the moment shown from it.
    std::shared_ptr<const ReplayTimeline> timeline() const { return m_timeline; }
    int position() const { return m_position; }
    qint64 positionTimeMs() const;

    // Shows moment `index` (clamped) and enters replay if it was live with a timeline.
    void setPosition(int index);
    void step(int frames) { setPosition(m_position + frames); }
    void goLive();

Q_SIGNALS:
    void modeChanged(meshscope::core::ReplaySession::Mode mode);
    void progress(qint64 done, qint64 total);
    void loaded(int frames);
    void loadFailed(const QString &message);
    // A moment of the timeline is to be shown (graph, scores, details).
    void frameShown(const meshscope::core::RefreshResult &frame, qint64 timestampMs);
    // Live again: the live session's last snapshot is what to show.
    void liveResumed();

private:
    void setMode(Mode mode);
    void finished();

    LiveSession *m_live = nullptr;
    Mode m_mode = Mode::Live;
    bool m_livePaused = false; // how the user left the live session
    std::shared_ptr<const ReplayTimeline> m_timeline;
    int m_position = 0;
    CancelToken m_cancel;
    quint64 m_generation = 0;
    QFutureWatcher<Result<std::shared_ptr<const ReplayTimeline>>> m_watcher;
};

} // namespace meshscope::core
