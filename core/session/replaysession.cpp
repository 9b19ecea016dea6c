#include "core/session/replaysession.h"

#include "core/session/livesession.h"

#include <QLoggingCategory>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace meshscope::core {

Q_DECLARE_LOGGING_CATEGORY(lcSession) // defined in livesession.cpp

ReplaySession::ReplaySession(LiveSession *live, QObject *parent) : QObject(parent), m_live(live)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &ReplaySession::finished);
}

ReplaySession::~ReplaySession()
{
    m_cancel.cancel();
    m_watcher.waitForFinished();
}

void ReplaySession::waitForIdle()
{
    m_watcher.waitForFinished();
}

void ReplaySession::setMode(Mode mode)
{
    if (m_mode == mode)
        return;
    m_mode = mode;
    Q_EMIT modeChanged(mode);
}

void ReplaySession::load(std::shared_ptr<PastTelemetry> past, const ReplayWindow &window,
                         const ReplayOptions &options)
{
    cancel();
    m_watcher.waitForFinished(); // a cancelled load ends at its next step or request
    m_cancel = CancelToken();
    const quint64 generation = ++m_generation;
    const CancelToken cancelToken = m_cancel;
    // Progress is posted to this object's thread; a report of an older load is dropped.
    QPointer<ReplaySession> self(this);
    const PastTelemetry::Progress report = [self, generation](qint64 done, qint64 total) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, done, total] {
                if (self && self->m_generation == generation)
                    Q_EMIT self->progress(done, total);
            },
            Qt::QueuedConnection);
    };
    if (m_mode == Mode::Live)
        setMode(Mode::Loading);
    m_watcher.setFuture(
        QtConcurrent::run([past = std::move(past), window, options, report,
                           cancelToken]() -> Result<std::shared_ptr<const ReplayTimeline>> {
            try {
                return ReplayTimeline::load(*past, window, options, report, cancelToken);
            } catch (const std::exception &e) {
                return Error{QStringLiteral("replay failed: %1").arg(QString::fromUtf8(e.what()))};
            }
        }));
}

void ReplaySession::cancel()
{
    m_cancel.cancel();
}

void ReplaySession::finished()
{
    Result<std::shared_ptr<const ReplayTimeline>> result = m_watcher.result();
    if (m_mode == Mode::Loading)
        setMode(Mode::Live);
    if (!result) {
        qCInfo(lcSession) << "replay not loaded:" << result.error();
        Q_EMIT loadFailed(result.error());
        return;
    }
    m_timeline = std::move(result).value();
    Q_EMIT loaded(m_timeline->size());
    setPosition(m_timeline->size() - 1); // the newest moment first, nearest to live
}

qint64 ReplaySession::positionTimeMs() const
{
    return m_timeline ? m_timeline->frame(m_position).timestampMs : 0;
}

void ReplaySession::setPosition(int index)
{
    if (!m_timeline || m_timeline->isEmpty())
        return;
    if (m_mode != Mode::Replay) {
        m_livePaused = m_live && m_live->isPaused();
        if (m_live)
            m_live->setPaused(true);
        setMode(Mode::Replay);
    }
    m_position = std::clamp(index, 0, m_timeline->size() - 1);
    Q_EMIT frameShown(m_timeline->result(m_position), positionTimeMs());
}

void ReplaySession::goLive()
{
    cancel();
    if (m_mode == Mode::Live)
        return;
    const bool wasReplaying = m_mode == Mode::Replay;
    setMode(Mode::Live);
    if (!wasReplaying)
        return;
    Q_EMIT liveResumed();
    if (m_live) {
        m_live->setPaused(m_livePaused);
        m_live->refreshNow();
    }
}

} // namespace meshscope::core
