#include "core/health/healthsettings.h"

#include <yaml-cpp/yaml.h>

#include <cmath>

// HealthSettings::toYaml: the settings as a file that fromYaml reads back to the same value.

namespace meshscope::core {

namespace {

void writeTolerance(YAML::Emitter &out, const ErrorTolerance &t)
{
    out << YAML::BeginMap;
    out << YAML::Key << "code" << YAML::Value << toString(t.code).toStdString();
    out << YAML::Key << "protocol" << YAML::Value
        << (t.http && t.grpc ? "http|grpc"
            : t.grpc         ? "grpc"
                             : "http");
    if (!(t.inbound && t.outbound))
        out << YAML::Key << "direction" << YAML::Value << (t.inbound ? "inbound" : "outbound");
    out << YAML::Key << "degraded" << YAML::Value << t.degradedPercent;
    out << YAML::Key << "failure" << YAML::Value << t.failurePercent;
    out << YAML::EndMap;
}

// Kiali's own spelling of a class, so a written health_config reads back (and pastes into
// Kiali) unchanged in meaning.
const char *kialiCode(ErrorClass c)
{
    switch (c) {
    case ErrorClass::Http5xx:
        return "5XX";
    case ErrorClass::Http4xx:
        return "4XX";
    case ErrorClass::GrpcError:
        return "^[1-9]$|^1[0-6]$";
    case ErrorClass::NoResponse:
    case ErrorClass::TcpFailure:
        break;
    }
    return "^-$";
}

void writeKialiRules(YAML::Emitter &out, const std::vector<RateRule> &rules)
{
    out << YAML::Key << "health_config" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "rate" << YAML::Value << YAML::BeginSeq;
    for (const RateRule &r : rules) {
        out << YAML::BeginMap;
        if (!r.namespacePattern.isEmpty())
            out << YAML::Key << "namespace" << YAML::Value << r.namespacePattern.toStdString();
        if (!r.kindPattern.isEmpty())
            out << YAML::Key << "kind" << YAML::Value << r.kindPattern.toStdString();
        if (!r.namePattern.isEmpty())
            out << YAML::Key << "name" << YAML::Value << r.namePattern.toStdString();
        out << YAML::Key << "tolerance" << YAML::Value << YAML::BeginSeq;
        for (const ErrorTolerance &t : r.tolerances) {
            out << YAML::BeginMap;
            out << YAML::Key << "code" << YAML::Value << kialiCode(t.code);
            out << YAML::Key << "protocol" << YAML::Value
                << (t.http && t.grpc ? "http|grpc"
                    : t.grpc         ? "grpc"
                                     : "http");
            out << YAML::Key << "direction" << YAML::Value
                << (t.inbound && t.outbound ? ".*"
                    : t.inbound             ? "inbound"
                                            : "outbound");
            out << YAML::Key << "degraded" << YAML::Value << t.degradedPercent;
            out << YAML::Key << "failure" << YAML::Value << t.failurePercent;
            out << YAML::EndMap;
        }
        out << YAML::EndSeq;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::EndMap;
}

} // namespace

QByteArray HealthSettings::toYaml() const
{
    YAML::Emitter out;
    out << YAML::BeginMap;
    out << YAML::Key << "mode" << YAML::Value
        << (mode == Mode::KialiExact ? "kiali-exact" : "meshscope");
    out << YAML::Key << "weights" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "connectivity" << YAML::Value << weights.connectivity;
    out << YAML::Key << "stability" << YAML::Value << weights.stability;
    out << YAML::Key << "protocol" << YAML::Value << weights.protocol;
    out << YAML::EndMap;
    out << YAML::Key << "bands" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "healthy" << YAML::Value << bands.healthy;
    out << YAML::Key << "degraded" << YAML::Value << bands.degraded;
    out << YAML::EndMap;
    out << YAML::Key << "caps" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "degraded" << YAML::Value << caps.degraded;
    out << YAML::Key << "failing" << YAML::Value << caps.failing;
    out << YAML::EndMap;
    if (rateRules.empty()) {
        out << YAML::Key << "tolerances" << YAML::Value << YAML::BeginSeq;
        for (const ErrorTolerance &t : tolerances)
            writeTolerance(out, t);
        out << YAML::EndSeq;
    } else {
        writeKialiRules(out, rateRules);
    }
    out << YAML::Key << "connectivity" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "errorRatioAtZero" << YAML::Value << connectivity.errorRatioAtZero;
    out << YAML::Key << "replicaVerdict" << YAML::Value << connectivity.replicaVerdict;
    out << YAML::EndMap;
    const Stability &st = stability;
    out << YAML::Key << "stability" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "windowSamples" << YAML::Value << st.windowSamples;
    out << YAML::Key << "minSamples" << YAML::Value << st.minSamples;
    out << YAML::Key << "toleratedSigma" << YAML::Value << st.toleratedSigma;
    out << YAML::Key << "sigmaSpan" << YAML::Value << st.sigmaSpan;
    out << YAML::Key << "latencyRelativeFloor" << YAML::Value << st.latencyRelativeFloor;
    out << YAML::Key << "latencyAbsoluteFloorMs" << YAML::Value << st.latencyAbsoluteFloorMs;
    out << YAML::Key << "errorRatioFloor" << YAML::Value << st.errorRatioFloor;
    out << YAML::Key << "latencySwingTolerated" << YAML::Value << st.latencySwingTolerated;
    out << YAML::Key << "latencySwingAtZero" << YAML::Value << st.latencySwingAtZero;
    out << YAML::Key << "errorSwingTolerated" << YAML::Value << st.errorSwingTolerated;
    out << YAML::Key << "errorSwingAtZero" << YAML::Value << st.errorSwingAtZero;
    out << YAML::Key << "shiftVerdictSigma" << YAML::Value << st.shiftVerdictSigma;
    out << YAML::EndMap;
    out << YAML::Key << "objectives" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "p95Ms" << YAML::Value << objectives.p95Ms;
    out << YAML::Key << "p99Ms" << YAML::Value << objectives.p99Ms;
    out << YAML::Key << "failingFactor" << YAML::Value << objectives.failingFactor;
    out << YAML::Key << "overrides" << YAML::Value << YAML::BeginSeq;
    for (const LatencyObjective &o : objectives.overrides) {
        out << YAML::BeginMap;
        out << YAML::Key << "namespace" << YAML::Value << o.namespaceGlob.toStdString();
        out << YAML::Key << "service" << YAML::Value << o.serviceGlob.toStdString();
        if (!std::isnan(o.p95Ms))
            out << YAML::Key << "p95Ms" << YAML::Value << o.p95Ms;
        if (!std::isnan(o.p99Ms))
            out << YAML::Key << "p99Ms" << YAML::Value << o.p99Ms;
        out << YAML::EndMap;
    }
    out << YAML::EndSeq;
    out << YAML::EndMap;
    out << YAML::Key << "confidence" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "z" << YAML::Value << confidence.z;
    out << YAML::Key << "windowSeconds" << YAML::Value << confidence.windowSeconds;
    out << YAML::Key << "minRequests" << YAML::Value << confidence.minRequests;
    out << YAML::Key << "zeroTolerancePercent" << YAML::Value << confidence.zeroTolerancePercent;
    out << YAML::EndMap;
    out << YAML::Key << "protocol" << YAML::Value << YAML::BeginMap;
    out << YAML::Key << "expectedMtlsShare" << YAML::Value << protocol.expectedMtlsShare;
    out << YAML::Key << "failureRatioAtZero" << YAML::Value << protocol.failureRatioAtZero;
    out << YAML::Key << "tcpFailureRatioAtZero" << YAML::Value << protocol.tcpFailureRatioAtZero;
    out << YAML::Key << "tcpDegradedPercent" << YAML::Value << protocol.tcpDegradedPercent;
    out << YAML::Key << "tcpFailurePercent" << YAML::Value << protocol.tcpFailurePercent;
    out << YAML::EndMap;
    out << YAML::EndMap;
    return QByteArray(out.c_str()) + '\n';
}

} // namespace meshscope::core
