#pragma once

// A fault the demo mesh simulator can inject: the simulator's counterpart of a Chaos Mesh
// NetworkChaos (delay, loss), PodChaos (pod-kill/pod-failure), DNSChaos and HTTPChaos (a share of
// responses replaced by 500). Always time-bounded.

#include "core/telemetry/telemetrytypes.h"

#include <QString>

namespace meshscope::core {

struct FaultSpec
{
    enum class Kind : std::uint8_t
    {
        Latency,
        PacketLoss,
        KillReplicas,
        DnsFailure,
        Errors
    };

    Kind kind = Kind::Latency;
    NodeId service; // the service the fault hits
    NodeId caller;  // optional, Latency and PacketLoss only: just the edge caller -> service

    double latencyMs = 0.0;       // Latency: added to every request on the affected edges, ms
    double jitterMs = 0.0;        // Latency: standard deviation of the added delay, ms
    double lossRatio = 0.0;       // PacketLoss: share of packets dropped, (0, 1]
    double errorRatio = 0.0;      // Errors: share of the service's answers that are 500 / INTERNAL
    double dnsFailureRatio = 1.0; // DnsFailure: share of its callers' lookups that fail, (0, 1]
    int replicas = 1;             // KillReplicas: pods held down, 1..desired replicas
    double restartDelaySeconds =
        30.0; // KillReplicas: a killed pod is ready this long after the fault ends

    qint64 startMs = 0;        // simulated epoch ms; 0 = now
    qint64 durationMs = 60000; // mandatory, > 0: the fault expires by itself
};

QString toString(FaultSpec::Kind kind);

} // namespace meshscope::core
