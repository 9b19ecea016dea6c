#include "widgets/reasonformat.h"

#include <algorithm>
#include <cmath>

namespace meshscope::widgets {

namespace {

// Beyond this many σ a latency reason gives the ratio to the baseline instead: "783σ" says
// less than "8.0× its baseline".
constexpr double kRatioAboveSigma = 20.0;

QString num(double v, int decimals)
{
    return QString::number(v, 'f', decimals);
}

// Small shares keep two significant digits: "0.0024 %" says more than "0.0 %".
int percentDecimals(double percent)
{
    if (!(percent > 0.0) || percent >= 1.0)
        return 1;
    return std::clamp(1 - int(std::floor(std::log10(percent))), 1, 6);
}

QString tolerance(const core::VerdictReason &r)
{
    const QString what = ReasonFormat::errorClass(r.errorClass);
    QString value = num(r.value, percentDecimals(r.value));
    // Meshscope mode judges the confidence bound, so the sentence shows it beside the share.
    if (!std::isnan(r.bound))
        value = ReasonFormat::tr("%1 % (at least %2 %)")
                    .arg(value, num(r.bound, percentDecimals(r.bound)));
    else
        value += QStringLiteral(" %");
    const QString threshold = QString::number(r.threshold);
    const bool failing = r.level == core::HealthBand::Failing;
    // A zero threshold means "any error" (Kiali's value > 0 guard): say ">" rather than "≥ 0".
    if (r.threshold > 0.0)
        return failing ? ReasonFormat::tr("%1 %2 \u2265 failing tolerance %3 %")
                             .arg(what, value, threshold)
                       : ReasonFormat::tr("%1 %2 \u2265 degraded tolerance %3 %")
                             .arg(what, value, threshold);
    return failing
               ? ReasonFormat::tr("%1 %2 > failing tolerance %3 %").arg(what, value, threshold)
               : ReasonFormat::tr("%1 %2 > degraded tolerance %3 %").arg(what, value, threshold);
}

QString latency(const core::VerdictReason &r)
{
    if (r.sigma > kRatioAboveSigma && r.baseline > 0.0) {
        const double ratio = r.value / r.baseline;
        return ReasonFormat::tr("p95 %1 ms is %2\u00d7 its baseline %3 ms (%4 samples)")
            .arg(num(r.value, 0), num(ratio, ratio < 10 ? 1 : 0),
                 num(r.baseline, r.baseline < 10 ? 1 : 0))
            .arg(r.samples);
    }
    return ReasonFormat::tr("p95 %1 ms is %2\u03c3 above its baseline %3 ms (%4 samples)")
        .arg(num(r.value, 0), num(r.sigma, 1), num(r.baseline, 0))
        .arg(r.samples);
}

QString objective(const core::VerdictReason &r)
{
    if (r.level == core::HealthBand::Failing)
        return ReasonFormat::tr("p95 %1 ms is far over its objective %2 ms")
            .arg(num(r.value, 0), num(r.threshold, 0));
    if (r.level == core::HealthBand::Degraded)
        return ReasonFormat::tr("p95 %1 ms is over its objective %2 ms")
            .arg(num(r.value, 0), num(r.threshold, 0));
    return ReasonFormat::tr("p95 %1 ms is within its objective %2 ms")
        .arg(num(r.value, 0), num(r.threshold, 0));
}

// The call a node's reason is about: "on calls from frontend", "on its outbound calls".
QString direction(const core::VerdictReason &r)
{
    const bool named = r.peer.isValid();
    switch (r.direction) {
    case core::Direction::Inbound:
        return named ? ReasonFormat::tr("on calls from %1").arg(r.peer.name())
                     : ReasonFormat::tr("on its inbound calls");
    case core::Direction::Outbound:
        return named ? ReasonFormat::tr("on calls to %1").arg(r.peer.name())
                     : ReasonFormat::tr("on its outbound calls");
    case core::Direction::None:
        break;
    }
    return {};
}

} // namespace

QString ReasonFormat::text(const core::VerdictReason &r)
{
    const QString what = sentence(r);
    const QString where = direction(r);
    return where.isEmpty() || what.isEmpty() ? what : tr("%1, %2").arg(what, where);
}

QString ReasonFormat::sentence(const core::VerdictReason &r)
{
    using core::ReasonCode;
    switch (r.code) {
    case ReasonCode::None:
        return {};
    case ReasonCode::WithinTolerance:
        return tr("all terms within tolerance");
    case ReasonCode::NoEdgeTraffic:
        return tr("no traffic on this edge");
    case ReasonCode::Idle:
        return tr("idle: no traffic in this refresh");
    case ReasonCode::NoData:
        return tr("no traffic and no replica information");
    case ReasonCode::ErrorTolerance:
        return tolerance(r);
    case ReasonCode::Replicas:
        return tr("%1/%2 replicas ready").arg(r.ready).arg(r.desired);
    case ReasonCode::Success:
        if (r.direction != core::Direction::None)
            return tr("errors %1 % of %2 req/s").arg(num(r.value, 1), num(r.rate, 1));
        return tr("errors %1 % of %2 req/s on its edges").arg(num(r.value, 1), num(r.rate, 1));
    case ReasonCode::LatencyShift:
        return latency(r);
    case ReasonCode::ErrorShift:
        return tr("error ratio %1 % is %2\u03c3 above its baseline %3 % (%4 samples)")
            .arg(num(r.value, 1), num(r.sigma, 1), num(r.baseline, 1))
            .arg(r.samples);
    case ReasonCode::Mtls:
        return tr("mTLS %1 % of traffic < expected %2 %").arg(num(r.value, 0), num(r.threshold, 0));
    case ReasonCode::Handshake:
        return tr("TLS handshake failures %1 % of connections").arg(num(r.value, 1));
    case ReasonCode::Reuse:
        return tr("connection reuse %1 requests/connection < target %2")
            .arg(num(r.value, 1), num(r.threshold, 1));
    case ReasonCode::ProtocolFailures:
        return tr("protocol failures (no response, gRPC errors) %1 % of requests")
            .arg(num(r.value, 1));
    case ReasonCode::TcpFailures:
        return tr("failed TCP connections %1 % of %2 connections/s")
            .arg(num(r.value, 1), num(r.rate, 1));
    case ReasonCode::LatencyObjective:
        return objective(r);
    case ReasonCode::LatencySwing:
        return tr("p95 swings %1 % around its mean %2 ms (%3 samples)")
            .arg(num(r.value, 0), num(r.baseline, 0))
            .arg(r.samples);
    case ReasonCode::ErrorSwing:
        return tr("error ratio swings %1 points around its mean %2 % (%3 samples)")
            .arg(num(r.value, 1), num(r.baseline, 1))
            .arg(r.samples);
    }
    return {};
}

QString ReasonFormat::band(core::HealthBand band)
{
    switch (band) {
    case core::HealthBand::Healthy:
        return tr("Healthy");
    case core::HealthBand::Degraded:
        return tr("Degraded");
    case core::HealthBand::Failing:
        return tr("Failing");
    case core::HealthBand::NoData:
        break;
    }
    return tr("No data");
}

QString ReasonFormat::factor(core::HealthFactor factor)
{
    switch (factor) {
    case core::HealthFactor::Connectivity:
        return tr("connectivity");
    case core::HealthFactor::Stability:
        return tr("stability");
    case core::HealthFactor::Protocol:
        return tr("protocol");
    }
    return tr("connectivity");
}

QString ReasonFormat::errorClass(core::ErrorClass code)
{
    switch (code) {
    case core::ErrorClass::Http5xx:
        return tr("5xx");
    case core::ErrorClass::Http4xx:
        return tr("4xx");
    case core::ErrorClass::GrpcError:
        return tr("gRPC errors");
    case core::ErrorClass::NoResponse:
        return tr("no response");
    case core::ErrorClass::TcpFailure:
        return tr("failed TCP connections");
    }
    return tr("5xx");
}

} // namespace meshscope::widgets
