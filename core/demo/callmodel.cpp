#include "core/demo/callmodel.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace meshscope::core {

namespace {

// Locally answered failures (DNS, no endpoint, a reset, an overload rejection) are fast.
constexpr double kFastFailMeanMs = 0.7;
constexpr double kFastFailVarMs2 = 0.15;
// Envoy's retry back-off: base interval 25 ms, retry k waits uniformly in [0, 25 (2^k - 1)) ms.
constexpr double kBackoffBaseMs = 25.0;

double backoffMeanMs(int retry)
{
    return 0.5 * kBackoffBaseMs * (std::pow(2.0, retry) - 1.0);
}

double phi(double x)
{
    return 0.5 * std::erfc(-x / std::numbers::sqrt2);
}

// Share above the cap and the first two moments of min(X, cap) for a log-normal X with the given
// mean and variance (closed form: E[X; X <= c] = e^(mu + s^2/2) Phi((ln c - mu - s^2) / s)).
struct Capped
{
    double tail = 0.0;
    double mean = 0.0;
    double second = 0.0;
};

Capped capped(double mean, double var, double cap)
{
    if (!(cap > 0.0))
        return {0.0, mean, var + mean * mean};
    const LogNormal ln = logNormalFromMoments(mean, var);
    const double s = ln.sigma;
    const double z = (std::log(cap) - ln.mu) / s;
    const double tail = 1.0 - phi(z);
    const double m1 = std::exp(ln.mu + 0.5 * s * s) * phi(z - s);
    const double m2 = std::exp(2.0 * ln.mu + 2.0 * s * s) * phi(z - 2.0 * s);
    return {tail, m1 + cap * tail, m2 + cap * cap * tail};
}

size_t bucketOf(double ms)
{
    for (size_t i = 0; i < kIstioDurationBucketsMs.size(); ++i)
        if (ms <= kIstioDurationBucketsMs[i])
            return i;
    return kIstioBucketCount - 1;
}

} // namespace

CallModel::Labels CallModel::labels(CallOutcome outcome, Protocol protocol)
{
    const bool grpc = protocol == Protocol::Grpc;
    // HTTP code / gRPC status / flags; on gRPC every answer (Envoy's own too) is HTTP 200.
    const auto make = [grpc](int http, int status, const char *flags) {
        return Labels{grpc ? 200 : http, grpc ? status : -1, flags};
    };
    switch (outcome) {
    case CallOutcome::Ok:
        return make(200, 0, "-");
    case CallOutcome::ClientError:
        return make(404, 5, "-");
    case CallOutcome::ServerError:
        return make(500, 13, "-");
    case CallOutcome::Overloaded:
        return make(503, 14, "-");
    case CallOutcome::NoHealthyUpstream:
        return make(503, 14, "UH");
    case CallOutcome::ConnectFailure:
        return make(503, 14, "UF");
    case CallOutcome::RetriesExhausted:
        return make(503, 14, "URX");
    case CallOutcome::Timeout:
        // Envoy's local 504 becomes UNAVAILABLE on gRPC (Grpc::Utility::httpToGrpcStatus).
        return make(504, 14, "UT");
    case CallOutcome::DnsFailure:
        return Labels{0, -1, "DF"}; // no request was made: no response, no gRPC status
    }
    return {};
}

CallModel::Labels CallModel::serverLabels(ServerOutcome outcome, Protocol protocol)
{
    switch (outcome) {
    case ServerOutcome::Ok:
        return labels(CallOutcome::Ok, protocol);
    case ServerOutcome::ClientError:
        return labels(CallOutcome::ClientError, protocol);
    case ServerOutcome::ServerError:
        return labels(CallOutcome::ServerError, protocol);
    case ServerOutcome::Overloaded:
        return labels(CallOutcome::Overloaded, protocol);
    case ServerOutcome::Cancelled:
        return Labels{0, -1, "DC"}; // the caller reset the stream before the answer
    }
    return {};
}

double CallModel::reachPerRequest(const CallInputs &in)
{
    if (in.noEndpoint)
        return 0.0;
    const double through = (1.0 - in.resetShare) * (1.0 - in.deadShare);
    const double p = 1.0 - through * (1.0 - in.rejectShare);
    double attempts = 0.0;
    for (int k = 0, n = std::max(0, in.retries); k <= n; ++k)
        attempts += std::pow(p, k);
    return (1.0 - in.dnsShare) * attempts * through;
}

CallResult CallModel::evaluate(const CallInputs &in)
{
    CallResult out;
    auto &share = out.share;
    const double dns = std::clamp(in.dnsShare, 0.0, 1.0);
    share[size_t(CallOutcome::DnsFailure)] = dns;
    const double tried = 1.0 - dns;
    if (in.noEndpoint) {
        share[size_t(CallOutcome::NoHealthyUpstream)] = tried;
        out.client[0] = {1.0, kFastFailMeanMs, kFastFailVarMs2, 0.0};
        out.meanMs = kFastFailMeanMs;
        out.varMs2 = kFastFailVarMs2;
        return out;
    }

    // Per attempt: reset, dead endpoint, overload rejection, else answered. Istio's default
    // retry policy retries all three (connect-failure, refused-stream, unavailable, 503).
    const double reset = std::clamp(in.resetShare, 0.0, 1.0);
    const double dead = (1.0 - reset) * std::clamp(in.deadShare, 0.0, 1.0);
    const double reject = (1.0 - reset) * (1.0 - std::clamp(in.deadShare, 0.0, 1.0)) *
                          std::clamp(in.rejectShare, 0.0, 1.0);
    const double p = reset + dead + reject;
    const int retries = std::max(0, in.retries);
    double attempts = 0.0;
    double backoff = 0.0;    // expected back-off of a request that tried
    double allBackoff = 0.0; // back-off of one that used every retry
    for (int k = 0; k <= retries; ++k) {
        attempts += std::pow(p, k);
        if (k > 0) {
            backoff += std::pow(p, k) * backoffMeanMs(k);
            allBackoff += backoffMeanMs(k);
        }
    }
    const double exhausted = tried * std::pow(p, retries + 1);
    const double answered = tried - exhausted;
    out.attempts = attempts;
    if (retries > 0) {
        share[size_t(CallOutcome::RetriesExhausted)] = exhausted;
    } else if (p > 0.0) {
        share[size_t(CallOutcome::ConnectFailure)] = exhausted * (reset + dead) / p;
        share[size_t(CallOutcome::Overloaded)] = exhausted * reject / p;
    }

    // Answered requests: the callee's latency plus the network's delay, plus what failed
    // attempts and back-off cost before (spread over all answered requests: a mean shift).
    const double overhead = (attempts - 1.0) * kFastFailMeanMs + backoff;
    const double meanA = in.serverMeanMs + in.delayMs + overhead;
    const double varA = in.serverVarMs2 + in.jitterVarMs2;
    const double meanB = meanA + in.rtoMs;
    const double varB = varA + 0.25 * in.rtoMs * in.rtoMs;
    const double affected = std::clamp(in.lossAffected, 0.0, 1.0);
    const double cap = in.timeoutMs > 0.0 ? in.timeoutMs : 0.0;
    const Capped a = capped(meanA, varA, cap);
    const Capped b = capped(meanB, varB, cap);
    const double wA = answered * (1.0 - affected);
    const double wB = answered * affected;
    const double timedOut = wA * a.tail + wB * b.tail;
    const double completed = answered - timedOut;
    const double serverError = completed * std::clamp(in.serverFailShare, 0.0, 1.0);
    const double clientError =
        (completed - serverError) * std::clamp(in.clientErrorShare, 0.0, 1.0);
    share[size_t(CallOutcome::Timeout)] = timedOut;
    share[size_t(CallOutcome::ServerError)] = serverError;
    share[size_t(CallOutcome::ClientError)] = clientError;
    share[size_t(CallOutcome::Ok)] = std::max(0.0, completed - serverError - clientError);

    const double fastWeight = dns + (retries > 0 ? 0.0 : exhausted);
    const double exhaustedMean = (retries + 1) * kFastFailMeanMs + allBackoff;
    const double exhaustedWeight = retries > 0 ? exhausted : 0.0;
    out.client[0] = {wA, meanA, varA, cap};
    out.client[1] = {wB, meanB, varB, cap};
    out.client[2] = {fastWeight, kFastFailMeanMs, kFastFailVarMs2, 0.0};
    out.client[3] = {exhaustedWeight, exhaustedMean,
                     0.3 * exhaustedMean * exhaustedMean + kFastFailVarMs2, cap};
    double mean = 0.0;
    double second = 0.0;
    for (const LatencyPart &part : out.client) {
        if (!(part.weight > 0.0))
            continue;
        const Capped c = capped(part.meanMs, part.varMs2, part.capMs);
        mean += part.weight * c.mean;
        second += part.weight * c.second;
    }
    out.meanMs = mean;
    out.varMs2 = std::max(0.0, second - mean * mean);

    // The callee's view: every attempt that reached it, the answered with its own latency (an
    // injected network delay is outside its sidecar), the rejected ones fast.
    const double reached =
        tried * attempts * (1.0 - reset) * (1.0 - std::clamp(in.deadShare, 0.0, 1.0));
    const double rejectedAtServer = std::max(0.0, reached - answered);
    out.reachShare = reached;
    auto &server = out.serverShare;
    server[size_t(ServerOutcome::Ok)] = share[size_t(CallOutcome::Ok)];
    server[size_t(ServerOutcome::ClientError)] = clientError;
    server[size_t(ServerOutcome::ServerError)] = serverError;
    server[size_t(ServerOutcome::Overloaded)] = rejectedAtServer;
    server[size_t(ServerOutcome::Cancelled)] = timedOut;
    out.server[0] = {answered, in.serverMeanMs, in.serverVarMs2, 0.0};
    out.server[1] = {rejectedAtServer, kFastFailMeanMs, kFastFailVarMs2, 0.0};
    return out;
}

void CallModel::fillPart(float *perBucket, double count, const LatencyPart &part)
{
    const double n = count * part.weight;
    if (!(n > 0.0))
        return;
    const LogNormal ln = logNormalFromMoments(part.meanMs, part.varMs2);
    if (!(part.capMs > 0.0)) {
        addLogNormal(perBucket, n, ln.mu, ln.sigma);
        return;
    }
    // What would have taken longer is recorded when the timeout fired: at the cap.
    std::array<float, kIstioBucketCount> tmp{};
    addLogNormal(tmp.data(), n, ln.mu, ln.sigma);
    const size_t at = bucketOf(part.capMs);
    for (size_t j = at + 1; j < kIstioBucketCount; ++j) {
        tmp[at] += tmp[j];
        tmp[j] = 0.0f;
    }
    for (size_t j = 0; j < kIstioBucketCount; ++j)
        perBucket[j] += tmp[j];
}

} // namespace meshscope::core
