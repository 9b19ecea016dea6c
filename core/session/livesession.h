#pragma once

#include "core/history/historystore.h"
#include "core/layout/layoutfile.h"
#include "core/session/refreshintents.h"
#include "core/session/refreshpipeline.h"
#include "core/session/sessiontypes.h"

#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>
#include <optional>

namespace meshscope::core {

// One live look at a telemetry source: owns the refresh pipeline, the history, the last
// snapshot, the stale state, the refresh schedule and the user's pending intents. Lives on the
// GUI thread and uses Qt Core only, so it is tested headless; windows and views only listen to
// it and ask it for things.
//
// Intents (re-layout, a restored layout, a fit) are merged while a refresh runs and are only
// turned into a request when the pipeline is idle, so a "Refresh now" never replaces them.
class LiveSession : public QObject
{
    Q_OBJECT
public:
    using Clock = std::function<qint64()>; // ms since the Unix epoch
    // What the view shows now: the positions the next layout starts from and the pinned nodes.
    struct ViewState
    {
        std::function<Positions()> positions;
        std::function<NodeIdSet()> pinned;
    };

    explicit LiveSession(QObject *parent = nullptr);
    ~LiveSession() override;

    void setClock(Clock clock);
    void setViewState(ViewState view);
    void setSeed(quint64 seed) { m_seed = seed; }

    // A new source starts afresh: history, snapshot, stale state and intents are cleared;
    // `remembered` is the arrangement the user left this source in, if any. Starts a refresh.
    void setSource(std::shared_ptr<TelemetrySource> source, const HealthSettings &settings,
                   std::optional<SavedLayout> remembered = std::nullopt);
    std::shared_ptr<TelemetrySource> source() const { return m_source; }
    QString sourceName() const { return m_pipeline->sourceName(); }
    // Applied from the next refresh on, which starts now.
    void setHealthSettings(const HealthSettings &settings);

    // The last good snapshot, or null before the first one of this source.
    const RefreshResult *snapshot() const { return m_last ? &*m_last : nullptr; }
    const HistoryStore &history() const { return m_history; }
    const StaleState &stale() const { return m_stale; }
    qint64 lastRefreshMs() const { return m_lastRefreshMs; }
    bool isRefreshing() const { return m_pipeline->isBusy(); }

    // Schedule.
    double intervalSeconds() const { return m_intervalSeconds; }
    void setIntervalSeconds(double seconds);
    bool isPaused() const { return m_paused; }
    void setPaused(bool paused);
    LayoutMode layoutMode() const { return m_mode; }
    void setLayoutMode(LayoutMode mode); // takes effect with a re-layout, which starts now
    // Force mode keeps the members of each group together (std::nullopt: no grouping); a change
    // re-lays out from scratch, now.
    const std::optional<GroupingKey> &grouping() const { return m_grouping; }
    void setGrouping(std::optional<GroupingKey> grouping);

    // Intents: each asks for a refresh and is kept until a refresh that carries it succeeds.
    void refreshNow();
    void relayout();
    void restoreLayout(const SavedLayout &layout);
    const RefreshIntents &pendingIntents() const { return m_intents; }

    // Blocks until the running refresh (if any) has finished; for shutdown.
    void waitForIdle() { m_pipeline->waitForIdle(); }

Q_SIGNALS:
    // A new snapshot is current. `applied` holds the intents it carried (pins to restore,
    // whether to fit), for the view to finish what the user asked for.
    void snapshotReady(const meshscope::core::RefreshResult &snapshot,
                       const meshscope::core::RefreshIntents &applied);
    void staleChanged(const meshscope::core::StaleState &stale);
    void scheduleChanged();
    void sourceChanged(const QString &name);

private:
    void startIfIdle();
    void onRefreshed(const RefreshResult &result);
    void onRefreshFailed(const QString &message);
    void onBusyChanged(bool busy);
    void restartTimer();

    RefreshPipeline *m_pipeline = nullptr;
    std::shared_ptr<TelemetrySource> m_source;
    HistoryStore m_history;
    std::optional<RefreshResult> m_last;
    StaleState m_stale;
    qint64 m_lastRefreshMs = 0;
    Clock m_clock;
    ViewState m_view;
    quint64 m_seed = 1;
    QTimer m_timer;
    double m_intervalSeconds = 5.0;
    bool m_paused = false;
    LayoutMode m_mode = LayoutMode::Force;
    std::optional<GroupingKey> m_grouping;
    RefreshIntents m_intents;  // asked for, not yet sent
    RefreshIntents m_inFlight; // sent with the running refresh
    bool m_wanted = false;     // a refresh was asked for while one ran
};

} // namespace meshscope::core
