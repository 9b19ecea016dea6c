#pragma once

// The bookkeeping of one call edge of the demo mesh: the per-tick increments the simulator
// writes (a fixed float layout, kept one minute in a ring), the Istio-style cumulative counters
// built from them, and what a window of increments says as an EdgeSample (both reporters).

#include "core/demo/callmodel.h"
#include "core/demo/meshspec.h"
#include "core/telemetry/latencyhistogram.h"
#include "core/telemetry/telemetrytypes.h"

#include <array>

namespace meshscope::core {

class EdgeWindow
{
public:
    // Per-tick increments of one edge, as floats in this order.
    enum Field : int
    {
        FOutcome = 0,                                  // requests by CallOutcome (source view)
        FBucket = FOutcome + kCallOutcomeCount,        // caller's duration, per bucket
        FSum = FBucket + int(kIstioBucketCount),       // caller's duration sum, ms
        FServer,                                       // attempts by ServerOutcome (destination)
        FServerBucket = FServer + kServerOutcomeCount, // callee's duration, per bucket
        FServerSum = FServerBucket + int(kIstioBucketCount),
        FTcpOpened,
        FTcpClosed,
        FBytesSent,     // client -> server
        FBytesReceived, // server -> client
        FMtls,          // destination view: attempts over mutual TLS
        FPlaintext,
        FieldCount
    };

    // Istio-style cumulative counters of one edge since the simulator started (its warm-up
    // included), for both reporters. On TCP edges `requests` counts operations (internal: Istio
    // reports only the tcp_* ones) and the server figures stay 0.
    struct Counters
    {
        // reporter="source": one per request, by how it ended; the duration is what the
        // caller waited (capped by the route timeout).
        std::array<double, kCallOutcomeCount> requests{};
        std::array<double, kIstioBucketCount> durationLe{}; // cumulative "le" counts, last = +Inf
        double durationSumMs = 0.0;
        double durationCount = 0.0;
        // reporter="destination": one per attempt that reached the callee (retries included);
        // the duration is the callee's own time. 0 for callees outside the mesh and on TCP.
        std::array<double, kServerOutcomeCount> serverRequests{};
        std::array<double, kIstioBucketCount> serverDurationLe{};
        double serverDurationSumMs = 0.0;
        double tcpOpened = 0.0; // TCP edges only, failed connections included
        double tcpClosed = 0.0;
        double bytesSent = 0.0;     // client -> server, TCP edges only
        double bytesReceived = 0.0; // server -> client, TCP edges only
        double mtlsRequests = 0.0;  // destination view: attempts over mutual TLS
        double plaintextRequests = 0.0;
    };

    // Connections of a TCP edge that failed (UH, UF, DF): what Istio's
    // istio_tcp_connections_opened_total carries with a response flag.
    static bool failsConnection(CallOutcome outcome);

    static void accumulate(Counters &counters, const float *increments);

    // The edge as Prometheus' rate(...[window]) over `seconds` of summed increments shows it.
    static EdgeSample toSample(const double *sums, double seconds, const ServiceSpec &from,
                               const ServiceSpec &to);
};

} // namespace meshscope::core
