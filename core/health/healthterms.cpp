#include "core/health/healthterms_p.h"

#include <algorithm>

// Every formula here is written out, with units and defaults, in docs/health-model.md; keep the
// two in step (tst_healthmodel recomputes the worked examples of the doc).

namespace meshscope::core::healthterms {

namespace {

double clamp01(double x)
{
    return std::clamp(x, 0.0, 1.0);
}

// 100 at 0, falling linearly to 0 at `atZero` (same unit as value).
double linearDown(double value, double atZero)
{
    return kFull * clamp01(1.0 - value / atZero);
}

TermValue makeTerm(double score, ReasonCode code, double value, double threshold = kNaN)
{
    TermValue t;
    t.score = score;
    t.reason.code = code;
    t.reason.value = value;
    t.reason.threshold = threshold;
    return t;
}

VerdictReason verdictReason(const KialiVerdict &v)
{
    VerdictReason r;
    if (v.replicas) {
        r.code = ReasonCode::Replicas;
        r.ready = v.ready;
        r.desired = v.desired;
        return r;
    }
    r.code = ReasonCode::ErrorTolerance;
    r.errorClass = v.code;
    r.value = v.percent;
    r.threshold = v.threshold;
    r.level = v.severity == 2 ? HealthBand::Failing : HealthBand::Degraded;
    return r;
}

// Stability term of one metric against its baseline; no term while the baseline warms up.
// `unit` scales x and the baseline into the reason's unit (100 for a ratio -> percent).
TermValue deviationTerm(ReasonCode code, double x, const RollingBaseline::Stats &st,
                        double sigmaFloor, const HealthSettings::Stability &cfg, double unit)
{
    TermValue t;
    if (std::isnan(x) || st.count < cfg.minSamples)
        return t;
    const double sigma = std::max(st.stddev, sigmaFloor);
    // Only upward deviations hurt: lower latency or fewer errors than usual is not a problem.
    const double z = (x - st.mean) / sigma;
    t.score = kFull * clamp01(1.0 - std::max(0.0, z - cfg.toleratedSigma) / cfg.sigmaSpan);
    t.reason.code = code;
    t.reason.value = x * unit;
    t.reason.baseline = st.mean * unit;
    t.reason.sigma = z;
    t.reason.samples = st.count;
    return t;
}

} // namespace

void rateVerdict(const Traffic &tr, const std::vector<ErrorTolerance> &tolerances, KialiVerdict &v)
{
    for (const ErrorTolerance &tol : tolerances) {
        for (int p : {kHttp, kGrpc}) {
            if ((p == kHttp && !tol.http) || (p == kGrpc && !tol.grpc))
                continue;
            const double req = tr.protoReq[size_t(p)];
            if (req <= 0.0)
                continue;
            // Percent computed as 100*count/req (not ratio*100) so 1 of 10 is exactly 10.
            const double pct = kFull * tr.cls[size_t(p)][size_t(tol.code)] / req;
            // Kiali ascendingThresholdCheck: only value > 0 counts; >= failure, else >= degraded.
            int sev = 0;
            if (pct > 0.0 && pct >= tol.failurePercent)
                sev = 2;
            else if (pct > 0.0 && pct >= tol.degradedPercent)
                sev = 1;
            if (sev > v.severity) {
                v.severity = sev;
                v.replicas = false;
                v.code = tol.code;
                v.percent = pct;
                v.threshold = sev == 2 ? tol.failurePercent : tol.degradedPercent;
            }
        }
    }
}

std::uint8_t stabilityTerms(double latency, double errors, const RollingBaseline::Stats &lat,
                            const RollingBaseline::Stats &err, const HealthSettings::Stability &cfg,
                            Factor &stab)
{
    std::uint8_t anomalous = 0;
    if (lat.count >= cfg.minSamples && !std::isnan(latency)) {
        const double floor =
            std::max(cfg.latencyRelativeFloor * lat.mean, cfg.latencyAbsoluteFloorMs);
        const TermValue term =
            deviationTerm(ReasonCode::LatencyShift, latency, lat, floor, cfg, 1.0);
        stab.consider(term);
        if (term.reason.sigma > cfg.toleratedSigma)
            anomalous |= kLatencyAnomaly;
    }
    if (err.count >= cfg.minSamples && !std::isnan(errors)) {
        const TermValue term =
            deviationTerm(ReasonCode::ErrorShift, errors, err, cfg.errorRatioFloor, cfg, kFull);
        stab.consider(term);
        if (term.reason.sigma > cfg.toleratedSigma)
            anomalous |= kErrorAnomaly;
    }
    return anomalous;
}

void protocolTerms(const Traffic &tr, const HealthSettings::ProtocolHealth &cfg, Factor &f)
{
    if (cfg.expectedMtlsShare > 0.0 && tr.mtlsWeight > 0.0) {
        const double share = tr.mtlsWeighted / tr.mtlsWeight;
        f.consider(makeTerm(kFull * std::min(1.0, share / cfg.expectedMtlsShare), ReasonCode::Mtls,
                            kFull * share, kFull * cfg.expectedMtlsShare));
    }
    if (tr.opened + tr.handshake > 0.0) {
        const double ratio = tr.handshake / (tr.opened + tr.handshake);
        f.consider(makeTerm(linearDown(ratio, cfg.handshakeFailureRatioAtZero),
                            ReasonCode::Handshake, kFull * ratio));
    }
    if (cfg.targetRequestsPerConnection > 0.0 && tr.reuseOpened > 0.0) {
        const double perConnection = tr.reuseReq / tr.reuseOpened;
        f.consider(makeTerm(kFull * std::min(1.0, perConnection / cfg.targetRequestsPerConnection),
                            ReasonCode::Reuse, perConnection, cfg.targetRequestsPerConnection));
    }
    if (tr.req > 0.0) {
        const double ratio = tr.protoFail / tr.req;
        f.consider(makeTerm(linearDown(ratio, cfg.failureRatioAtZero), ReasonCode::ProtocolFailures,
                            kFull * ratio));
    }
}

void successTerm(const Traffic &tr, const HealthSettings::Connectivity &cfg, Factor &f)
{
    if (tr.req <= 0.0)
        return;
    // Dependency strength of an edge = calls x (1 - error ratio); summed over the edges and
    // divided by the calls it is the request-weighted success ratio. Weighting each edge's
    // success by its strength instead would let a dead dependency (strength 0) vanish.
    const double errorRatio = tr.err / tr.req;
    TermValue t = makeTerm(linearDown(errorRatio, cfg.errorRatioAtZero), ReasonCode::Success,
                           kFull * errorRatio);
    t.reason.rate = tr.req;
    f.consider(t);
}

HealthVerdict combine(const HealthSettings &s, const Factor &conn, const Factor &stab,
                      const Factor &proto, const KialiVerdict &kiali, ReasonCode noDataReason)
{
    HealthVerdict v;
    v.factors.connectivity = conn.score;
    v.factors.stability = stab.score;
    v.factors.protocol = proto.score;
    const std::array<const Factor *, 3> f{&conn, &stab, &proto};
    const std::array<double, 3> w{s.weights.connectivity, s.weights.stability, s.weights.protocol};
    double wsum = 0.0;
    double acc = 0.0;
    for (size_t i = 0; i < 3; ++i) {
        if (!std::isnan(f[i]->score) && w[i] > 0.0) {
            wsum += w[i];
            acc += w[i] * f[i]->score;
        }
    }
    if (wsum <= 0.0) {
        v.reason.code = noDataReason;
        return v;
    }
    const double uncapped = acc / wsum;
    double score = uncapped;
    if (kiali.severity == 2)
        score = std::min(score, s.caps.failing);
    else if (kiali.severity == 1)
        score = std::min(score, s.caps.degraded);
    v.score = score;
    v.band = s.bands.bandOf(score);

    // Driver: most points lost, normalised weight x (100 - factor score); ties go to the
    // earlier factor (connectivity, stability, protocol).
    double worstLoss = -1.0;
    size_t driver = 0;
    for (size_t i = 0; i < 3; ++i) {
        if (std::isnan(f[i]->score) || w[i] <= 0.0)
            continue;
        const double loss = w[i] / wsum * (kFull - f[i]->score);
        if (loss > worstLoss) {
            worstLoss = loss;
            driver = i;
        }
    }
    v.driver = HealthFactor(driver);

    const bool capBinding = score < uncapped;
    if (capBinding || (kiali.severity == 2 && v.band == HealthBand::Failing))
        v.reason = verdictReason(kiali);
    else if (worstLoss > 0.0)
        v.reason = f[driver]->weakest.reason;
    else
        v.reason.code = ReasonCode::WithinTolerance;
    return v;
}

TermValue replicasTerm(int ready, int desired)
{
    const double available = std::min(1.0, double(ready) / desired);
    TermValue t = makeTerm(kFull * available, ReasonCode::Replicas, kNaN);
    t.reason.ready = ready;
    t.reason.desired = desired;
    return t;
}

} // namespace meshscope::core::healthterms
