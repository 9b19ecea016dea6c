#pragma once

#include "core/health/healthmodel.h"
#include "core/health/healthtypes.h"
#include "core/history/historystore.h"
#include "core/layout/layoutengine.h"
#include "core/layout/layouttypes.h"
#include "core/telemetry/telemetrysource.h"
#include "core/topology/graphanalytics.h"
#include "core/topology/topologybuilder.h"

#include <QStringList>

#include <memory>
#include <optional>

namespace meshscope::core {

struct AlertSnapshot;

// What the view knows when it asks for a refresh: where nodes are now, which are pinned, how to
// lay out.
struct RefreshRequest
{
    Positions previous;
    NodeIdSet pinned;
    LayoutMode mode = LayoutMode::Force;
    bool fromScratch = false;            // "Re-layout"
    std::optional<GroupingKey> grouping; // Force mode: members of a group kept together
    quint64 seed = 1;
    bool analytics = true;     // compute GraphFacts when the structure changed
    int historyCapacity = 720; // points of the history the backfill is written into; 0 = none
};

struct RefreshTimings
{
    double fetchMs = 0.0;
    double buildMs = 0.0;
    double scoreMs = 0.0;
    double layoutMs = 0.0;
    double analyticsMs = 0.0;
    double totalMs = 0.0;
};

// Everything one refresh produces. Every part is an immutable shared value, so that the result
// crosses the thread hop, is queued in signals and kept as the last snapshot without a deep copy
// of its scores, positions or facts.
struct RefreshResult
{
    // The first refresh of a source replays its recent past (TelemetrySource::backfill): scored,
    // not laid out, it warms the health baselines and fills this history, which the session
    // copies once into the history it appends to. Null in later refreshes or when the source
    // cannot look back.
    std::shared_ptr<const HistoryStore> backfill;
    TopologyPtr topology;
    std::shared_ptr<const HealthScores> scores;
    std::shared_ptr<const Positions> positions;
    std::shared_ptr<const GraphFacts> facts; // recomputed only when the structure changed
    RefreshTimings timings;
    // From a CombinedSource: what its side backends (Jaeger beside a mesh, Alertmanager) said.
    // A warning names a backend that failed while the graph came from the others.
    QStringList warnings;
    std::shared_ptr<const AlertSnapshot> alerts;
};

// One refresh as a synchronous function over values: fetch -> build -> score -> layout ->
// analytics. Keeps the state that must persist between refreshes (the builder's memory of
// idle nodes, the health baselines, the last graph facts). Not thread-safe: the pipeline runs
// one refresh at a time on a worker; headless export and benchmarks call it directly.
class RefreshEngine
{
public:
    RefreshEngine(std::shared_ptr<TelemetrySource> source, HealthSettings settings = {});

    void setHealthSettings(const HealthSettings &settings);
    const std::shared_ptr<TelemetrySource> &source() const { return m_source; }

    Result<RefreshResult> refresh(const RefreshRequest &request);
    // The same without the fetch, for a sample obtained elsewhere.
    RefreshResult process(const TelemetrySample &sample, const RefreshRequest &request,
                          double fetchMs = 0.0);

private:
    std::shared_ptr<TelemetrySource> m_source;
    TopologyBuilder m_builder;
    HealthModel m_health;
    std::shared_ptr<const GraphFacts> m_facts;
    bool m_backfilled = false;
    size_t m_structureHash = 0;
};

} // namespace meshscope::core
