#pragma once

// Scores every node and edge of a Topology in [0,100] with three factors (connectivity,
// stability, protocol health), Kiali-compatible error tolerances that cap the score, and a
// one-line reason naming the term that drove the verdict. The exact model, with worked
// examples the tests recompute, is docs/health-model.md.
//
// Not thread-safe: one model per pipeline, used from one thread at a time (the baselines are
// its state). Settings arrive as values (setSettings), e.g. from HealthSettingsWatcher.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"
#include "core/health/rollingbaseline.h"
#include "core/health/servicerules.h"
#include "core/result.h"
#include "core/topology/topology.h"

#include <QHash>

#include <vector>

namespace meshscope::core {

class HealthModel
{
public:
    // Invalid settings (HealthSettings::validate) are replaced by the defaults, with a warning.
    explicit HealthModel(HealthSettings settings = {});

    // Refuses settings that fail HealthSettings::validate (the previous ones stay), whoever
    // built them. A change of stability.windowSamples resets the baselines; other changes keep
    // them.
    Result<void> setSettings(const HealthSettings &settings);
    const HealthSettings &settings() const { return m_settings; }

    // Scores `t` against the baselines as they were, then feeds the baselines with `t`.
    HealthScores score(const Topology &t);
    // Scores without touching the baselines (what-if, replay).
    HealthScores evaluate(const Topology &t) const;
    void resetBaselines();

    // Series currently kept (for tests and diagnostics).
    int baselineNodeCount() const { return int(m_nodeSlots.size()); }
    int baselineEdgeCount() const { return int(m_edgeSlots.size()); }

private:
    struct Slots
    {
        int latency = -1; // RollingBaseline slot of p95 (ms)
        int errors = -1;  // RollingBaseline slot of the error ratio (0..1)
        quint64 lastFedTick = 0;
    };
    // An edge is keyed by its endpoints' node series (their latency slots): two ints hash far
    // faster than two NodeId strings. Safe across sweeps: an edge is never fed later than its
    // endpoints, so it is released no later than they are.
    static quint64 edgeKey(int sourceSlot, int targetSlot)
    {
        return (quint64(quint32(sourceSlot)) << 32) | quint32(targetSlot);
    }

    // What a refresh showed, in the units the baselines keep (NaN = nothing to feed).
    struct Observed
    {
        std::vector<double> nodeLatency, nodeErrors, edgeLatency, edgeErrors;
        // Bit 0: the latency was anomalous (above the tolerated σ), bit 1: the error ratio was.
        std::vector<std::uint8_t> nodeAnomalous, edgeAnomalous;
    };

    HealthScores compute(const Topology &t, const std::vector<Slots> &nodeSlots,
                         const std::vector<Slots> &edgeSlots, Observed *observed) const;
    void sweep();

    HealthSettings m_settings;
    ServiceRules m_rules;
    RollingBaseline m_baseline;
    QHash<NodeId, Slots> m_nodeSlots;
    QHash<quint64, Slots> m_edgeSlots;
    quint64 m_tick = 0;
};

} // namespace meshscope::core
