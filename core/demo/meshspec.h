#pragma once

// The static shape of a demo mesh: services and who calls whom. The simulator (MeshSimulator)
// brings it to life; benchmarks and layout tests use the generated shapes directly.

#include "core/result.h"
#include "core/telemetry/telemetrytypes.h"

#include <QString>

#include <vector>

namespace meshscope::core {

struct ServiceSpec
{
    QString name;
    QString ns;
    NodeKind kind = NodeKind::Service;
    Protocol protocol = Protocol::Http; // what the service serves
    QString version = QStringLiteral("v1");
    int replicas = 2;
    double baseLatencyMs = 5.0;         // own processing time, median, without callees
    double baseErrorRatio = 0.0;        // intrinsic share of 5xx / gRPC errors
    double capacityRpsPerReplica = 500; // beyond this, latency and errors grow
    double entryRps = 0.0;              // external traffic arriving here (gateways), req/s
    bool mtls = true;                   // sidecar-injected: calls to it use mutual TLS
    // Occasional errors are its normal (a known-flaky dependency): the demo labels it
    // meshscope.io/demo-flaky=true and the detection benchmark does not count it as an alarm.
    bool flaky = false;
};

struct CallSpec
{
    int from = -1; // index into MeshSpec::services
    int to = -1;
    double callsPerRequest = 1.0; // each request served by `from` makes this many calls to `to`
    // The route's timeout (Istio VirtualService `timeout`), ms; 0 = none, Istio's default. It
    // bounds the whole request, retries included: slower answers become 504 with flag UT.
    double timeoutMs = 0.0;
    // Retries after the first attempt (Istio's default policy: 2, on connect failures, refused
    // streams, 503 and gRPC UNAVAILABLE). Plain TCP has no retries whatever this says.
    int retries = 2;
};

// The label the demo puts on flaky-by-design services (NodeSample::labels).
inline constexpr const char *kDemoFlakyLabel = "meshscope.io/demo-flaky";

struct MeshSpec
{
    QString name;
    QString cluster = QStringLiteral("demo");
    std::vector<ServiceSpec> services;
    std::vector<CallSpec> calls;

    NodeId nodeId(int service) const
    {
        const ServiceSpec &s = services[size_t(service)];
        return NodeId(cluster, s.ns, s.name);
    }
};

} // namespace meshscope::core
