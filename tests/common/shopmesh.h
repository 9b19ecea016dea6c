#pragma once

// The small shop mesh the details panel's test and benchmark share: gateway -> frontend ->
// {catalog, checkout}; checkout -> {payment, orders-db}. catalog -> orders-db is absent, so
// checkout is the only way to payment and orders-db (an articulation point). Scores are set by
// hand: every node 90 and every edge 88 (reason "within tolerance") except checkout.
// Header-only; include it as "tests/common/shopmesh.h".

#include "core/health/healthtypes.h"
#include "core/telemetry/telemetrytypes.h"
#include "core/topology/topology.h"
#include "tests/common/samplebuilder.h"

#include <algorithm>
#include <cmath>

namespace meshscope::testing::shop {

constexpr qint64 kT0 = 1'790'000'000'000; // a fixed clock: 2026-09-21
constexpr qint64 kStepMs = 5'000;         // one refresh every 5 s

using meshscope::testing::svc; // c1/shop/<name>

inline core::EdgeSample call(const char *from, const char *to, double rps, double errRatio = 0.0,
                             double p95 = 20.0)
{
    core::EdgeSample e;
    e.source = svc(from);
    e.destination = svc(to);
    e.requestRate = rps;
    e.rate5xx = rps * errRatio;
    e.latency.p50Ms = p95 / 3.0;
    e.latency.p95Ms = p95;
    e.latency.p99Ms = p95 * 1.6;
    e.mtlsShare = 1.0;
    return e;
}

inline core::TelemetrySample shopSample(qint64 t, double checkoutP95 = 84.0,
                                        bool withCheckout = true)
{
    using core::NodeKind;
    using core::NodeSample;
    core::TelemetrySample s;
    s.timestampMs = t;
    s.sourceName = QStringLiteral("test");
    s.nodes.push_back(NodeSample{svc("gateway"), NodeKind::Gateway, QString(), 2, 2, {}});
    s.nodes.push_back(
        NodeSample{svc("frontend"), NodeKind::Service, QStringLiteral("v3"), 3, 3, {}});
    s.edges.push_back(call("gateway", "frontend", 1234.0, 0.001, 40.0));
    s.edges.push_back(call("frontend", "catalog", 800.0, 0.0, 12.0));
    if (withCheckout) {
        s.nodes.push_back(
            NodeSample{svc("checkout"), NodeKind::Service, QStringLiteral("v7"), 3, 2, {}});
        s.edges.push_back(call("frontend", "checkout", 120.0, 0.0035, checkoutP95));
        s.edges.push_back(call("checkout", "payment", 60.0, 0.02, 150.0));
        s.edges.push_back(call("checkout", "orders-db", 200.0, 0.0, 4.2));
    }
    return s;
}

inline core::VerdictReason withinTolerance()
{
    core::VerdictReason r;
    r.code = core::ReasonCode::WithinTolerance;
    return r;
}

// "p95 <p95> ms is <sigma>σ above its baseline <baseline> ms (30 samples)"
inline core::VerdictReason latencyShift(double p95, double baseline, double sigma)
{
    core::VerdictReason r;
    r.code = core::ReasonCode::LatencyShift;
    r.value = p95;
    r.baseline = baseline;
    r.sigma = sigma;
    r.samples = 30;
    return r;
}

// A verdict as the model would give it under the default bands.
inline core::HealthVerdict verdict(double score,
                                   core::HealthFactor driver = core::HealthFactor::Stability,
                                   const core::VerdictReason &reason = {})
{
    using core::HealthBand;
    core::HealthVerdict v;
    v.score = score;
    v.band = std::isnan(score)                 ? HealthBand::NoData
             : core::shownScore(score) >= 75.0 ? HealthBand::Healthy
             : core::shownScore(score) >= 50.0 ? HealthBand::Degraded
                                               : HealthBand::Failing;
    v.factors.connectivity = std::isnan(score) ? core::kNaN : std::min(100.0, score + 20.0);
    v.factors.stability = score;
    v.factors.protocol = std::isnan(score) ? core::kNaN : 100.0;
    v.driver = driver;
    v.reason = reason;
    return v;
}

// Every node healthy (90) and every edge 88 except checkout, which gets `checkoutScore`.
inline core::HealthScores scoresFor(const core::Topology &t, double checkoutScore,
                                    const core::VerdictReason &reason = {})
{
    core::HealthScores s;
    s.generation = t.generation();
    s.nodes.assign(size_t(t.nodeCount()),
                   verdict(90.0, core::HealthFactor::Connectivity, withinTolerance()));
    s.edges.assign(size_t(t.edgeCount()),
                   verdict(88.0, core::HealthFactor::Protocol, withinTolerance()));
    const int checkout = t.nodeIndex(svc("checkout"));
    if (checkout >= 0)
        s.nodes[size_t(checkout)] = verdict(checkoutScore, core::HealthFactor::Stability, reason);
    return s;
}

} // namespace meshscope::testing::shop
