#pragma once

#include "core/session/refreshengine.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>
#include <optional>

namespace meshscope::core {

// Runs RefreshEngine on the thread pool, one refresh at a time, and hands the values back to
// the GUI thread as signals. A request that arrives while one runs is coalesced into the next
// run (the newest request wins: a caller with one-shot intents, such as LiveSession, asks only
// when the pipeline is idle, so that nothing it asked for is replaced). Results of an older
// source are dropped. An exception in a refresh is reported as refreshFailed. Lives on the GUI
// thread.
class RefreshPipeline : public QObject
{
    Q_OBJECT
public:
    explicit RefreshPipeline(QObject *parent = nullptr);
    ~RefreshPipeline() override;

    // A new source starts a new epoch: builder memory and baselines are reset.
    void setSource(std::shared_ptr<TelemetrySource> source, const HealthSettings &settings);
    // Applied from the next refresh on; baselines are kept.
    void setHealthSettings(const HealthSettings &settings);
    QString sourceName() const;

    void requestRefresh(const RefreshRequest &request);
    bool isBusy() const { return m_busy; }
    // Blocks until the running refresh (if any) has finished; for shutdown and tests.
    void waitForIdle();

Q_SIGNALS:
    void refreshed(const meshscope::core::RefreshResult &result);
    void refreshFailed(const QString &message);
    void busyChanged(bool busy);

private:
    void start(const RefreshRequest &request);
    void finished();

    std::shared_ptr<RefreshEngine> m_engine;
    std::optional<HealthSettings> m_pendingSettings;
    std::optional<RefreshRequest> m_queued;
    QFutureWatcher<Result<RefreshResult>> m_watcher;
    quint64 m_epoch = 0;
    quint64 m_runningEpoch = 0;
    bool m_busy = false;
};

} // namespace meshscope::core

Q_DECLARE_METATYPE(meshscope::core::RefreshResult)
