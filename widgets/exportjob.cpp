#include "widgets/exportjob.h"

#include <QLoggingCategory>
#include <QMetaObject>
#include <QSemaphore>
#include <QThreadPool>

#include <atomic>
#include <cmath>

namespace meshscope::widgets {

// What the worker and the GUI thread share: the snapshot (read-only), a cancel flag, and a
// semaphore the worker releases when it no longer touches the job.
struct ExportJob::Shared
{
    RenderSnapshot snapshot;
    std::atomic<bool> cancelled{false};
    std::atomic<int> lastPercent{-1};
    QSemaphore done;
};

ExportJob::ExportJob(RenderSnapshot snapshot, QString path, ExportOptions options, QObject *parent)
    : QObject(parent), m_shared(std::make_shared<Shared>()), m_path(std::move(path)),
      m_options(std::move(options))
{
    m_shared->snapshot = std::move(snapshot);
}

ExportJob::~ExportJob()
{
    if (m_running) {
        m_shared->cancelled = true;
        m_shared->done.acquire(); // the worker posts to this object until it releases
    }
}

bool ExportJob::isCancelled() const
{
    return m_shared->cancelled;
}

void ExportJob::cancel()
{
    m_shared->cancelled = true;
}

void ExportJob::start()
{
    if (m_running)
        return;
    m_running = true;
    std::shared_ptr<Shared> shared = m_shared;
    const QString path = m_path;
    const ExportOptions options = m_options;
    QThreadPool::globalInstance()->start([this, shared, path, options] {
        const auto progress = [this, &shared](double done) {
            if (shared->cancelled)
                return false;
            const int percent = int(std::floor(done * 100.0));
            if (percent != shared->lastPercent.exchange(percent))
                QMetaObject::invokeMethod(
                    this,
                    [this, percent] {
                        m_progress = percent;
                        Q_EMIT progressChanged(percent);
                    },
                    Qt::QueuedConnection);
            return true;
        };
        std::vector<GraphPainter::Label> labels;
        Result<void> result =
            SceneExporter::exportSnapshot(shared->snapshot, path, options, progress, &labels);
        if (!result && shared->cancelled)
            result = Result<void>::failure(SceneExporter::cancelledMessage());
        QMetaObject::invokeMethod(
            this,
            [this, result = std::move(result), labels = std::move(labels)]() mutable {
                onFinished(std::move(result), std::move(labels));
            },
            Qt::QueuedConnection);
        shared->done.release();
    });
}

void ExportJob::onFinished(Result<void> result, std::vector<GraphPainter::Label> labels)
{
    // The worker has released (or is about to release) the semaphore; take it so that the
    // destructor does not wait for a worker that has gone.
    m_shared->done.acquire();
    m_running = false;
    m_result = std::move(result);
    m_labels = std::move(labels);
    if (m_result)
        m_progress = 100;
    Q_EMIT finished(m_result.ok());
}

} // namespace meshscope::widgets
