#pragma once

// Everything one run of an experiment produced, as values: the readings at every refresh, the
// timeline of transitions, the probes, the conditions' verdicts and the snapshots the report
// draws. The runner fills it; the journal, the report and a future chart read it.

#include "chaos/executor/chaosexecutor.h"
#include "chaos/experiment/experimenttypes.h"
#include "chaos/experiment/meshobserver.h"
#include "chaos/experiment/syntheticprobe.h"
#include "core/health/healthtypes.h"
#include "core/topology/topology.h"

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::chaos {

// One service at one refresh (NaN when the graph had no figure).
struct ServiceReading
{
    double score = core::kNaN;
    double errorPercent = core::kNaN;
    double p95Ms = core::kNaN;
    int ready = -1;
    int desired = -1;
};

struct ExperimentSample
{
    qint64 atMs = 0;
    ExperimentPhase phase = ExperimentPhase::Baseline;
    QHash<QString, ServiceReading> services; // "namespace/name"
    double meshScore = core::kNaN;           // mean score of every service with data
    std::vector<double> queries;             // PromQL values, indexed like the conditions

    // The readings of every node of one refresh (queries left empty).
    static ExperimentSample of(const MeshObservation &o, ExperimentPhase phase);
    static QString serviceKey(const core::TopologyNode &node); // "namespace/name"
};

struct TimelineEntry
{
    qint64 atMs = 0;
    ExperimentPhase phase = ExperimentPhase::Draft;
    QString note;
};

struct ConditionResult
{
    QString text; // the condition as written, or "recovery within 2m"
    bool held = false;
    QString observed; // the figure that decided it ("min 42.0 at +35s")
};

// A snapshot of the graph the report draws (before, during, after).
struct GraphSnapshot
{
    QString label;
    qint64 atMs = 0;
    core::TopologyPtr topology;
    core::HealthScores scores;
};

struct ExperimentRun
{
    QString runId;
    Experiment experiment;
    QString executor;
    QJsonObject manifest; // the CR as created
    ExperimentPhase phase = ExperimentPhase::Draft;
    ExperimentOutcome outcome = ExperimentOutcome::Error;
    QString error; // why a failed or aborted run stopped

    std::vector<ExperimentSample> samples;
    std::vector<TimelineEntry> timeline;
    std::vector<ProbeResult> probes;
    std::vector<ConditionResult> conditions;
    QStringList warnings;

    qint64 baselineStartMs = 0;
    qint64 injectStartMs = 0;  // 0 = never injected
    qint64 recoverStartMs = 0; // the fault removed
    qint64 recoveredAtMs = 0;  // 0 = recovery not verified
    std::vector<GraphSnapshot> snapshots;
    // A Schedule scenario: its rhythm as last read while the fault acted.
    std::optional<ScheduleState> schedule;

    // Mean score of `service` over the baseline phase (NaN when it had none).
    double baselineMean(const QString &service) const;
    QJsonObject toJson() const;
};

} // namespace meshscope::chaos
