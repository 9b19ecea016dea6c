#pragma once

// The cluster half of the chaos flow: experiments, Halt all and the leftover check on a
// kubeconfig context with Chaos Mesh, while the window shows a Prometheus-backed session
// (docs/experiments.md, "Cluster runs in the window"). Nothing here blocks the GUI thread: a run
// is a chaos::ExperimentWorker (its own thread, a KubeExecutor and a PrometheusObserver made
// there), and Halt all / the leftover check / the clean-up without a run each run as a one-off
// thread whose result comes back queued. ChaosFlow shows what this reports.

#include "chaos/experiment/experimentworker.h"
#include "chaos/experiment/orphancleanup.h"
#include "core/prometheus/prometheussource.h"

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <functional>
#include <memory>

namespace meshscope::core {
class TelemetrySource;
}

namespace meshscope::app {

// Which cluster the window's experiments act on: a kubeconfig context (a connection profile's
// `kubernetes:` fields, or --context / --kubeconfig).
struct ClusterContext
{
    QString context;        // empty with files set = the kubeconfig's current-context
    QStringList kubeconfig; // files; empty = $KUBECONFIG / ~/.kube/config

    bool isSet() const { return !context.isEmpty() || !kubeconfig.isEmpty(); }
    QString label() const;
    bool operator==(const ClusterContext &) const = default;
};

class ChaosClusterFlow : public QObject
{
    Q_OBJECT
public:
    explicit ChaosClusterFlow(QObject *parent = nullptr);
    // Waits for the threads still going (a run is halted first: nothing stays injected).
    ~ChaosClusterFlow() override;

    void setContext(const ClusterContext &context) { m_context = context; }
    const ClusterContext &context() const { return m_context; }

    // The Prometheus the window reads (alone or inside a combined source); none for the demo.
    static const core::PrometheusSource *prometheusOf(const core::TelemetrySource *source);

    // Starts `experiment` on the context, its scores read from `prometheus`.
    void start(const chaos::Experiment &experiment, core::PrometheusSourceOptions prometheus,
               const QString &journalFolder);
    bool isRunning() const { return m_worker && m_worker->isRunning(); }
    chaos::RunPtr run() const { return m_worker ? m_worker->run() : nullptr; }
    // A run: halted by its thread. Without one: every labelled CR paused and deleted (haltDone).
    void haltAll(const QString &why);
    // Labelled CRs in the context (leftoversFound); clean() removes them (cleaned).
    void findLeftovers();
    void clean(const chaos::CrashLeftovers &leftovers);

Q_SIGNALS:
    void runChanged(meshscope::chaos::RunPtr run);
    void warningRaised(const QString &text);
    void injectionNoted(const QString &note);
    void finished(meshscope::chaos::RunPtr run);
    void haltDone(int removed, const QString &error);
    void leftoversFound(const meshscope::chaos::CrashLeftovers &leftovers);
    void cleaned(const QString &error);

private:
    // Runs `job` with a fresh executor for the context on a one-off thread.
    void inBackground(std::function<void(chaos::ChaosExecutor *, const QString &error)> job);

    ClusterContext m_context;
    chaos::ExperimentWorker *m_worker = nullptr;
    QList<QThread *> m_jobs;
};

} // namespace meshscope::app

Q_DECLARE_METATYPE(meshscope::chaos::CrashLeftovers)
