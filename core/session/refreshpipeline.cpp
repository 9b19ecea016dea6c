#include "core/session/refreshpipeline.h"

#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcPipeline, "meshscope.core.pipeline")

RefreshPipeline::RefreshPipeline(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<RefreshResult>();
    connect(&m_watcher, &QFutureWatcher<Result<RefreshResult>>::finished, this,
            &RefreshPipeline::finished);
}

RefreshPipeline::~RefreshPipeline()
{
    waitForIdle();
}

void RefreshPipeline::setSource(std::shared_ptr<TelemetrySource> source,
                                const HealthSettings &settings)
{
    ++m_epoch;
    m_queued.reset();
    m_pendingSettings.reset();
    // The running job keeps its own engine alive through the lambda's copy; its result is dropped.
    m_engine = std::make_shared<RefreshEngine>(std::move(source), settings);
}

void RefreshPipeline::setHealthSettings(const HealthSettings &settings)
{
    m_pendingSettings = settings;
}

QString RefreshPipeline::sourceName() const
{
    return m_engine && m_engine->source() ? m_engine->source()->name() : QString();
}

void RefreshPipeline::requestRefresh(const RefreshRequest &request)
{
    if (!m_engine)
        return;
    if (m_busy) {
        m_queued = request;
        return;
    }
    start(request);
}

void RefreshPipeline::start(const RefreshRequest &request)
{
    std::shared_ptr<RefreshEngine> engine = m_engine;
    std::optional<HealthSettings> settings = std::move(m_pendingSettings);
    m_pendingSettings.reset();
    m_runningEpoch = m_epoch;
    m_busy = true;
    Q_EMIT busyChanged(true);
    m_watcher.setFuture(QtConcurrent::run([engine, settings, request]() -> Result<RefreshResult> {
        // Nothing may escape into the future: QFutureWatcher::result() would rethrow it inside
        // a slot on the GUI thread and end the application. A throwing refresh is a failed one;
        // the caller keeps its last good graph and shows the reason.
        try {
            if (settings)
                engine->setHealthSettings(*settings);
            return engine->refresh(request);
        } catch (const std::exception &e) {
            return Error{QStringLiteral("the refresh stopped on an internal error: %1")
                             .arg(QString::fromLocal8Bit(e.what()))};
        } catch (...) {
            return Error{QStringLiteral("the refresh stopped on an unknown internal error")};
        }
    }));
}

void RefreshPipeline::finished()
{
    const Result<RefreshResult> result = m_watcher.result();
    m_busy = false;
    const bool current = m_runningEpoch == m_epoch;
    if (!current) {
        qCDebug(lcPipeline) << "dropping a refresh of an earlier source";
    } else if (result) {
        Q_EMIT refreshed(result.value());
    } else {
        qCWarning(lcPipeline) << "refresh failed:" << result.error();
        Q_EMIT refreshFailed(result.error());
    }
    if (m_queued) {
        const RefreshRequest next = *m_queued;
        m_queued.reset();
        start(next);
        return;
    }
    Q_EMIT busyChanged(false);
}

void RefreshPipeline::waitForIdle()
{
    if (m_busy)
        m_watcher.waitForFinished();
}

} // namespace meshscope::core
