#pragma once

// Results of the health model: per node and per edge a score in [0,100], a band, and the
// breakdown into the three factors, with the term that drove the verdict. Reasons are data (a
// code and its numbers): core builds no sentence a user reads; widgets word them with tr().

#include "core/telemetry/telemetrytypes.h"

#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace meshscope::core {

enum class HealthBand : std::uint8_t
{
    NoData,
    Healthy,
    Degraded,
    Failing
};

QString toString(HealthBand band);

enum class HealthFactor : std::uint8_t
{
    Connectivity,
    Stability,
    Protocol
};

QString toString(HealthFactor factor);

// The error classes a telemetry source reports (EdgeSample::rate5xx, rate4xx, rateGrpcError,
// rateNoResponse). Kiali matches response codes by regex; every source here delivers these
// classes, so a tolerance names a class.
enum class ErrorClass : std::uint8_t
{
    Http5xx,
    Http4xx,
    GrpcError,
    NoResponse,
    TcpFailure // failed TCP connections (istio_tcp_connections_*), share of opened connections
};

// "5xx", "4xx", "grpc", "no-response" (the YAML spelling), "tcp".
QString toString(ErrorClass code);

// Which of a node's traffic a reason is about.
enum class Direction : std::uint8_t
{
    None,     // the edge itself, or the node as a whole
    Inbound,  // calls the node answers
    Outbound, // calls the node makes
};

// The one rounding rule (docs/health-model.md): a score is shown as the whole number below it,
// and its band is decided on that number, so a 74.6 reads "74" and is Degraded everywhere.
// NaN (no data) stays NaN.
double shownScore(double score);

// Why a verdict is what it is: which term (or Kiali verdict) set it, with the figures a sentence
// about it quotes. Units are fixed per field, whatever the code: shares in percent (0..100),
// latencies in ms. Which fields a code fills is listed in docs/health-model.md.
enum class ReasonCode : std::uint8_t
{
    None,             // nothing known (a default verdict, or a file without reasons)
    WithinTolerance,  // every term within tolerance
    NoEdgeTraffic,    // an edge without traffic in this refresh
    Idle,             // a node without traffic in this refresh
    NoData,           // a node without traffic and without replica information
    ErrorTolerance,   // Kiali rate verdict: errorClass, value % >= threshold %, level
    Replicas,         // replicas ready < desired (term or Kiali workload verdict): ready, desired
    Success,          // connectivity: error share value % of rate req/s
    LatencyShift,     // stability: p95 value ms vs baseline ms, sigma σ above, samples
    ErrorShift,       // stability: error share value % vs baseline %, sigma σ above, samples
    Mtls,             // protocol: mTLS share value % < expected threshold %
    Handshake,        // no longer produced (no Istio metric behind it); read from old files
    Reuse,            // no longer produced (no Istio metric behind it); read from old files
    ProtocolFailures, // protocol: no response + gRPC errors, value % of requests
    TcpFailures,      // connectivity: failed TCP connections value % of rate connections/s
    LatencyObjective, // stability term or verdict: p95 value ms > objective threshold ms, level
    LatencySwing,     // stability: p95 swings value % (sigma/mean) around baseline ms
    ErrorSwing,       // stability: error ratio swings value percentage points around baseline %
};

// Stable machine names ("errorTolerance", "latencyShift"…) used by the exports.
QString reasonKey(ReasonCode code);
std::optional<ReasonCode> reasonFromKey(const QString &key);
// The factor a term belongs to; none for verdict-level codes (tolerances, no data…).
std::optional<HealthFactor> factorOf(ReasonCode code);

struct VerdictReason
{
    ReasonCode code = ReasonCode::None;
    double value = kNaN;     // the observed figure
    double threshold = kNaN; // the tolerance, expectation or target it is held against
    double baseline = kNaN;  // the rolling baseline's mean (stability terms)
    double sigma = kNaN;     // how many standard deviations above the baseline
    double rate = kNaN;      // requests/s the figure is over (Success)
    int samples = 0;         // baseline samples (stability terms)
    int ready = -1;          // Replicas
    int desired = -1;
    ErrorClass errorClass = ErrorClass::Http5xx; // ErrorTolerance
    HealthBand level = HealthBand::NoData;       // ErrorTolerance, LatencyObjective
    double bound = kNaN; // ErrorTolerance (Meshscope mode): Wilson lower bound of value, %
    // The call that drove a node's verdict: its other end and which way it goes.
    NodeId peer;
    Direction direction = Direction::None;

    // Unused fields are NaN, so equality counts two NaNs as equal (a defaulted == would make
    // every reason differ from itself).
    friend bool operator==(const VerdictReason &a, const VerdictReason &b);
};

// Each factor in [0,100]; NaN when the factor has no data (then its weight is redistributed).
struct FactorScores
{
    double connectivity = kNaN;
    double stability = kNaN;
    double protocol = kNaN;
};

struct HealthVerdict
{
    double score = kNaN; // [0,100], NaN = no data
    HealthBand band = HealthBand::NoData;
    FactorScores factors;
    HealthFactor driver = HealthFactor::Connectivity; // the factor that cost the most points
    VerdictReason reason;
    // Too few requests in the window for the error ratio to say much (HealthSettings::
    // Confidence::minRequests): the view says so instead of implying certainty.
    bool lowConfidence = false;
    // Edges: the share (0..1) of the caller's outgoing calls (connections for TCP) this edge
    // carries. NaN on nodes.
    double dependencyStrength = kNaN;
};

// Indexed like Topology::nodes() / Topology::edges() of the snapshot they were computed for.
struct HealthScores
{
    quint64 generation = 0; // Topology::generation() these scores belong to
    std::vector<HealthVerdict> nodes;
    std::vector<HealthVerdict> edges;
};

} // namespace meshscope::core
