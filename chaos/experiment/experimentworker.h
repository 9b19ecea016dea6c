#pragma once

// Runs one ExperimentRunner on its own thread, for a window that must never wait on an API
// server or a Prometheus: the executor and the observer are made on that thread (a kubeconfig's
// exec plugin runs there too), every step blocks there, and what the run looks like after each
// refresh or transition is handed out as an immutable copy through signals, which arrive queued
// in the thread of whoever listens. halt() may be called from any thread: it wakes the
// observer's wait between two refreshes and the run then halts all (pause, delete every CR with
// Meshscope's label) and ends Aborted (docs/experiments.md, "Cluster runs in the window").

#include "chaos/executor/chaosexecutor.h"
#include "chaos/experiment/experimentrun.h"
#include "chaos/experiment/experimentrunner.h"
#include "chaos/experiment/meshobserver.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

namespace meshscope::chaos {

using RunPtr = std::shared_ptr<const ExperimentRun>;

class ExperimentWorker : public QObject
{
    Q_OBJECT
public:
    struct Backend
    {
        std::shared_ptr<ChaosExecutor> executor;
        std::shared_ptr<MeshObserver> observer;
    };
    // Blocks for up to ms; returns early when the run is halted. For the observer's wait.
    using Wait = std::function<void(qint64 ms)>;
    // Called on the worker thread; an error ends the run Failed with that message.
    using BackendFactory = std::function<Result<Backend>(const Wait &wait)>;

    ExperimentWorker(Experiment experiment, BackendFactory factory, RunnerOptions options,
                     QObject *parent = nullptr);
    // Halts a run still going and waits for its thread: nothing is left injected.
    ~ExperimentWorker() override;

    void start();
    void halt(const QString &why);
    bool isRunning() const { return m_running; }
    // The run as last reported (the draft before the first report).
    RunPtr run() const;

Q_SIGNALS:
    // After every transition and every recorded refresh.
    void runChanged(meshscope::chaos::RunPtr run);
    void warningRaised(const QString &text);
    void injectionNoted(const QString &note);
    // The run is final (Done, Aborted or Failed); the thread is ending.
    void finished(meshscope::chaos::RunPtr run);

private:
    void work();
    void publish(const ExperimentRun &run);
    void wait(qint64 ms);

    Experiment m_experiment;
    BackendFactory m_factory;
    RunnerOptions m_options;
    QThread *m_thread = nullptr;
    std::atomic_bool m_running = false;
    std::atomic_bool m_halted = false;
    mutable std::mutex m_mutex; // m_why, m_run and the wait
    std::condition_variable m_wake;
    QString m_why;
    RunPtr m_run;
};

} // namespace meshscope::chaos

Q_DECLARE_METATYPE(meshscope::chaos::RunPtr)
