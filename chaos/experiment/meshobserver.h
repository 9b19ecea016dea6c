#pragma once

// Where an experiment reads the mesh from: one refresh at a time, as the graph would show it
// (topology + health scores). The demo observer drives the simulator's clock, so a run of
// minutes takes milliseconds in tests and headless runs; a live one waits for the session's
// next refresh. Blocking; called from the runner's thread.

#include "core/health/healthtypes.h"
#include "core/result.h"
#include "core/topology/topology.h"

namespace meshscope::chaos {

struct MeshObservation
{
    qint64 timestampMs = 0;
    core::TopologyPtr topology;
    core::HealthScores scores; // indexed like topology's nodes and edges
};

class MeshObserver
{
public:
    virtual ~MeshObserver() = default;
    // The refresh `stepMs` after the previous one.
    virtual Result<MeshObservation> next(qint64 stepMs) = 0;
    // The run's clock (ms since the epoch), the one the executor acts on.
    virtual qint64 nowMs() const = 0;
};

} // namespace meshscope::chaos
