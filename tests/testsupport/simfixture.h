#pragma once

// What the MeshSimulator tests share: a simulator on a demo mesh at a fixed UTC moment, a
// two-service mesh of a given capacity, and a sample's services and calls looked up by name.
// Header-only; include as "tests/testsupport/simfixture.h".

#include "core/demo/demomeshes.h"
#include "core/demo/meshsimulator.h"

#include <QDateTime>
#include <QtGlobal>

namespace meshscope::testing::sim {

using core::CallSpec;
using core::EdgeSample;
using core::FaultSpec;
using core::MeshSimulator;
using core::MeshSpec;
using core::NodeId;
using core::NodeSample;
using core::ServiceSpec;
using core::TelemetrySample;

inline constexpr qint64 kWindow = 60000;
// Long enough for a whole 1-minute window to lie inside a fault or after it.
inline constexpr qint64 kSettle = kWindow + MeshSimulator::kTickMs;

// A Monday in March: the daily traffic swing peaks at 15:00 UTC.
inline qint64 utc(int hour, int minute = 0)
{
    return QDateTime(QDate(2026, 3, 2), QTime(hour, minute), Qt::UTC).toMSecsSinceEpoch();
}

inline MeshSimulator demo(const char *mesh = "shop", quint64 seed = 1, qint64 start = utc(12))
{
    return MeshSimulator(core::loadDemoMesh(QString::fromLatin1(mesh), seed).value(), seed, start);
}

inline MeshSimulator shop(quint64 seed = 1, qint64 start = utc(12))
{
    return demo("shop", seed, start);
}

// A gateway "gw" calling one HTTP service "api" (namespace "t", one replica) that can take
// `capacity` req/s, with `retries` on the route; about 125 req/s arrive at noon UTC.
inline MeshSpec tinyMesh(double capacity, int retries = CallSpec{}.retries)
{
    MeshSpec spec;
    spec.name = QStringLiteral("tiny");
    ServiceSpec gw;
    gw.name = QStringLiteral("gw");
    gw.ns = QStringLiteral("t");
    gw.kind = core::NodeKind::Gateway;
    gw.capacityRpsPerReplica = 10000;
    gw.entryRps = 100; // x1.25 at noon UTC
    ServiceSpec api;
    api.name = QStringLiteral("api");
    api.ns = QStringLiteral("t");
    api.replicas = 1;
    api.capacityRpsPerReplica = capacity;
    spec.services = {gw, api};
    CallSpec call{0, 1, 1.0};
    call.retries = retries;
    spec.calls = {call};
    return spec;
}

inline int serviceIndex(const MeshSimulator &sim, const char *name)
{
    for (int s = 0; s < int(sim.spec().services.size()); ++s)
        if (sim.spec().services[size_t(s)].name == QLatin1String(name))
            return s;
    return -1;
}

inline NodeId node(const MeshSimulator &sim, const char *name)
{
    const int s = serviceIndex(sim, name);
    return s < 0 ? NodeId() : sim.spec().nodeId(s);
}

// The call from -> to in `sample`; an empty sample (and a warning) when there is none.
inline EdgeSample edge(const MeshSimulator &sim, const TelemetrySample &sample, const char *from,
                       const char *to)
{
    const NodeId a = node(sim, from);
    const NodeId b = node(sim, to);
    for (const EdgeSample &e : sample.edges)
        if (e.source == a && e.destination == b)
            return e;
    qWarning("no edge %s -> %s", from, to);
    return EdgeSample{};
}

// Index of the call from -> to in the mesh's spec, -1 when there is none.
inline int callIndex(const MeshSimulator &sim, const char *from, const char *to)
{
    const int a = serviceIndex(sim, from);
    const int b = serviceIndex(sim, to);
    for (int e = 0; e < int(sim.spec().calls.size()); ++e)
        if (sim.spec().calls[size_t(e)].from == a && sim.spec().calls[size_t(e)].to == b)
            return e;
    return -1;
}

inline const NodeSample *nodeSample(const MeshSimulator &sim, const TelemetrySample &sample,
                                    const char *name)
{
    const NodeId id = node(sim, name);
    for (const NodeSample &n : sample.nodes)
        if (n.id == id)
            return &n;
    return nullptr;
}

inline FaultSpec fault(const MeshSimulator &sim, FaultSpec::Kind kind, const char *service,
                       qint64 durationMs = 300000)
{
    FaultSpec f;
    f.kind = kind;
    f.service = node(sim, service);
    f.durationMs = durationMs;
    return f;
}

} // namespace meshscope::testing::sim
