#pragma once

#include "core/demo/faultspec.h"
#include "core/result.h"

#include <vector>

namespace meshscope::core {

// The faults the demo menu offers, in one table: the menu lists them (the app words each one
// from its numbers) and builds the FaultSpec of the chosen one from the selection.
struct FaultPreset
{
    FaultSpec::Kind kind = FaultSpec::Kind::Latency;
    double latencyMs = 0.0;
    double jitterMs = 0.0;
    double lossRatio = 0.0;
    qint64 durationMs = 3 * 60 * 1000;
    double errorRatio = 0.0;
};

class FaultPresets
{
public:
    static const std::vector<FaultPreset> &all();

    // A selected service takes the fault; a selected call caller -> service takes latency or
    // packet loss on that call alone (replicas and DNS belong to the callee, which takes them
    // as a whole). `replicasReady` of the target decides how many replicas a kill leaves (one).
    static Result<FaultSpec> build(const FaultPreset &preset, const NodeId &service,
                                   const NodeId &caller = {}, int replicasReady = 2);
    // Whether a preset can be scoped to one call.
    static bool perCall(FaultSpec::Kind kind);
};

} // namespace meshscope::core
