#pragma once

// Results of the health model: per node and per edge a score in [0,100], a band, and the
// breakdown into the three factors, with the term that drove the verdict.

#include "core/telemetry/telemetrytypes.h"

#include <QString>

#include <cstdint>
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
    QString reason; // one line a user reads: "5xx 12.0 % >= failing tolerance 10 %"
};

// Indexed like Topology::nodes() / Topology::edges() of the snapshot they were computed for.
struct HealthScores
{
    quint64 generation = 0; // Topology::generation() these scores belong to
    std::vector<HealthVerdict> nodes;
    std::vector<HealthVerdict> edges;
};

} // namespace meshscope::core
