#pragma once

// Small hand-made snapshots for the model tests: a topology from "a>b b>c" call lists and
// health verdicts set by hand, so each test controls exactly which cell changes.

#include "core/health/healthtypes.h"
#include "core/topology/topologybuilder.h"

#include <QHash>
#include <QStringList>

#include <cmath>

namespace meshscope::testing {

inline core::NodeId svc(const QString &name, const QString &ns = QStringLiteral("shop"))
{
    return core::NodeId(QStringLiteral("c1"), ns, name);
}

// "a>b b>c": one call per token, 10 req/s each; "billing/ledger" names another namespace.
inline core::TelemetrySample sampleOf(const QString &calls)
{
    const auto id = [](const QString &token) {
        const QStringList parts = token.split(QLatin1Char('/'));
        return parts.size() == 2 ? svc(parts.at(1), parts.at(0)) : svc(token);
    };
    core::TelemetrySample s;
    for (const QString &call : calls.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList ends = call.split(QLatin1Char('>'));
        core::EdgeSample e;
        e.source = id(ends.at(0));
        e.destination = id(ends.at(1));
        e.requestRate = 10.0;
        s.edges.push_back(e);
    }
    return s;
}

// Band as the default HealthSettings thresholds decide it (the model only displays it).
inline core::HealthBand bandOf(double score)
{
    if (std::isnan(score))
        return core::HealthBand::NoData;
    return score >= 75.0   ? core::HealthBand::Healthy
           : score >= 50.0 ? core::HealthBand::Degraded
                           : core::HealthBand::Failing;
}

// Every node scores `otherwise` except those named in `scores`.
inline core::HealthScores scoresOf(const core::Topology &t, const QHash<QString, double> &scores,
                                   double otherwise = 80.0)
{
    core::HealthScores s;
    s.generation = t.generation();
    for (const core::TopologyNode &n : t.nodes()) {
        core::HealthVerdict v;
        v.score = scores.value(n.name, otherwise);
        v.band = bandOf(v.score);
        v.driver = core::HealthFactor::Stability;
        s.nodes.push_back(v);
    }
    s.edges.resize(size_t(t.edgeCount()));
    return s;
}

} // namespace meshscope::testing
