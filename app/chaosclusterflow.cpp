#include "app/chaosclusterflow.h"

#include "chaos/experiment/prometheusobserver.h"
#include "chaos/kube/kubeexecutor.h"
#include "core/session/combinedsource.h"

#include <QLoggingCategory>
#include <QThread>

namespace meshscope::app {

Q_DECLARE_LOGGING_CATEGORY(lcWindow) // mainwindow.cpp: one category for the app

QString ClusterContext::label() const
{
    return context.isEmpty() ? QStringLiteral("the current context") : context;
}

ChaosClusterFlow::ChaosClusterFlow(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<chaos::CrashLeftovers>();
}

ChaosClusterFlow::~ChaosClusterFlow()
{
    delete m_worker; // halts and joins a run still going
    for (QThread *job : std::as_const(m_jobs)) {
        job->wait();
        delete job;
    }
}

const core::PrometheusSource *ChaosClusterFlow::prometheusOf(const core::TelemetrySource *source)
{
    if (const auto *combined = dynamic_cast<const core::CombinedSource *>(source))
        source = combined->mesh().get();
    return dynamic_cast<const core::PrometheusSource *>(source);
}

void ChaosClusterFlow::start(const chaos::Experiment &experiment,
                             core::PrometheusSourceOptions prometheus, const QString &journalFolder)
{
    delete m_worker; // the previous, finished run
    chaos::RunnerOptions options;
    options.journalFolder = journalFolder;
    options.prometheusUrl = prometheus.endpoint.baseUrl.toString();
    // Made on the run's thread: reading the kubeconfig may run an exec credential plugin.
    auto factory =
        [context = m_context, prometheus = std::move(prometheus)](
            const chaos::ExperimentWorker::Wait &wait) -> Result<chaos::ExperimentWorker::Backend> {
        auto executor = chaos::KubeExecutor::fromKubeconfig(context.context, context.kubeconfig);
        if (!executor)
            return Error{
                QStringLiteral("kubeconfig context %1: %2").arg(context.label(), executor.error())};
        auto source = core::PrometheusSource::create(prometheus);
        if (!source)
            return Error{source.error()};
        auto observer = chaos::PrometheusObserver::create(
            std::shared_ptr<core::TelemetrySource>(std::move(source).value()), {}, {}, wait);
        if (!observer)
            return Error{observer.error()};
        return chaos::ExperimentWorker::Backend{
            std::shared_ptr<chaos::ChaosExecutor>(std::move(executor).value()),
            std::shared_ptr<chaos::MeshObserver>(std::move(observer).value())};
    };
    m_worker = new chaos::ExperimentWorker(experiment, factory, options, this);
    connect(m_worker, &chaos::ExperimentWorker::runChanged, this, &ChaosClusterFlow::runChanged);
    connect(m_worker, &chaos::ExperimentWorker::warningRaised, this,
            &ChaosClusterFlow::warningRaised);
    connect(m_worker, &chaos::ExperimentWorker::injectionNoted, this,
            &ChaosClusterFlow::injectionNoted);
    connect(m_worker, &chaos::ExperimentWorker::finished, this, &ChaosClusterFlow::finished);
    m_worker->start();
}

void ChaosClusterFlow::haltAll(const QString &why)
{
    if (isRunning()) {
        m_worker->halt(why);
        return;
    }
    inBackground([this](chaos::ChaosExecutor *executor, const QString &error) {
        if (!executor) {
            emit haltDone(0, error);
            return;
        }
        const Result<int> removed = chaos::OrphanCleanup::haltAll(*executor);
        emit haltDone(removed ? *removed : 0, removed ? QString() : removed.error());
    });
}

void ChaosClusterFlow::findLeftovers()
{
    inBackground([this](chaos::ChaosExecutor *executor, const QString &error) {
        chaos::CrashLeftovers left;
        // The CRs only: the journals are one folder, listed once by the demo half.
        auto managed = executor ? executor->listManaged()
                                : Result<std::vector<chaos::AppliedChaos>>(Error{error});
        if (managed)
            left.managed = *managed;
        else
            left.errors << QStringLiteral("listing Meshscope's resources on %1: %2")
                               .arg(executor ? executor->name() : QStringLiteral("the cluster"),
                                    managed.error());
        emit leftoversFound(left);
    });
}

void ChaosClusterFlow::clean(const chaos::CrashLeftovers &leftovers)
{
    inBackground([this, leftovers](chaos::ChaosExecutor *executor, const QString &error) {
        if (!executor) {
            emit cleaned(error);
            return;
        }
        const Result<void> done = chaos::OrphanCleanup::clean(*executor, leftovers);
        emit cleaned(done ? QString() : done.error());
    });
}

void ChaosClusterFlow::inBackground(
    std::function<void(chaos::ChaosExecutor *, const QString &error)> job)
{
    QThread *thread = QThread::create([context = m_context, job = std::move(job)] {
        auto executor = chaos::KubeExecutor::fromKubeconfig(context.context, context.kubeconfig);
        if (!executor)
            job(nullptr,
                QStringLiteral("kubeconfig context %1: %2").arg(context.label(), executor.error()));
        else
            job(executor->get(), QString());
    });
    m_jobs << thread;
    connect(thread, &QThread::finished, this, [this, thread] {
        m_jobs.removeOne(thread);
        thread->deleteLater();
    });
    thread->start();
}

} // namespace meshscope::app
