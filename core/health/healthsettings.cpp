#include "core/health/healthsettings.h"

#include "core/health/healthlog_p.h"
#include "core/health/healthsettings_p.h"
#include "core/health/servicerules.h"

#include <QCoreApplication>
#include <QRegularExpression>

#include <cmath>
#include <initializer_list>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcHealth, "meshscope.core.health")

namespace settingsdetail {

QString tr(const char *text)
{
    return QCoreApplication::translate("HealthSettings", text);
}

} // namespace settingsdetail

using settingsdetail::tr;

QString toString(ErrorClass code)
{
    switch (code) {
    case ErrorClass::Http5xx:
        return QStringLiteral("5xx");
    case ErrorClass::Http4xx:
        return QStringLiteral("4xx");
    case ErrorClass::GrpcError:
        return QStringLiteral("grpc");
    case ErrorClass::NoResponse:
        return QStringLiteral("no-response");
    case ErrorClass::TcpFailure:
        return QStringLiteral("tcp");
    }
    return QStringLiteral("5xx");
}

HealthBand HealthSettings::Bands::bandOf(double score) const
{
    if (std::isnan(score))
        return HealthBand::NoData;
    const double shown = shownScore(score);
    return shown >= healthy    ? HealthBand::Healthy
           : shown >= degraded ? HealthBand::Degraded
                               : HealthBand::Failing;
}

std::vector<ErrorTolerance> HealthSettings::kialiDefaultTolerances()
{
    // Kiali config/config.go AddHealthDefault: 5XX http failure 10; 4XX http degraded 10 failure
    // 20; gRPC codes 1-16 failure 10; "-" (no response) http|grpc failure 10. Degraded left at 0
    // means "any error > 0" because Kiali's check requires value > 0 first.
    return {
        ErrorTolerance{ErrorClass::Http5xx, true, false, 0.0, 10.0},
        ErrorTolerance{ErrorClass::Http4xx, true, false, 10.0, 20.0},
        ErrorTolerance{ErrorClass::GrpcError, false, true, 0.0, 10.0},
        ErrorTolerance{ErrorClass::NoResponse, true, true, 0.0, 10.0},
    };
}

namespace settingsdetail {

Problem firstProblem(const HealthSettings &s)
{
    const auto &w = s.weights;
    for (auto [key, value] :
         {std::pair{"weights.connectivity", w.connectivity},
          std::pair{"weights.stability", w.stability}, std::pair{"weights.protocol", w.protocol}}) {
        if (!(value >= 0.0))
            return {QString::fromLatin1(key), tr("weight must be >= 0, got %1").arg(value)};
    }
    if (w.connectivity + w.stability + w.protocol <= 0.0)
        return {QStringLiteral("weights"), tr("at least one weight must be > 0")};

    const auto &b = s.bands;
    const auto &c = s.caps;
    // failing cap < degraded threshold <= degraded cap < healthy threshold <= 100: a capped
    // score then always lands in the band of its verdict.
    if (!(b.healthy > 0.0 && b.healthy <= 100.0))
        return {QStringLiteral("bands.healthy"), tr("must be in (0, 100], got %1").arg(b.healthy)};
    if (!(b.degraded > 0.0 && b.degraded < b.healthy))
        return {QStringLiteral("bands.degraded"),
                tr("must be > 0 and < bands.healthy (%1), got %2").arg(b.healthy).arg(b.degraded)};
    if (!(c.degraded >= b.degraded && c.degraded < b.healthy))
        return {QStringLiteral("caps.degraded"),
                tr("must be >= bands.degraded (%1) and < bands.healthy (%2), got %3")
                    .arg(b.degraded)
                    .arg(b.healthy)
                    .arg(c.degraded)};
    if (!(c.failing >= 0.0 && c.failing < b.degraded))
        return {
            QStringLiteral("caps.failing"),
            tr("must be >= 0 and < bands.degraded (%1), got %2").arg(b.degraded).arg(c.failing)};

    const auto checkTolerances = [](const std::vector<ErrorTolerance> &list,
                                    const QString &prefix) -> Problem {
        for (size_t i = 0; i < list.size(); ++i) {
            const ErrorTolerance &t = list[i];
            const QString key = prefix + QStringLiteral("[%1]").arg(i);
            if (!(t.degradedPercent >= 0.0 && t.degradedPercent <= 100.0))
                return {key + QStringLiteral(".degraded"),
                        tr("must be a percentage in [0, 100], got %1").arg(t.degradedPercent)};
            if (!(t.failurePercent >= t.degradedPercent && t.failurePercent <= 100.0))
                return {key + QStringLiteral(".failure"),
                        tr("must be in [degraded (%1), 100], got %2")
                            .arg(t.degradedPercent)
                            .arg(t.failurePercent)};
            if (!t.http && !t.grpc)
                return {key + QStringLiteral(".protocol"), tr("names no protocol")};
            if (!t.inbound && !t.outbound)
                return {key + QStringLiteral(".direction"), tr("names no direction")};
            if (t.code == ErrorClass::TcpFailure)
                return {key + QStringLiteral(".code"),
                        tr("tcp is not a request class (see protocol.tcp*)")};
        }
        return {};
    };
    if (Problem p = checkTolerances(s.tolerances, QStringLiteral("tolerances"));
        !p.message.isEmpty())
        return p;
    for (size_t r = 0; r < s.rateRules.size(); ++r) {
        const RateRule &rule = s.rateRules[r];
        const QString key = QStringLiteral("health_config.rate[%1]").arg(r);
        for (auto [name, pattern] :
             {std::pair{"namespace", &rule.namespacePattern}, std::pair{"kind", &rule.kindPattern},
              std::pair{"name", &rule.namePattern}}) {
            const QRegularExpression re = ServiceRules::kialiPattern(*pattern);
            if (!re.isValid())
                return {
                    key + QLatin1Char('.') + QLatin1String(name),
                    tr("invalid regular expression \"%1\": %2").arg(*pattern, re.errorString())};
        }
        if (Problem p = checkTolerances(rule.tolerances, key + QStringLiteral(".tolerance"));
            !p.message.isEmpty())
            return p;
    }

    if (!(s.connectivity.errorRatioAtZero > 0.0 && s.connectivity.errorRatioAtZero <= 1.0))
        return {QStringLiteral("connectivity.errorRatioAtZero"),
                tr("must be in (0, 1], got %1").arg(s.connectivity.errorRatioAtZero)};

    const auto &st = s.stability;
    if (st.windowSamples < 2 || st.windowSamples > 10000)
        return {QStringLiteral("stability.windowSamples"),
                tr("must be in [2, 10000], got %1").arg(st.windowSamples)};
    if (st.minSamples < 2 || st.minSamples > st.windowSamples)
        return {QStringLiteral("stability.minSamples"),
                tr("must be in [2, windowSamples (%1)], got %2")
                    .arg(st.windowSamples)
                    .arg(st.minSamples)};
    if (!(st.toleratedSigma >= 0.0))
        return {QStringLiteral("stability.toleratedSigma"),
                tr("must be >= 0, got %1").arg(st.toleratedSigma)};
    if (!(st.sigmaSpan > 0.0))
        return {QStringLiteral("stability.sigmaSpan"), tr("must be > 0, got %1").arg(st.sigmaSpan)};
    if (!(st.latencyRelativeFloor >= 0.0))
        return {QStringLiteral("stability.latencyRelativeFloor"),
                tr("must be >= 0, got %1").arg(st.latencyRelativeFloor)};
    if (!(st.latencyAbsoluteFloorMs > 0.0))
        return {QStringLiteral("stability.latencyAbsoluteFloorMs"),
                tr("must be > 0, got %1").arg(st.latencyAbsoluteFloorMs)};
    if (!(st.errorRatioFloor > 0.0 && st.errorRatioFloor <= 1.0))
        return {QStringLiteral("stability.errorRatioFloor"),
                tr("must be in (0, 1], got %1").arg(st.errorRatioFloor)};
    if (!(st.latencySwingTolerated >= 0.0))
        return {QStringLiteral("stability.latencySwingTolerated"),
                tr("must be >= 0, got %1").arg(st.latencySwingTolerated)};
    if (!(st.latencySwingAtZero > st.latencySwingTolerated))
        return {QStringLiteral("stability.latencySwingAtZero"),
                tr("must be > latencySwingTolerated (%1), got %2")
                    .arg(st.latencySwingTolerated)
                    .arg(st.latencySwingAtZero)};
    if (!(st.errorSwingTolerated >= 0.0))
        return {QStringLiteral("stability.errorSwingTolerated"),
                tr("must be >= 0, got %1").arg(st.errorSwingTolerated)};
    if (!(st.errorSwingAtZero > st.errorSwingTolerated))
        return {QStringLiteral("stability.errorSwingAtZero"),
                tr("must be > errorSwingTolerated (%1), got %2")
                    .arg(st.errorSwingTolerated)
                    .arg(st.errorSwingAtZero)};
    if (!(st.shiftVerdictSigma >= 0.0))
        return {QStringLiteral("stability.shiftVerdictSigma"),
                tr("must be >= 0 (0 = off), got %1").arg(st.shiftVerdictSigma)};

    const auto &o = s.objectives;
    if (!(o.p95Ms >= 0.0))
        return {QStringLiteral("objectives.p95Ms"),
                tr("must be >= 0 (0 = none), got %1").arg(o.p95Ms)};
    if (!(o.p99Ms >= 0.0))
        return {QStringLiteral("objectives.p99Ms"),
                tr("must be >= 0 (0 = none), got %1").arg(o.p99Ms)};
    if (!(o.failingFactor > 1.0))
        return {QStringLiteral("objectives.failingFactor"),
                tr("must be > 1, got %1").arg(o.failingFactor)};
    for (size_t i = 0; i < o.overrides.size(); ++i) {
        const LatencyObjective &ov = o.overrides[i];
        const QString key = QStringLiteral("objectives.overrides[%1]").arg(i);
        if (!std::isnan(ov.p95Ms) && !(ov.p95Ms >= 0.0))
            return {key + QStringLiteral(".p95Ms"), tr("must be >= 0, got %1").arg(ov.p95Ms)};
        if (!std::isnan(ov.p99Ms) && !(ov.p99Ms >= 0.0))
            return {key + QStringLiteral(".p99Ms"), tr("must be >= 0, got %1").arg(ov.p99Ms)};
    }

    const auto &cf = s.confidence;
    if (!(cf.z > 0.0))
        return {QStringLiteral("confidence.z"), tr("must be > 0, got %1").arg(cf.z)};
    if (!(cf.windowSeconds > 0.0))
        return {QStringLiteral("confidence.windowSeconds"),
                tr("must be > 0, got %1").arg(cf.windowSeconds)};
    if (!(cf.minRequests >= 0.0))
        return {QStringLiteral("confidence.minRequests"),
                tr("must be >= 0, got %1").arg(cf.minRequests)};
    if (!(cf.zeroTolerancePercent > 0.0 && cf.zeroTolerancePercent <= 100.0))
        return {QStringLiteral("confidence.zeroTolerancePercent"),
                tr("must be in (0, 100], got %1").arg(cf.zeroTolerancePercent)};

    const auto &p = s.protocol;
    if (!(p.expectedMtlsShare >= 0.0 && p.expectedMtlsShare <= 1.0))
        return {QStringLiteral("protocol.expectedMtlsShare"),
                tr("must be in [0, 1], got %1").arg(p.expectedMtlsShare)};
    if (!(p.failureRatioAtZero > 0.0 && p.failureRatioAtZero <= 1.0))
        return {QStringLiteral("protocol.failureRatioAtZero"),
                tr("must be in (0, 1], got %1").arg(p.failureRatioAtZero)};
    if (!(p.tcpFailureRatioAtZero > 0.0 && p.tcpFailureRatioAtZero <= 1.0))
        return {QStringLiteral("protocol.tcpFailureRatioAtZero"),
                tr("must be in (0, 1], got %1").arg(p.tcpFailureRatioAtZero)};
    if (!(p.tcpDegradedPercent >= 0.0 && p.tcpDegradedPercent <= 100.0))
        return {QStringLiteral("protocol.tcpDegradedPercent"),
                tr("must be a percentage in [0, 100], got %1").arg(p.tcpDegradedPercent)};
    if (!(p.tcpFailurePercent >= p.tcpDegradedPercent && p.tcpFailurePercent <= 100.0))
        return {QStringLiteral("protocol.tcpFailurePercent"),
                tr("must be in [tcpDegradedPercent (%1), 100], got %2")
                    .arg(p.tcpDegradedPercent)
                    .arg(p.tcpFailurePercent)};
    return {};
}

} // namespace settingsdetail

QString HealthSettings::validate() const
{
    const settingsdetail::Problem p = settingsdetail::firstProblem(*this);
    return p.message.isEmpty() ? QString() : p.key + QStringLiteral(": ") + p.message;
}

} // namespace meshscope::core
