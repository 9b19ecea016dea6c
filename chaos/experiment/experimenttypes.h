#pragma once

// A guided chaos experiment as a user writes it (`kind: Experiment`, docs/experiments.md): the
// hypothesis first, the fault, the steady state that must hold, the phases' lengths and the
// guardrails. Plain values; ExperimentParser reads them, ExperimentRunner executes them.

#include "chaos/scenario/scenariotypes.h"

#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>
#include <vector>

namespace meshscope::chaos {

// The state machine of ARCHITECTURE.md "Chaos". Done, Aborted and Failed are final.
enum class ExperimentPhase : std::uint8_t
{
    Draft,
    Validate,
    Baseline,
    Inject,
    Observe,
    Recover,
    Verify,
    Done,
    Aborted,
    Failed
};

QString phaseName(ExperimentPhase phase); // "baseline", "observe"… (journal and report spelling)
std::optional<ExperimentPhase> phaseFromName(const QString &name);
bool isFinal(ExperimentPhase phase);

// One steady-state condition. Services are "namespace/name" as the graph shows them.
struct SteadyStateCondition
{
    enum class Kind : std::uint8_t
    {
        Score,      // health score of `service` >= threshold at every refresh
        ErrorRatio, // error ratio of `service` (percent) <= threshold at every refresh
        P95,        // p95 latency of `service` (ms) <= threshold at every refresh
        PromQL,     // an instant query's value compared with threshold (needs a Prometheus URL)
        Probe,      // a synthetic probe's success rate (percent) >= threshold
        Robustness  // the seed's table: success >= 95 %, mean score drift <= 0.05, p95 before/after
    };
    enum class Comparison : std::uint8_t
    {
        AtLeast,
        AtMost
    };

    Kind kind = Kind::Score;
    QString service;
    QString query; // PromQL
    QString url;   // Probe: http://host:port/path or tcp://host:port
    double threshold = 0.0;
    Comparison comparison = Comparison::AtLeast;
    qint64 everyMs = 5000; // Probe interval
    QString text;          // as written, for the report ("score of shop/frontend >= 60")

    friend bool operator==(const SteadyStateCondition &, const SteadyStateCondition &) = default;
};

QString conditionKindName(SteadyStateCondition::Kind kind);

// Abort (pause, then delete) when `service` stays below `below` for `refreshes` in a row.
struct AbortGuardrail
{
    QString service;
    double below = 0.0;
    int refreshes = 3;
    friend bool operator==(const AbortGuardrail &, const AbortGuardrail &) = default;
};

struct Experiment
{
    QString id;
    QString name;
    QString hypothesis; // mandatory: written before anything runs
    Scenario scenario;  // its target resolved to the service below
    QString target;     // "namespace/name" of the service the fault hits
    QString peer;       // optional: the call target -> peer (NetworkChaos direction to)
    qint64 baselineMs = 60000;
    qint64 injectMs = 60000; // also the CR's duration
    qint64 recoverWithinMs = 120000;
    double recoveryTolerance = 10.0; // score points: "back within tolerance of the baseline"
    qint64 refreshMs = 5000;
    std::vector<SteadyStateCondition> steadyState;
    std::vector<AbortGuardrail> abortGuardrails;

    friend bool operator==(const Experiment &, const Experiment &) = default;
};

// How a finished run ended (the exit code of `meshscope experiment run`: 0, 1, 2).
enum class ExperimentOutcome : std::uint8_t
{
    Held,
    NotHeld,
    Aborted,
    Error
};

QString outcomeName(ExperimentOutcome outcome);
int exitCodeFor(ExperimentOutcome outcome);

} // namespace meshscope::chaos
