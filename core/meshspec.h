#pragma once

// The static shape of a demo mesh: services and who calls whom. The simulator (MeshSimulator)
// brings it to life; benchmarks and layout tests use the generated shapes directly.

#include "core/result.h"
#include "core/telemetrytypes.h"

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
};

struct CallSpec
{
    int from = -1; // index into MeshSpec::services
    int to = -1;
    double callsPerRequest = 1.0; // each request served by `from` makes this many calls to `to`
};

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

// Built-in meshes by name: "shop", "tickets", "generated:N" (1 <= N <= 20000). Deterministic
// for a given seed. Errors name what was wrong ("unknown demo mesh 'x': expected ...").
Result<MeshSpec> loadDemoMesh(const QString &name, quint64 seed);

// The layered mesh of N services behind "generated:N": gateways -> mid-tier fan-out -> shared
// backends with high in-degree, some cross edges inside a tier; about 3.4 calls per service.
// Calls always go to a later tier or a later index in the same tier, so the graph is acyclic.
MeshSpec generateLayeredMesh(int serviceCount, quint64 seed);

} // namespace meshscope::core
