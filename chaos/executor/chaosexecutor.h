#pragma once

// Where a guided experiment's chaos runs: a Kubernetes cluster with Chaos Mesh (chaos/kube) or
// the demo simulator's fault hooks (chaos/experiment's demo executor). The experiment state
// machine talks only to this interface, so every step of a run works offline the same way.
// Calls block (they run on a worker thread, never the GUI thread).

#include "chaos/manifest/manifesttypes.h"
#include "core/result.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace meshscope::chaos {

// A custom resource the executor created (or found carrying Meshscope's label).
struct AppliedChaos
{
    QString apiVersion; // "chaos-mesh.org/v1alpha1"
    QString kind;       // "NetworkChaos", "Schedule"…
    QString ns;
    QString name;
    QString runId; // the meshscope.io/run-id label
    QString uid;   // metadata.uid when the executor has one
    friend bool operator==(const AppliedChaos &, const AppliedChaos &) = default;
};

// What Chaos Mesh says of a CR (its status conditions), as one phase plus details.
enum class InjectionPhase : std::uint8_t
{
    Pending,   // created, nothing selected yet
    Selected,  // condition Selected=True
    Injected,  // AllInjected=True
    Paused,    // Paused=True
    Recovered, // AllRecovered=True (duration over, or paused and recovered)
    Deleting,  // deletionTimestamp set, finalizers still held
    Gone,      // not found any more
    Failed     // the controller reports a failure
};

// "injected", "recovered"…: the words of the timeline and the command line.
QString injectionPhaseName(InjectionPhase phase);

// A Schedule's own rhythm (Chaos Mesh: spec.schedule, status.time, status.active), for the
// experiment monitor: when it last spawned its chaos, when it will next, how many act now.
struct ScheduleState
{
    QString expression; // "@every 5m" or cron
    QDateTime lastRun;  // invalid before the first tick
    QDateTime nextRun;  // invalid when no further tick is due (or the cron cannot be read)
    int active = 0;     // children acting now
    int spawned = 0;    // children spawned so far
    bool paused = false;
    friend bool operator==(const ScheduleState &, const ScheduleState &) = default;
};

struct InjectionStatus
{
    InjectionPhase phase = InjectionPhase::Pending;
    QStringList targets;    // "namespace/pod" per selected target record
    QStringList finalizers; // what still holds a CR in deletion
    QString message;        // the controller's latest event/condition text, for the timeline
    QDateTime observedAt;
    std::optional<ScheduleState> schedule; // for a Schedule only
};

class ChaosExecutor
{
public:
    virtual ~ChaosExecutor() = default;

    // "demo:shop", "kube:context-name": for the timeline and the report.
    virtual QString name() const = 0;

    // Checks a manifest as the target would (a server dry run on a cluster).
    virtual Result<void> dryRun(const Manifest &manifest) = 0;
    virtual Result<AppliedChaos> create(const Manifest &manifest) = 0;
    virtual Result<InjectionStatus> status(const AppliedChaos &chaos) = 0;
    // Pauses injection (Chaos Mesh's pause annotation); the CR stays.
    virtual Result<void> pause(const AppliedChaos &chaos) = 0;
    // Deletes and waits (up to timeoutMs) until the CR is gone; a CR still held by finalizers
    // after that is an error naming them.
    virtual Result<void> remove(const AppliedChaos &chaos, int timeoutMs) = 0;
    // Every CR carrying app.kubernetes.io/managed-by=meshscope (Halt-all, crash recovery).
    virtual Result<std::vector<AppliedChaos>> listManaged() = 0;
    // "namespace/pod" names a manifest's selector resolves to now (the preview).
    virtual Result<QStringList> previewTargets(const Manifest &manifest) = 0;
};

} // namespace meshscope::chaos
