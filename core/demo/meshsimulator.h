#pragma once

// The embedded demo mesh: brings a MeshSpec to life as an Istio mesh would report it. Time is
// simulated (fast-forward with advance()); the same seed, start time and calls give the same
// telemetry bit for bit. Faults (latency, packet loss, killed replicas, DNS failure) are
// time-bounded and propagate upstream like real ones. See docs/demo-mesh.md for the model.
//
// Not thread-safe: one owner drives it (the demo telemetry source, on its worker).

#include "core/demo/callmodel.h"
#include "core/demo/counternoise.h"
#include "core/demo/edgewindow.h"
#include "core/demo/faultschedule.h"
#include "core/demo/faultspec.h"
#include "core/demo/meshspec.h"
#include "core/result.h"
#include "core/telemetry/latencyhistogram.h"
#include "core/telemetry/telemetrytypes.h"

#include <array>
#include <utility>
#include <vector>

namespace meshscope::core {

class MeshSimulator
{
public:
    // Fixed internal step. Prometheus scrapes every 15 s, so a finer step would not be visible.
    static constexpr qint64 kTickMs = 5000;
    // Longest window sample() can answer (rate(...[1m])); per-tick increments are kept this long.
    static constexpr qint64 kMaxWindowMs = 60000;
    static constexpr int kRingTicks = int(kMaxWindowMs / kTickMs); // slots of the counter ring

    // How a request on an edge ended (caller's view) and how an attempt at the callee ended
    // (callee's view); Istio's labels of each: CallModel::labels() / serverLabels().
    using Outcome = CallOutcome;
    static constexpr int kOutcomeCount = kCallOutcomeCount;
    static constexpr int kServerOutcomes = kServerOutcomeCount;

    // Istio-style cumulative counters of one edge, both reporters (see EdgeWindow).
    using EdgeCounters = EdgeWindow::Counters;

    // Starts at startEpochMs with one full window of history already simulated, so sample()
    // is meaningful at once.
    MeshSimulator(MeshSpec spec, quint64 seed, qint64 startEpochMs);

    const MeshSpec &spec() const { return m_spec; }
    qint64 nowMs() const { return m_nowMs; }
    static constexpr qint64 tickMs() { return kTickMs; }
    // End of the last simulated tick (ticks end on multiples of kTickMs since the epoch).
    qint64 lastTickEndMs() const { return m_lastTickEndMs; }

    // Fast-forward: moves now by ms (>= 0) and simulates every tick that ends on the way.
    void advance(qint64 ms);
    void advanceTo(qint64 epochMs);

    // Validates (unknown service or caller, no such edge, numbers out of range) and returns the
    // fault's id. A fault starting in the future waits; every fault expires after its duration.
    Result<int> injectFault(const FaultSpec &fault);
    // Ends a fault now (killed replicas still take their restart delay). False if not active.
    bool clearFault(int id);
    void clearAllFaults();
    std::vector<std::pair<int, FaultSpec>> activeFaults() const;

    // What Prometheus would answer for rate(...[window]) over the ticks that ended within the
    // window (clamped to kMaxWindowMs), per edge from both reporters, plus replicas and labels
    // per node. Quantiles come from the windowed bucket increments via histogramQuantile().
    TelemetrySample sample(qint64 windowMs = 60000) const;

    const std::vector<EdgeCounters> &counters() const
    {
        return m_counters;
    } // indexed like spec().calls
    int serviceIndex(const NodeId &id) const { return m_faults.serviceIndex(id); }
    int replicasReady(int service) const;

private:
    void simulateTick(qint64 tickEndMs);
    // Writes one tick's increments of edge e (EdgeWindow's layout) for `count` requests.
    void recordIncrements(float *f, int e, qint64 tick, double count, const CallResult &r) const;

    MeshSpec m_spec;
    CounterNoise m_noise;
    qint64 m_nowMs = 0;
    qint64 m_lastTickEndMs = 0;

    std::vector<NodeId> m_nodeIds;
    std::vector<int> m_topoOrder; // callers before callees
    std::vector<int>
        m_outStart; // CSR: calls out of service s are m_outCalls[m_outStart[s]..m_outStart[s+1])
    std::vector<int> m_outCalls;

    std::vector<EdgeCounters> m_counters;
    std::vector<float> m_ring;         // kRingTicks slots x calls x EdgeWindow::FieldCount
    std::vector<qint64> m_ringTickEnd; // tick end of each slot, -1 when empty
    int m_ringHead = 0;                // slot of the last simulated tick

    FaultSchedule m_faults;
    std::vector<FaultSchedule::ServiceEffect> m_svcFx; // this tick's fault effects
    std::vector<FaultSchedule::CallEffect> m_callFx;

    // Scratch per tick, kept to avoid reallocation: per service then per call.
    struct ServiceState
    {
        double arrivingRps = 0.0; // attempts arriving, retries included
        double rho = 0.0;         // load / capacity of the ready replicas
        double rejectShare = 0.0; // overload: share of arriving attempts answered 503
        double failShare = 0.0;   // share of served requests answered 5xx
        double meanMs = 0.0;      // served requests' latency, including calls
        double varMs2 = 0.0;
    };
    struct CallState
    {
        double rps = 0.0;
        CallInputs in; // what the forward pass knows; the backward pass completes it
    };
    std::vector<ServiceState> m_svc;
    std::vector<CallState> m_call;
};

} // namespace meshscope::core
