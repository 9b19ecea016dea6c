#pragma once

// How one call edge of the demo mesh ends, as Istio's two sidecars would report it, for one
// simulated tick: outcome shares in the caller's view (reporter="source") and the callee's
// (reporter="destination"), Envoy's retries (extra attempts on the callee, URX when exhausted),
// the route timeout (504 with flag UT, the latency capped at the timeout), client-side DNS
// failures (response code 0, never reaching the callee), and the latency mixtures both views
// fill into Istio's histogram. Pure functions of the inputs; docs/demo-mesh.md has the model.

#include "core/telemetry/latencyhistogram.h"
#include "core/telemetry/telemetrytypes.h"

#include <array>
#include <cstdint>

namespace meshscope::core {

// How a request ended, as the caller's sidecar reports it (labels: CallModel::labels()).
enum class CallOutcome : std::uint8_t
{
    Ok,                // 200 / gRPC OK
    ClientError,       // 404 / gRPC NOT_FOUND
    ServerError,       // 500 / gRPC INTERNAL: the callee's own, injected or propagated errors
    Overloaded,        // 503 / gRPC UNAVAILABLE from the overloaded callee (no retry policy)
    NoHealthyUpstream, // Envoy-local 503, flag UH: no ready replica
    ConnectFailure,    // Envoy-local 503, flag UF: connection reset or dead endpoint (no retries)
    RetriesExhausted,  // Envoy's 503 after the last retry failed, flag URX
    Timeout,           // Envoy-local 504, flag UT: the route timeout fired
    DnsFailure,        // the caller's lookup failed: no request left it, response code 0
};
inline constexpr int kCallOutcomeCount = 9;

// How an attempt that reached the callee ended, as the callee's sidecar reports it.
enum class ServerOutcome : std::uint8_t
{
    Ok,
    ClientError,
    ServerError,
    Overloaded, // rejected beyond capacity (the caller may retry it)
    Cancelled,  // the caller's route timeout reset the stream first: code 0, flag DC
};
inline constexpr int kServerOutcomeCount = 5;

struct CallInputs
{
    Protocol protocol = Protocol::Http; // the callee's
    int retries = 0;                    // attempts after the first (Istio's default 2; TCP 0)
    double timeoutMs = 0.0;             // route timeout, 0 = none
    double dnsShare = 0.0;              // requests whose lookup of the callee fails
    bool noEndpoint = false;            // every replica of the callee is down
    double deadShare = 0.0;             // per attempt: routed to a pod that just died
    double resetShare = 0.0;            // per attempt: connection reset (packet loss)
    double rejectShare = 0.0;           // per attempt: the callee answers 503 (overload)
    double serverFailShare = 0.0;       // of the answered, 500 / INTERNAL
    double clientErrorShare = 0.0;      // of the answered without 500, 404 / NOT_FOUND
    double lossAffected = 0.0;          // of the answered, share that lost a packet
    double rtoMs = 0.0;                 // what a lost packet costs (retransmission timeout)
    double serverMeanMs = 0.0;          // the callee's served latency (own time + its calls)
    double serverVarMs2 = 0.0;
    double delayMs = 0.0;      // injected network delay, seen by the caller only
    double jitterVarMs2 = 0.0; // its variance
};

// One log-normal part of a latency mixture, `weight` per request of the edge; capped parts
// have every observation above `capMs` recorded at the cap (the timeout).
struct LatencyPart
{
    double weight = 0.0;
    double meanMs = 0.0;
    double varMs2 = 0.0;
    double capMs = 0.0; // 0 = uncapped
};

struct CallResult
{
    std::array<double, kCallOutcomeCount> share{};         // per request, sums to 1
    std::array<double, kServerOutcomeCount> serverShare{}; // attempts at the callee per request
    double attempts = 1.0;   // attempts per request that tried to connect (1 + retries made)
    double reachShare = 0.0; // attempts arriving at the callee per request (its load)
    double meanMs = 0.0;     // caller-observed latency over all outcomes
    double varMs2 = 0.0;
    std::array<LatencyPart, 4> client{}; // the caller's view
    std::array<LatencyPart, 2> server{}; // the callee's view
    double failShare() const
    {
        return 1.0 - share[size_t(CallOutcome::Ok)] - share[size_t(CallOutcome::ClientError)];
    }
};

class CallModel
{
public:
    struct Labels
    {
        int responseCode = 200;  // response_code label
        int grpcStatus = -1;     // grpc_response_status label, -1 = empty
        const char *flags = "-"; // response_flags label
    };
    // Istio's labels of an outcome on an edge of `protocol`. gRPC runs over HTTP/2: whatever the
    // gRPC status, Envoy answers 200 (its local replies too, with status 14), never a 5xx.
    static Labels labels(CallOutcome outcome, Protocol protocol);
    static Labels serverLabels(ServerOutcome outcome, Protocol protocol);

    // Attempts per request reaching the callee, from the inputs the forward pass knows.
    static double reachPerRequest(const CallInputs &in);
    static CallResult evaluate(const CallInputs &in);

    // Adds `count` observations of the mixture to per-bucket counts (Istio's layout).
    template <size_t N>
    static void fill(float *perBucket, double count, const std::array<LatencyPart, N> &parts)
    {
        for (const LatencyPart &p : parts)
            fillPart(perBucket, count, p);
    }
    static void fillPart(float *perBucket, double count, const LatencyPart &part);
};

} // namespace meshscope::core
