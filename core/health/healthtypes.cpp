#include "core/health/healthtypes.h"

#include <array>
#include <cmath>
#include <utility>

namespace meshscope::core {

namespace {

// Weighted means of whole-number factor scores come out as 74.99999999999999 where a reader
// computes 75; without the nudge such a score would show (and band) one point low.
constexpr double kFloorTolerance = 1e-9;

constexpr std::array<std::pair<ReasonCode, const char *>, 18> kReasonKeys{{
    {ReasonCode::None, "none"},
    {ReasonCode::WithinTolerance, "withinTolerance"},
    {ReasonCode::NoEdgeTraffic, "noEdgeTraffic"},
    {ReasonCode::Idle, "idle"},
    {ReasonCode::NoData, "noData"},
    {ReasonCode::ErrorTolerance, "errorTolerance"},
    {ReasonCode::Replicas, "replicas"},
    {ReasonCode::Success, "success"},
    {ReasonCode::LatencyShift, "latencyShift"},
    {ReasonCode::ErrorShift, "errorShift"},
    {ReasonCode::Mtls, "mtls"},
    {ReasonCode::Handshake, "handshake"},
    {ReasonCode::Reuse, "reuse"},
    {ReasonCode::ProtocolFailures, "protocolFailures"},
    {ReasonCode::TcpFailures, "tcpFailures"},
    {ReasonCode::LatencyObjective, "latencyObjective"},
    {ReasonCode::LatencySwing, "latencySwing"},
    {ReasonCode::ErrorSwing, "errorSwing"},
}};

} // namespace

bool operator==(const VerdictReason &a, const VerdictReason &b)
{
    const auto same = [](double x, double y) { return x == y || (std::isnan(x) && std::isnan(y)); };
    return a.code == b.code && same(a.value, b.value) && same(a.threshold, b.threshold) &&
           same(a.baseline, b.baseline) && same(a.sigma, b.sigma) && same(a.rate, b.rate) &&
           a.samples == b.samples && a.ready == b.ready && a.desired == b.desired &&
           a.errorClass == b.errorClass && a.level == b.level && same(a.bound, b.bound) &&
           a.peer == b.peer && a.direction == b.direction;
}

double shownScore(double score)
{
    return std::isnan(score) ? score : std::floor(score + kFloorTolerance);
}

QString reasonKey(ReasonCode code)
{
    for (const auto &[c, key] : kReasonKeys) {
        if (c == code)
            return QLatin1String(key);
    }
    return QStringLiteral("none");
}

std::optional<ReasonCode> reasonFromKey(const QString &key)
{
    for (const auto &[c, k] : kReasonKeys) {
        if (key == QLatin1String(k))
            return c;
    }
    return std::nullopt;
}

std::optional<HealthFactor> factorOf(ReasonCode code)
{
    switch (code) {
    case ReasonCode::Success:
    case ReasonCode::Replicas:
    case ReasonCode::TcpFailures:
        return HealthFactor::Connectivity;
    case ReasonCode::LatencyShift:
    case ReasonCode::ErrorShift:
    case ReasonCode::LatencyObjective:
    case ReasonCode::LatencySwing:
    case ReasonCode::ErrorSwing:
        return HealthFactor::Stability;
    case ReasonCode::Mtls:
    case ReasonCode::Handshake:
    case ReasonCode::Reuse:
    case ReasonCode::ProtocolFailures:
        return HealthFactor::Protocol;
    case ReasonCode::None:
    case ReasonCode::WithinTolerance:
    case ReasonCode::NoEdgeTraffic:
    case ReasonCode::Idle:
    case ReasonCode::NoData:
    case ReasonCode::ErrorTolerance:
        break;
    }
    return std::nullopt;
}

} // namespace meshscope::core
