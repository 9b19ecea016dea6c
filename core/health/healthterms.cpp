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

// 100 up to `tolerated`, falling linearly to 0 at `atZero`.
double linearDownFrom(double value, double tolerated, double atZero)
{
    return kFull * clamp01(1.0 - std::max(0.0, value - tolerated) / (atZero - tolerated));
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

VerdictReason verdictReason(const Verdict &v)
{
    VerdictReason r;
    r.code = v.code;
    r.direction = v.direction;
    if (v.code == ReasonCode::Replicas) {
        r.ready = v.ready;
        r.desired = v.desired;
        return r;
    }
    r.errorClass = v.cls;
    r.value = v.percent;
    r.threshold = v.threshold;
    r.bound = v.bound;
    r.baseline = v.baseline;
    r.sigma = v.sigma;
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

// One tolerance test: the share `count/total` (rates) against `threshold` percent.
int toleranceSeverity(double count, double total, double degraded, double failure,
                      const Evidence &ev, double &percent, double &bound)
{
    // Percent computed as 100*count/total (not ratio*100) so 1 of 10 is exactly 10.
    percent = kFull * count / total;
    if (!(percent > 0.0))
        return 0; // Kiali applyThresholds: no error, no verdict
    if (!ev.wilson) {
        // Kiali business/health_calculator.go applyThresholds: >= failure, else >= degraded.
        return percent >= failure ? 2 : percent >= degraded ? 1 : 0;
    }
    bound = kFull * wilsonLower(count * ev.windowSeconds, total * ev.windowSeconds, ev.z);
    const auto held = [&](double t) { return t > 0.0 ? t : ev.zeroTolerancePercent; };
    return bound >= held(failure) ? 2 : bound >= held(degraded) ? 1 : 0;
}

bool appliesTo(const ErrorTolerance &tol, Direction dir)
{
    return dir == Direction::None || (dir == Direction::Inbound && tol.inbound) ||
           (dir == Direction::Outbound && tol.outbound);
}

} // namespace

double wilsonLower(double k, double n, double z)
{
    if (!(n > 0.0))
        return 0.0;
    const double p = std::clamp(k / n, 0.0, 1.0);
    const double z2 = z * z;
    const double centre = p + z2 / (2.0 * n);
    const double spread = z * std::sqrt(p * (1.0 - p) / n + z2 / (4.0 * n * n));
    return std::max(0.0, (centre - spread) / (1.0 + z2 / n));
}

void rateVerdict(const Traffic &tr, const std::vector<ErrorTolerance> &tolerances, Direction dir,
                 const Evidence &ev, Verdict &v)
{
    for (const ErrorTolerance &tol : tolerances) {
        if (!appliesTo(tol, dir) || size_t(tol.code) >= kRequestClasses)
            continue;
        for (int p : {kHttp, kGrpc}) {
            if ((p == kHttp && !tol.http) || (p == kGrpc && !tol.grpc))
                continue;
            // Kiali processDirectionalTraffic: the share of the protocol's requests.
            const double req = tr.protoReq[size_t(p)];
            if (req <= 0.0)
                continue;
            Verdict cand;
            cand.code = ReasonCode::ErrorTolerance;
            cand.cls = tol.code;
            cand.direction = dir;
            cand.severity =
                toleranceSeverity(tr.cls[size_t(p)][size_t(tol.code)], req, tol.degradedPercent,
                                  tol.failurePercent, ev, cand.percent, cand.bound);
            cand.threshold = cand.severity == 2 ? tol.failurePercent : tol.degradedPercent;
            v.raise(cand);
        }
    }
}

void tcpVerdict(const Traffic &tr, const HealthSettings::ProtocolHealth &cfg, Direction dir,
                const Evidence &ev, Verdict &v)
{
    if (tr.tcpOpened <= 0.0)
        return;
    Verdict cand;
    cand.code = ReasonCode::ErrorTolerance;
    cand.cls = ErrorClass::TcpFailure;
    cand.direction = dir;
    cand.severity = toleranceSeverity(std::min(tr.tcpFailed, tr.tcpOpened), tr.tcpOpened,
                                      cfg.tcpDegradedPercent, cfg.tcpFailurePercent, ev,
                                      cand.percent, cand.bound);
    cand.threshold = cand.severity == 2 ? cfg.tcpFailurePercent : cfg.tcpDegradedPercent;
    v.raise(cand);
}

void objectiveTerms(double p95, double p99, double objectiveP95, double objectiveP99,
                    double failingFactor, Verdict &v, Factor &stab)
{
    const auto one = [&](double x, double objective) {
        if (std::isnan(x) || !(objective > 0.0))
            return;
        // 100 up to the objective, 0 at failingFactor x objective.
        TermValue t = makeTerm(linearDownFrom(x, objective, failingFactor * objective),
                               ReasonCode::LatencyObjective, x, objective);
        const int sev = x > failingFactor * objective ? 2 : x > objective ? 1 : 0;
        t.reason.level = sev == 2   ? HealthBand::Failing
                         : sev == 1 ? HealthBand::Degraded
                                    : HealthBand::Healthy;
        stab.consider(t);
        Verdict cand;
        cand.severity = sev;
        cand.code = ReasonCode::LatencyObjective;
        cand.percent = x;
        cand.threshold = objective;
        v.raise(cand);
    };
    one(p95, objectiveP95);
    one(p99, objectiveP99);
}

void latencyShiftVerdict(double latency, const RollingBaseline::Stats &lat,
                         const HealthSettings::Stability &cfg, Verdict &v)
{
    if (std::isnan(latency) || lat.count < cfg.minSamples)
        return;
    const double floor = std::max(cfg.latencyRelativeFloor * lat.mean, cfg.latencyAbsoluteFloorMs);
    const TermValue term = deviationTerm(ReasonCode::LatencyShift, latency, lat, floor, cfg, 1.0);
    if (!(cfg.shiftVerdictSigma > 0.0) || !(term.reason.sigma >= cfg.shiftVerdictSigma))
        return;
    Verdict shift;
    shift.severity = 1;
    shift.code = ReasonCode::LatencyShift;
    shift.percent = latency;
    shift.baseline = lat.mean;
    shift.sigma = term.reason.sigma;
    v.raise(shift);
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
        // Volatility: a p95 that keeps swinging is not stable even when each value is close
        // to the (wide) baseline.
        if (lat.mean > 0.0) {
            const double cv = lat.stddev / lat.mean;
            TermValue swing =
                makeTerm(linearDownFrom(cv, cfg.latencySwingTolerated, cfg.latencySwingAtZero),
                         ReasonCode::LatencySwing, kFull * cv, kFull * cfg.latencySwingTolerated);
            swing.reason.baseline = lat.mean;
            swing.reason.samples = lat.count;
            stab.consider(swing);
        }
    }
    if (err.count >= cfg.minSamples && !std::isnan(errors)) {
        const TermValue term =
            deviationTerm(ReasonCode::ErrorShift, errors, err, cfg.errorRatioFloor, cfg, kFull);
        stab.consider(term);
        if (term.reason.sigma > cfg.toleratedSigma)
            anomalous |= kErrorAnomaly;
        TermValue swing =
            makeTerm(linearDownFrom(err.stddev, cfg.errorSwingTolerated, cfg.errorSwingAtZero),
                     ReasonCode::ErrorSwing, kFull * err.stddev, kFull * cfg.errorSwingTolerated);
        swing.reason.baseline = kFull * err.mean;
        swing.reason.samples = err.count;
        stab.consider(swing);
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
    if (tr.req > 0.0) {
        const double ratio = tr.protoFail / tr.req;
        f.consider(makeTerm(linearDown(ratio, cfg.failureRatioAtZero), ReasonCode::ProtocolFailures,
                            kFull * ratio));
    }
}

void successTerms(const Traffic &tr, const HealthSettings &cfg, Direction dir, Factor &f)
{
    if (tr.req > 0.0) {
        // Σ strength_e · ε_e over the edges, strength_e = the edge's share of the requests:
        // the request-weighted error ratio, so a failing 1 % dependency costs 1/90 of a
        // failing 90 % one.
        const double errorRatio = tr.err / tr.req;
        TermValue t = makeTerm(linearDown(errorRatio, cfg.connectivity.errorRatioAtZero),
                               ReasonCode::Success, kFull * errorRatio);
        t.reason.rate = tr.req;
        t.reason.direction = dir;
        f.consider(t);
    }
    if (tr.tcpOpened > 0.0) {
        // Connections, never requests: a TCP edge's success is its connections that did not fail.
        const double ratio = std::min(1.0, tr.tcpFailed / tr.tcpOpened);
        TermValue t = makeTerm(linearDown(ratio, cfg.protocol.tcpFailureRatioAtZero),
                               ReasonCode::TcpFailures, kFull * ratio);
        t.reason.rate = tr.tcpOpened;
        t.reason.direction = dir;
        f.consider(t);
    }
}

HealthVerdict combine(const HealthSettings &s, const Factor &conn, const Factor &stab,
                      const Factor &proto, const Verdict &verdict, ReasonCode noDataReason,
                      bool hasTraffic)
{
    HealthVerdict v;
    v.factors.connectivity = conn.score;
    v.factors.stability = stab.score;
    v.factors.protocol = proto.score;
    // Stability without data (its baselines warming up, no objective) counts as 100, never as
    // absent: renormalising its weight away would move the score when the baseline arrives with
    // nothing changed (a plaintext edge: 61.5 Degraded, then 75 Healthy).
    // Without traffic (an idle node known by its replicas) stability can never have data: it
    // is left out rather than assumed.
    const double stabScore = std::isnan(stab.score) && hasTraffic ? kFull : stab.score;
    const std::array<double, 3> f{conn.score, stabScore, proto.score};
    const std::array<const Factor *, 3> terms{&conn, &stab, &proto};
    const std::array<double, 3> w{s.weights.connectivity, s.weights.stability, s.weights.protocol};
    double wsum = 0.0;
    double acc = 0.0;
    for (size_t i = 0; i < 3; ++i) {
        if (!std::isnan(f[i]) && w[i] > 0.0) {
            wsum += w[i];
            acc += w[i] * f[i];
        }
    }
    if (wsum <= 0.0) {
        v.reason.code = noDataReason;
        return v;
    }
    const double uncapped = acc / wsum;
    double score = uncapped;
    const bool kialiExact = s.mode == HealthSettings::Mode::KialiExact;
    if (kialiExact) {
        // Kiali's status decides the band; the score keeps its order inside that band.
        if (verdict.severity == 2)
            score = std::min(score, s.caps.failing);
        else if (verdict.severity == 1)
            score = std::clamp(score, s.bands.degraded, s.caps.degraded);
        else
            score = std::max(score, s.bands.healthy);
    } else if (verdict.severity == 2) {
        score = std::min(score, s.caps.failing);
    } else if (verdict.severity == 1) {
        score = std::min(score, s.caps.degraded);
    }
    v.score = score;
    v.band = s.bands.bandOf(score);

    // Driver: most points lost, normalised weight x (100 - factor score); ties go to the
    // earlier factor (connectivity, stability, protocol).
    double worstLoss = -1.0;
    size_t driver = 0;
    for (size_t i = 0; i < 3; ++i) {
        if (std::isnan(f[i]) || w[i] <= 0.0)
            continue;
        const double loss = w[i] / wsum * (kFull - f[i]);
        if (loss > worstLoss) {
            worstLoss = loss;
            driver = i;
        }
    }
    v.driver = HealthFactor(driver);

    const bool capBinding = score < uncapped;
    if (kialiExact) {
        if (verdict.severity > 0)
            v.reason = verdictReason(verdict);
        else
            v.reason.code = ReasonCode::WithinTolerance;
    } else if (capBinding || (verdict.severity == 2 && v.band == HealthBand::Failing)) {
        v.reason = verdictReason(verdict);
    } else if (worstLoss > 0.0 && !std::isnan(terms[driver]->score)) {
        v.reason = terms[driver]->weakest.reason;
    } else {
        v.reason.code = ReasonCode::WithinTolerance;
    }
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
