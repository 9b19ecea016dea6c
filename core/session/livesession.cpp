#include "core/session/livesession.h"

#include <QDateTime>
#include <QLoggingCategory>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcSession, "meshscope.core.session")

LiveSession::LiveSession(QObject *parent)
    : QObject(parent), m_pipeline(new RefreshPipeline(this)),
      m_clock([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    qRegisterMetaType<StaleState>();
    qRegisterMetaType<RefreshIntents>();
    connect(m_pipeline, &RefreshPipeline::refreshed, this, &LiveSession::onRefreshed);
    connect(m_pipeline, &RefreshPipeline::refreshFailed, this, &LiveSession::onRefreshFailed);
    connect(m_pipeline, &RefreshPipeline::busyChanged, this, &LiveSession::onBusyChanged);
    connect(&m_timer, &QTimer::timeout, this, &LiveSession::refreshNow);
}

LiveSession::~LiveSession()
{
    m_timer.stop();
    m_pipeline->waitForIdle();
}

void LiveSession::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

void LiveSession::setViewState(ViewState view)
{
    m_view = std::move(view);
}

void LiveSession::setSource(std::shared_ptr<TelemetrySource> source, const HealthSettings &settings,
                            std::optional<SavedLayout> remembered)
{
    m_source = source;
    m_pipeline->setSource(std::move(source), settings);
    m_history.clear();
    m_last.reset();
    m_inFlight.clear(); // a running refresh of the previous source is dropped with its intents
    m_intents.clear();
    m_intents.relayout();
    if (remembered)
        m_intents.restore(std::move(remembered).value());
    m_intents.fit();
    const bool wasStale = m_stale.stale;
    m_stale = {};
    if (wasStale)
        Q_EMIT staleChanged(m_stale);
    m_lastRefreshMs = 0;
    Q_EMIT sourceChanged(m_pipeline->sourceName());
    refreshNow();
}

void LiveSession::setHealthSettings(const HealthSettings &settings)
{
    m_pipeline->setHealthSettings(settings);
    refreshNow();
}

void LiveSession::setIntervalSeconds(double seconds)
{
    if (!(seconds > 0.0))
        return;
    m_intervalSeconds = seconds;
    if (m_timer.isActive())
        restartTimer();
    Q_EMIT scheduleChanged();
}

void LiveSession::setPaused(bool paused)
{
    if (m_paused == paused)
        return;
    m_paused = paused;
    if (paused)
        m_timer.stop();
    Q_EMIT scheduleChanged();
    if (!paused)
        refreshNow();
}

void LiveSession::setLayoutMode(LayoutMode mode)
{
    m_mode = mode;
    relayout();
}

void LiveSession::setGrouping(std::optional<GroupingKey> grouping)
{
    if (grouping == m_grouping)
        return;
    m_grouping = std::move(grouping);
    relayout();
}

void LiveSession::refreshNow()
{
    m_wanted = true;
    startIfIdle();
    restartTimer();
}

void LiveSession::relayout()
{
    m_intents.relayout();
    refreshNow();
}

void LiveSession::restoreLayout(const SavedLayout &layout)
{
    m_intents.restore(layout);
    refreshNow();
}

void LiveSession::restartTimer()
{
    if (!m_paused)
        m_timer.start(int(m_intervalSeconds * 1000));
}

void LiveSession::startIfIdle()
{
    if (!m_source || m_pipeline->isBusy() || !m_wanted)
        return;
    m_wanted = false;
    m_inFlight = m_intents;
    m_intents.clear();
    RefreshRequest request =
        m_inFlight.apply(m_view.positions ? m_view.positions() : Positions{},
                         m_view.pinned ? m_view.pinned() : NodeIdSet{}, m_mode, m_seed);
    request.historyCapacity = m_history.capacity();
    request.grouping = m_grouping;
    m_pipeline->requestRefresh(request);
}

void LiveSession::onBusyChanged(bool busy)
{
    if (!busy)
        startIfIdle();
}

void LiveSession::onRefreshed(const RefreshResult &result)
{
    if (result.backfill && m_history.pointCount() == 0) {
        // Once per source. The backfill holds only its replayed points: copy, then grow.
        const int capacity = m_history.capacity();
        m_history = result.backfill->copy();
        m_history.setCapacity(capacity);
    }
    m_history.append(*result.topology, *result.scores);
    m_last = result;
    m_last->backfill.reset();
    m_lastRefreshMs = m_clock();
    const RefreshIntents applied = std::exchange(m_inFlight, RefreshIntents{});
    if (m_stale.stale) {
        m_stale = {};
        Q_EMIT staleChanged(m_stale);
    }
    Q_EMIT snapshotReady(*m_last, applied);
}

void LiveSession::onRefreshFailed(const QString &message)
{
    // What the failed refresh carried is still wanted: it goes back under the newer intents.
    RefreshIntents back = std::exchange(m_inFlight, RefreshIntents{});
    back.merge(m_intents);
    m_intents = back;
    qCInfo(lcSession) << "refresh failed, keeping the last good graph:" << message;
    if (!m_stale.stale)
        m_stale.sinceMs = m_clock();
    m_stale.stale = true;
    m_stale.reason = message;
    Q_EMIT staleChanged(m_stale);
}

} // namespace meshscope::core
