#include "chaos/experiment/experimentworker.h"

#include "chaos/chaoslog_p.h"

#include <chrono>

namespace meshscope::chaos {

ExperimentWorker::ExperimentWorker(Experiment experiment, BackendFactory factory,
                                   RunnerOptions options, QObject *parent)
    : QObject(parent), m_experiment(std::move(experiment)), m_factory(std::move(factory)),
      m_options(std::move(options))
{
    qRegisterMetaType<RunPtr>();
    // Named here, as the runner would name it, so a run that fails before its runner exists
    // still has a folder for its report.
    if (m_options.runId.isEmpty())
        m_options.runId = m_experiment.id + QLatin1Char('-') +
                          QString::number(QDateTime::currentMSecsSinceEpoch(), 36);
    auto draft = std::make_shared<ExperimentRun>();
    draft->runId = m_options.runId;
    draft->experiment = m_experiment;
    m_run = draft;
}

ExperimentWorker::~ExperimentWorker()
{
    if (!m_thread)
        return;
    halt(QStringLiteral("the window closed during the run"));
    m_thread->wait();
    delete m_thread;
}

void ExperimentWorker::start()
{
    if (m_thread)
        return;
    m_running = true;
    m_thread = QThread::create([this] { work(); });
    m_thread->setObjectName(QStringLiteral("experiment"));
    m_thread->start();
}

void ExperimentWorker::halt(const QString &why)
{
    {
        const std::lock_guard lock(m_mutex);
        if (m_halted)
            return;
        m_why = why;
        m_halted = true;
    }
    m_wake.notify_all();
}

RunPtr ExperimentWorker::run() const
{
    const std::lock_guard lock(m_mutex);
    return m_run;
}

void ExperimentWorker::wait(qint64 ms)
{
    std::unique_lock lock(m_mutex);
    m_wake.wait_for(lock, std::chrono::milliseconds(ms), [this] { return m_halted.load(); });
}

void ExperimentWorker::publish(const ExperimentRun &run)
{
    auto copy = std::make_shared<const ExperimentRun>(run);
    {
        const std::lock_guard lock(m_mutex);
        m_run = copy;
    }
    emit runChanged(copy);
}

void ExperimentWorker::work()
{
    auto backend = m_factory([this](qint64 ms) { wait(ms); });
    if (!backend) {
        // Nothing was created: the run fails before its draft, with the reason.
        ExperimentRun failed = *run();
        failed.phase = ExperimentPhase::Failed;
        failed.outcome = ExperimentOutcome::Error;
        failed.error = backend.error();
        failed.timeline.push_back(
            {QDateTime::currentMSecsSinceEpoch(), ExperimentPhase::Failed, backend.error()});
        publish(failed);
        m_running = false;
        emit finished(run());
        return;
    }
    ExperimentRunner runner(m_experiment, backend->executor, backend->observer, m_options);
    // Direct: the runner lives and emits on this thread; the copies travel queued.
    connect(
        &runner, &ExperimentRunner::phaseChanged, &runner,
        [this, &runner] { publish(runner.run()); }, Qt::DirectConnection);
    connect(
        &runner, &ExperimentRunner::warningRaised, &runner,
        [this](const QString &text) { emit warningRaised(text); }, Qt::DirectConnection);
    connect(
        &runner, &ExperimentRunner::injectionNoted, &runner,
        [this](const QString &note) { emit injectionNoted(note); }, Qt::DirectConnection);
    // Published after every step, not at every recorded sample: a step also reads what Chaos
    // Mesh says (a Schedule's rhythm) after recording the refresh.
    if (!m_halted && runner.start())
        publish(runner.run());
    while (!m_halted && runner.step())
        publish(runner.run());
    if (m_halted && !isFinal(runner.phase())) {
        QString why;
        {
            const std::lock_guard lock(m_mutex);
            why = m_why;
        }
        runner.haltAll(why);
    }
    qCInfo(lcChaos) << "experiment thread ends:" << runner.run().runId << phaseName(runner.phase());
    publish(runner.run());
    m_running = false;
    emit finished(run());
}

} // namespace meshscope::chaos
