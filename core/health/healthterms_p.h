#pragma once

// The parts of one health verdict (docs/health-model.md): traffic sums over edges, the terms of
// each factor, Kiali's rate and replica verdict, and how they combine into score, band, driver
// and reason. Private to core/health: HealthModel is the interface.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"
#include "core/health/rollingbaseline.h"

#include <array>
#include <cmath>
#include <cstdint>
#include <vector>

namespace meshscope::core::healthterms {

constexpr double kFull = 100.0;
// Which observed values were anomalous (above the tolerated σ): held out of the baselines.
constexpr std::uint8_t kLatencyAnomaly = 1;
constexpr std::uint8_t kErrorAnomaly = 2;

// One scored term and the reason it gives when it is the weakest (figures in the units of
// VerdictReason: shares in percent, latencies in ms).
struct TermValue
{
    double score = kNaN;
    VerdictReason reason;
};

struct Factor
{
    double score = kNaN;
    TermValue weakest;

    // A factor is its weakest term: the reason can then name one term honestly.
    void consider(const TermValue &t)
    {
        if (std::isnan(score) || t.score < score) {
            score = t.score;
            weakest = t;
        }
    }
};

enum ProtoIndex
{
    kHttp = 0,
    kGrpc = 1
};

// Sums over a set of edges (one edge, a node's inbound or outbound edges, or both).
struct Traffic
{
    double req = 0.0;                           // requests/s, all protocols
    double err = 0.0;                           // 5xx + gRPC errors + no-response, requests/s
    double protoFail = 0.0;                     // no-response + gRPC errors, requests/s
    std::array<double, 2> protoReq{};           // requests/s per ProtoIndex
    std::array<std::array<double, 4>, 2> cls{}; // [ProtoIndex][ErrorClass] requests/s
    double mtlsWeighted = 0.0, mtlsWeight = 0.0;
    double handshake = 0.0, opened = 0.0;     // per s, all edges
    double reuseReq = 0.0, reuseOpened = 0.0; // HTTP/gRPC edges that report connections
    double p95Weighted = 0.0, p95Weight = 0.0;
    double bytes = 0.0;

    // `leavesMesh`: the callee is outside the mesh (NodeKind::External), where mutual TLS is
    // impossible, so the call says nothing about the mTLS expectation.
    void add(const EdgeSample &m, bool leavesMesh)
    {
        req += m.requestRate;
        err += m.errorRate();
        protoFail += m.rateNoResponse + m.rateGrpcError;
        if (m.protocol != Protocol::Tcp) {
            const int p = m.protocol == Protocol::Grpc ? kGrpc : kHttp;
            protoReq[size_t(p)] += m.requestRate;
            auto &c = cls[size_t(p)];
            c[size_t(ErrorClass::Http5xx)] += m.rate5xx;
            c[size_t(ErrorClass::Http4xx)] += m.rate4xx;
            c[size_t(ErrorClass::GrpcError)] += m.rateGrpcError;
            c[size_t(ErrorClass::NoResponse)] += m.rateNoResponse;
            if (m.tcpOpenedRate > 0.0) {
                reuseReq += m.requestRate;
                reuseOpened += m.tcpOpenedRate;
            }
        }
        if (!std::isnan(m.mtlsShare) && !leavesMesh) {
            const double w = m.requestRate > 0.0 ? m.requestRate : m.tcpOpenedRate;
            mtlsWeighted += m.mtlsShare * w;
            mtlsWeight += w;
        }
        handshake += m.tlsHandshakeFailureRate;
        opened += m.tcpOpenedRate;
        if (!std::isnan(m.latency.p95Ms) && m.requestRate > 0.0) {
            p95Weighted += m.latency.p95Ms * m.requestRate;
            p95Weight += m.requestRate;
        }
        bytes += m.bytesSentRate + m.bytesReceivedRate;
    }

    void add(const Traffic &o)
    {
        req += o.req;
        err += o.err;
        protoFail += o.protoFail;
        for (size_t p = 0; p < 2; ++p) {
            protoReq[p] += o.protoReq[p];
            for (size_t k = 0; k < 4; ++k)
                cls[p][k] += o.cls[p][k];
        }
        mtlsWeighted += o.mtlsWeighted;
        mtlsWeight += o.mtlsWeight;
        handshake += o.handshake;
        opened += o.opened;
        reuseReq += o.reuseReq;
        reuseOpened += o.reuseOpened;
        p95Weighted += o.p95Weighted;
        p95Weight += o.p95Weight;
        bytes += o.bytes;
    }

    bool hasTraffic() const { return req > 0.0 || opened > 0.0 || bytes > 0.0 || handshake > 0.0; }
};

// Kiali's verdict on the error rates (and, for nodes, the replicas).
struct KialiVerdict
{
    int severity = 0; // 0 none, 1 degraded, 2 failing
    bool replicas = false;
    ErrorClass code = ErrorClass::Http5xx;
    double percent = 0.0;
    double threshold = 0.0;
    int ready = 0, desired = 0;
};

void rateVerdict(const Traffic &tr, const std::vector<ErrorTolerance> &tolerances, KialiVerdict &v);

// Both stability terms of a node or edge into `stab`; returns which values were anomalous
// (kLatencyAnomaly, kErrorAnomaly), which HealthModel::score then holds out of the baselines.
std::uint8_t stabilityTerms(double latency, double errors, const RollingBaseline::Stats &lat,
                            const RollingBaseline::Stats &err, const HealthSettings::Stability &cfg,
                            Factor &stab);
void protocolTerms(const Traffic &tr, const HealthSettings::ProtocolHealth &cfg, Factor &f);
void successTerm(const Traffic &tr, const HealthSettings::Connectivity &cfg, Factor &f);
// The replica availability term of connectivity.
TermValue replicasTerm(int ready, int desired);

// Weighted mean over the factors with data, Kiali cap, band, driver and reason.
HealthVerdict combine(const HealthSettings &s, const Factor &conn, const Factor &stab,
                      const Factor &proto, const KialiVerdict &kiali, ReasonCode noDataReason);

} // namespace meshscope::core::healthterms
