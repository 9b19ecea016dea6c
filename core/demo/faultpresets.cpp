#include "core/demo/faultpresets.h"

#include <algorithm>

namespace meshscope::core {

const std::vector<FaultPreset> &FaultPresets::all()
{
    static const std::vector<FaultPreset> presets{
        {FaultSpec::Kind::Latency, 400.0, 100.0, 0.0},
        {FaultSpec::Kind::PacketLoss, 0.0, 0.0, 0.3},
        {FaultSpec::Kind::KillReplicas, 0.0, 0.0, 0.0},
        {FaultSpec::Kind::DnsFailure, 0.0, 0.0, 0.0},
        {FaultSpec::Kind::Errors, 0.0, 0.0, 0.0, 3 * 60 * 1000, 0.05},
    };
    return presets;
}

bool FaultPresets::perCall(FaultSpec::Kind kind)
{
    return kind == FaultSpec::Kind::Latency || kind == FaultSpec::Kind::PacketLoss;
}

Result<FaultSpec> FaultPresets::build(const FaultPreset &preset, const NodeId &service,
                                      const NodeId &caller, int replicasReady)
{
    if (!service.isValid())
        return Error{QStringLiteral("select a service or a call first, then inject a fault")};
    FaultSpec fault;
    fault.kind = preset.kind;
    fault.service = service;
    if (caller.isValid() && perCall(preset.kind))
        fault.caller = caller;
    fault.durationMs = preset.durationMs;
    fault.latencyMs = preset.latencyMs;
    fault.jitterMs = preset.jitterMs;
    fault.lossRatio = preset.lossRatio;
    fault.errorRatio = preset.errorRatio;
    if (preset.kind == FaultSpec::Kind::KillReplicas)
        fault.replicas = std::max(1, replicasReady - 1);
    return fault;
}

} // namespace meshscope::core
