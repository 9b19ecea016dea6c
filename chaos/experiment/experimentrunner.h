#pragma once

// The guided experiment's state machine (docs/experiments.md): draft -> validate -> baseline ->
// inject -> observe -> recover -> verify -> done, or aborted / failed. Driven one refresh at a
// time (step()), so a panel can run it from its refresh tick and a headless run or a test from a
// loop over simulated time. Every transition is journalled before it is announced.
//
// Not thread-safe; executor and observer calls block (the panel runs it on a worker thread, a
// headless run on the main one). Nothing throws: failures become the Failed phase with a message.

#include "chaos/executor/chaosexecutor.h"
#include "chaos/experiment/experimentjournal.h"
#include "chaos/experiment/experimentrun.h"
#include "chaos/experiment/injectionfollower.h"
#include "chaos/experiment/meshobserver.h"
#include "chaos/manifest/crdregistry.h"

#include <QObject>

#include <memory>
#include <optional>

namespace meshscope::chaos {

struct RunnerOptions
{
    QString runId; // empty = generated from the experiment id and the time
    QString journalFolder = ExperimentJournal::defaultFolder();
    ManifestPolicy policy;
    std::shared_ptr<const CrdRegistry> registry; // null = the built-in CRDs
    QString prometheusUrl;                       // for PromQL conditions; empty = none
};

class ExperimentRunner : public QObject
{
    Q_OBJECT
public:
    ExperimentRunner(Experiment experiment, std::shared_ptr<ChaosExecutor> executor,
                     std::shared_ptr<MeshObserver> observer, RunnerOptions options = {},
                     QObject *parent = nullptr);
    ~ExperimentRunner() override;

    // Validate and take the first baseline refresh. False when the run is already over (a
    // validation error: phase Failed, run().error says what and where).
    bool start();
    // One refresh of the current phase; false once the run is final.
    bool step();
    // start() then step() until final; the outcome (Held, NotHeld, Aborted, Error).
    ExperimentOutcome runToEnd();
    // The stop button: pause and delete every CR carrying Meshscope's label, then Aborted.
    void haltAll(const QString &why);

    const ExperimentRun &run() const { return m_run; }
    ExperimentPhase phase() const { return m_run.phase; }

signals:
    void phaseChanged(meshscope::chaos::ExperimentPhase phase, const QString &note);
    void sampleRecorded(int index);
    void warningRaised(const QString &text);
    // What Chaos Mesh says of the fault changed (injected, recovered…); also in the timeline.
    void injectionNoted(const QString &note);
    void finished(meshscope::chaos::ExperimentOutcome outcome);

private:
    void transition(ExperimentPhase phase, const QString &note);
    void fail(const QString &message);
    bool validate();
    bool observe(); // takes one refresh and records it
    void record(const MeshObservation &o);
    void snapshot(const QString &label, const MeshObservation &o);
    void runProbes(qint64 nowMs);
    void inject();
    void checkGuardrails();
    void recover();
    bool recoveredNow() const;
    void finish();
    void abortRun(const QString &why);
    QStringList watchedServices() const;

    std::shared_ptr<ChaosExecutor> m_executor;
    std::shared_ptr<MeshObserver> m_observer;
    RunnerOptions m_options;
    ExperimentJournal m_journal;
    ExperimentRun m_run;
    Manifest m_manifest;
    std::optional<AppliedChaos> m_applied;
    InjectionFollower m_follower; // the controller's view of m_applied, noted when it changes
    std::optional<MeshObservation> m_last;
    std::vector<int> m_belowCount; // per abort guardrail: consecutive refreshes below
    std::vector<qint64> m_probeAt; // per condition: when its probe last ran (0 = never)
    bool m_restartWarned = false;
};

} // namespace meshscope::chaos
