#pragma once

// The parts of one health verdict (docs/health-model.md): traffic sums over edges, the terms of
// each factor, the verdicts that cap the score (rate tolerances, TCP failures, replicas, latency
// objectives), and how they combine into score, band, driver and reason. Private to
// core/health: HealthModel is the interface.

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
        if (std::isnan(t.score))
            return;
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
constexpr size_t kRequestClasses = 4; // ErrorClass::Http5xx .. NoResponse

// Sums over a set of edges (one edge, a node's inbound or its outbound edges).
struct Traffic
{
    double req = 0.0;                 // requests/s, HTTP and gRPC
    double err = 0.0;                 // 5xx + gRPC errors + no-response, requests/s
    double protoFail = 0.0;           // no-response + gRPC errors, requests/s
    std::array<double, 2> protoReq{}; // requests/s per ProtoIndex
    std::array<std::array<double, kRequestClasses>, 2> cls{}; // [ProtoIndex][ErrorClass]
    double mtlsWeighted = 0.0, mtlsWeight = 0.0;
    double tcpOpened = 0.0, tcpFailed = 0.0; // TCP edges only: connections/s
    double opened = 0.0;                     // connections/s on any edge (traffic at all?)
    double p95Weighted = 0.0, p95Weight = 0.0;
    double p99Weighted = 0.0, p99Weight = 0.0;
    double bytes = 0.0;

    // `leavesMesh`: the callee is outside the mesh (NodeKind::External), where mutual TLS is
    // impossible, so the call says nothing about the mTLS expectation.
    void add(const EdgeSample &m, bool leavesMesh)
    {
        if (m.protocol != Protocol::Tcp) {
            req += m.requestRate;
            err += m.errorRate();
            protoFail += m.rateNoResponse + m.rateGrpcError;
            const int p = m.protocol == Protocol::Grpc ? kGrpc : kHttp;
            protoReq[size_t(p)] += m.requestRate;
            auto &c = cls[size_t(p)];
            c[size_t(ErrorClass::Http5xx)] += m.rate5xx;
            c[size_t(ErrorClass::Http4xx)] += m.rate4xx;
            c[size_t(ErrorClass::GrpcError)] += m.rateGrpcError;
            c[size_t(ErrorClass::NoResponse)] += m.rateNoResponse;
        } else {
            tcpOpened += m.tcpOpenedRate;
            tcpFailed += m.tcpFailedRate;
        }
        // mTLS comes from the destination reporter (EdgeSample::mtlsShare); requests weigh it,
        // connections where there are no requests (TCP).
        if (!std::isnan(m.mtlsShare) && !leavesMesh) {
            const double w = m.protocol != Protocol::Tcp && m.requestRate > 0.0 ? m.requestRate
                                                                                : m.tcpOpenedRate;
            mtlsWeighted += m.mtlsShare * w;
            mtlsWeight += w;
        }
        opened += m.tcpOpenedRate;
        if (m.protocol != Protocol::Tcp && !std::isnan(m.latency.p95Ms) && m.requestRate > 0.0) {
            p95Weighted += m.latency.p95Ms * m.requestRate;
            p95Weight += m.requestRate;
        }
        if (m.protocol != Protocol::Tcp && !std::isnan(m.latency.p99Ms) && m.requestRate > 0.0) {
            p99Weighted += m.latency.p99Ms * m.requestRate;
            p99Weight += m.requestRate;
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
            for (size_t k = 0; k < kRequestClasses; ++k)
                cls[p][k] += o.cls[p][k];
        }
        mtlsWeighted += o.mtlsWeighted;
        mtlsWeight += o.mtlsWeight;
        tcpOpened += o.tcpOpened;
        tcpFailed += o.tcpFailed;
        opened += o.opened;
        p95Weighted += o.p95Weighted;
        p95Weight += o.p95Weight;
        p99Weighted += o.p99Weighted;
        p99Weight += o.p99Weight;
        bytes += o.bytes;
    }

    bool hasTraffic() const { return req > 0.0 || opened > 0.0 || bytes > 0.0; }
};

// A verdict that caps the score: a rate tolerance (Kiali's, or TCP failures), the replica rule
// or a latency objective.
struct Verdict
{
    int severity = 0; // 0 none, 1 degraded, 2 failing
    ReasonCode code = ReasonCode::ErrorTolerance;
    ErrorClass cls = ErrorClass::Http5xx;
    double percent = 0.0;   // ErrorTolerance: observed %; LatencyObjective: p95 ms
    double threshold = 0.0; // the tolerance %, or the objective ms
    double bound = kNaN;    // Wilson lower bound %, Meshscope mode
    double baseline = kNaN; // LatencyShift: the baseline's mean ms
    double sigma = kNaN;    // LatencyShift: standard deviations above it
    int ready = 0, desired = 0;
    Direction direction = Direction::None;

    void raise(const Verdict &o)
    {
        if (o.severity > severity)
            *this = o;
    }
};

// Evidence rule for tolerances; `wilson` false = Kiali's plain comparison.
struct Evidence
{
    bool wilson = true;
    double z = 1.96;
    double windowSeconds = 60.0;
    double zeroTolerancePercent = 0.1;
};

// Wilson score interval's lower bound of k successes in n trials (k, n may be fractional: rates
// times the window), 0 when n <= 0.
double wilsonLower(double k, double n, double z);

// Kiali's rate verdict of `tr` under the tolerances whose direction includes `dir`.
void rateVerdict(const Traffic &tr, const std::vector<ErrorTolerance> &tolerances, Direction dir,
                 const Evidence &ev, Verdict &v);
// TCP connection failures against protocol.tcp*Percent (Meshscope mode).
void tcpVerdict(const Traffic &tr, const HealthSettings::ProtocolHealth &cfg, Direction dir,
                const Evidence &ev, Verdict &v);
// p95 (p99) against its objective: verdict and stability term. No objective = nothing.
void objectiveTerms(double p95, double p99, double objectiveP95, double objectiveP99,
                    double failingFactor, Verdict &v, Factor &stab);

// The deviation and swing terms of a node or edge into `stab`; returns which values were
// anomalous (kLatencyAnomaly, kErrorAnomaly), which HealthModel::score holds out of the
// baselines.
// A latency shift of shiftVerdictSigma or more over the baseline (default 4; with the 10 %
// relative floor that is at least +40 % of it) is news on its own: a Degraded verdict, so a
// doubled p95 is not hidden by healthy connectivity and protocol.
void latencyShiftVerdict(double latency, const RollingBaseline::Stats &lat,
                         const HealthSettings::Stability &cfg, Verdict &v);

std::uint8_t stabilityTerms(double latency, double errors, const RollingBaseline::Stats &lat,
                            const RollingBaseline::Stats &err, const HealthSettings::Stability &cfg,
                            Factor &stab);
void protocolTerms(const Traffic &tr, const HealthSettings::ProtocolHealth &cfg, Factor &f);
// Success of the requests and of the TCP connections of `tr`, the calls in direction `dir`.
void successTerms(const Traffic &tr, const HealthSettings &cfg, Direction dir, Factor &f);
// The replica availability term of connectivity.
TermValue replicasTerm(int ready, int desired);

// Weighted mean over the factors, verdict cap (or Kiali-exact clamp), band, driver and reason.
// `hasTraffic`: stability without data counts as 100 (see the .cpp).
HealthVerdict combine(const HealthSettings &s, const Factor &conn, const Factor &stab,
                      const Factor &proto, const Verdict &verdict, ReasonCode noDataReason,
                      bool hasTraffic);

} // namespace meshscope::core::healthterms
