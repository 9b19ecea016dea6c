#pragma once

// The tunable numbers of the health model (docs/health-model.md), as a plain value and as the
// YAML file users edit (resources/health.yaml holds the defaults, commented). A default-
// constructed HealthSettings equals that file: the test tst_healthsettings holds them together.

#include "core/health/healthtypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace meshscope::core {

// One Kiali-style rate tolerance: the share of the protocol's requests in `code`, in percent.
// Verdict (Kiali's ascendingThresholdCheck): value > 0 and value >= failurePercent -> failing;
// else value > 0 and value >= degradedPercent -> degraded.
struct ErrorTolerance
{
    ErrorClass code = ErrorClass::Http5xx;
    bool http = true;  // applies to HTTP edges
    bool grpc = false; // applies to gRPC edges
    double degradedPercent = 0.0;
    double failurePercent = 10.0;
    // Kiali's `direction`: which of a node's traffic it judges (an edge is outbound traffic of
    // its source and inbound traffic of its destination).
    bool inbound = true;
    bool outbound = true;

    friend bool operator==(const ErrorTolerance &, const ErrorTolerance &) = default;
};

// One entry of Kiali's `health_config.rate`: the tolerances of the entities whose namespace,
// kind and name match (Kiali regexes, anchored; empty = any). The first matching rule wins; an
// entity no rule matches takes the last rule (Kiali business/health_config.go,
// getCompiledTolerancesForEntity).
struct RateRule
{
    QString namespacePattern;
    QString kindPattern;
    QString namePattern;
    std::vector<ErrorTolerance> tolerances;

    friend bool operator==(const RateRule &, const RateRule &) = default;
};

// A p95 (and optionally p99) objective for the services whose namespace and name match the
// globs ("*" and "?"); NaN = not set by this entry (the next match, or the default, applies).
struct LatencyObjective
{
    QString namespaceGlob = QStringLiteral("*");
    QString serviceGlob = QStringLiteral("*");
    double p95Ms = std::numeric_limits<double>::quiet_NaN();
    double p99Ms = std::numeric_limits<double>::quiet_NaN();

    friend bool operator==(const LatencyObjective &a, const LatencyObjective &b)
    {
        const auto same = [](double x, double y) {
            return x == y || (std::isnan(x) && std::isnan(y));
        };
        return a.namespaceGlob == b.namespaceGlob && a.serviceGlob == b.serviceGlob &&
               same(a.p95Ms, b.p95Ms) && same(a.p99Ms, b.p99Ms);
    }
};

struct HealthSettings
{
    // Relative weights of the factors; normalised over the factors that have data.
    struct Weights
    {
        double connectivity = 0.40;
        double stability = 0.35;
        double protocol = 0.25;
        friend bool operator==(const Weights &, const Weights &) = default;
    };
    // Band from score: >= healthy -> Healthy, >= degraded -> Degraded, else Failing.
    struct Bands
    {
        double healthy = 75.0;
        double degraded = 50.0;
        // The band of a score as shown (shownScore): every view, export and the model use this.
        HealthBand bandOf(double score) const;
        friend bool operator==(const Bands &, const Bands &) = default;
    };
    // A Kiali verdict caps the score, so the colour is never better than Kiali's verdict.
    struct Caps
    {
        double degraded = 74.0;
        double failing = 49.0;
        friend bool operator==(const Caps &, const Caps &) = default;
    };
    struct Connectivity
    {
        double errorRatioAtZero = 0.25; // error ratio (0..1) at which the success term reaches 0
        bool replicaVerdict = true; // Kiali's workload rule: ready < desired degraded, 0 failing
        friend bool operator==(const Connectivity &, const Connectivity &) = default;
    };
    struct Stability
    {
        int windowSamples = 60;      // rolling baseline length (60 refreshes = 10 min at 10 s)
        int minSamples = 10;         // warm-up: fewer samples -> the factor has no data
        double toleratedSigma = 2.0; // deviations up to this many sigma cost nothing
        double sigmaSpan = 6.0;      // the term falls linearly to 0 over this many further sigma
        double latencyRelativeFloor = 0.10;  // sigma >= this share of the baseline mean
        double latencyAbsoluteFloorMs = 1.0; // and >= this many ms
        double errorRatioFloor = 0.01;       // sigma of the error ratio >= 1 percentage point
        // Volatility: how much the values swing over the window. p95: coefficient of variation
        // (sigma / mean) free up to `latencySwingTolerated`, term 0 at `latencySwingAtZero`.
        // Error ratio: sigma in ratio units (0.02 = 2 percentage points), likewise.
        double latencySwingTolerated = 0.20;
        double latencySwingAtZero = 0.70;
        double errorSwingTolerated = 0.02;
        double errorSwingAtZero = 0.10;
        // A node's p95 this many sigma over its baseline is Degraded on its own (reason
        // latencyShift; Meshscope mode); 0 = no such verdict, only the stability term.
        double shiftVerdictSigma = 4.0;
        friend bool operator==(const Stability &, const Stability &) = default;
    };
    // Absolute latency objectives: a p95 over its objective is degraded, over
    // failingFactor x objective failing, whatever the baseline says. The first override whose
    // globs match a service sets its objective; 0 = no objective.
    struct Objectives
    {
        double p95Ms = 3000.0;
        double p99Ms = 0.0;
        double failingFactor = 2.0;
        std::vector<LatencyObjective> overrides;
        friend bool operator==(const Objectives &, const Objectives &) = default;
    };
    // Evidence before alarm (Meshscope mode only): a rate tolerance fails only when the Wilson
    // lower bound of the error ratio, at `z` standard normal deviations (1.96 = 95 % two-sided),
    // over the requests of `windowSeconds`, reaches it. A tolerance of 0 ("any error", Kiali's
    // degraded default) is held as `zeroTolerancePercent`. Fewer than `minRequests` requests in
    // the window flags the verdict lowConfidence.
    struct Confidence
    {
        double z = 1.96;
        double windowSeconds = 60.0;
        double minRequests = 100.0;
        double zeroTolerancePercent = 0.1;
        friend bool operator==(const Confidence &, const Confidence &) = default;
    };
    struct ProtocolHealth
    {
        double expectedMtlsShare = 1.0; // 0 disables the mTLS term (mesh without mTLS)
        double failureRatioAtZero =
            0.25; // (no-response + gRPC errors) / requests at which term = 0
        // TCP edges (istio_tcp_connections_*): failed / opened connections at which the TCP
        // term reaches 0, and the verdict's tolerances in percent of opened connections.
        double tcpFailureRatioAtZero = 0.25;
        double tcpDegradedPercent = 0.0;
        double tcpFailurePercent = 10.0;
        friend bool operator==(const ProtocolHealth &, const ProtocolHealth &) = default;
    };

    // Meshscope: the full model (classes, both directions, TCP, objectives, volatility,
    // confidence). KialiExact: Kiali's verdict only (its rate tolerances and workload rule), for
    // users who want the same colours as Kiali (docs/health-model.md).
    enum class Mode : std::uint8_t
    {
        Meshscope,
        KialiExact
    };

    Mode mode = Mode::Meshscope;
    Weights weights;
    Bands bands;
    Caps caps;
    std::vector<ErrorTolerance> tolerances = kialiDefaultTolerances();
    // Kiali's health_config.rate pasted as is; when set, `tolerances` is not used.
    std::vector<RateRule> rateRules;
    Connectivity connectivity;
    Stability stability;
    Objectives objectives;
    Confidence confidence;
    ProtocolHealth protocol;

    friend bool operator==(const HealthSettings &, const HealthSettings &) = default;

    // Kiali's health_config default rate tolerances (kiali config.go AddHealthDefault).
    static std::vector<ErrorTolerance> kialiDefaultTolerances();

    // Parses a (possibly partial) settings document; absent keys keep their defaults, a given
    // `tolerances` list replaces the default list. Unknown keys are errors (a typo must not
    // silently fall back to a default). Messages read "origin:line:column: key: what".
    static Result<HealthSettings> fromYaml(const QByteArray &yaml, const QString &origin);
    static Result<HealthSettings> load(const QString &path);
    QByteArray toYaml() const;

    // Cross-field checks (run by fromYaml and HealthModel::setSettings); empty when valid.
    QString validate() const;
};

} // namespace meshscope::core

Q_DECLARE_METATYPE(meshscope::core::HealthSettings)
