#pragma once

// Node ids and samples for hand-written test graphs, so that a test reads as the graph it builds
// ("a>b b>c") instead of repeating field assignments. Header-only; tests include it as
// "tests/common/samplebuilder.h". For the generated demo meshes see meshfixtures.h.

#include "core/telemetry/telemetrytypes.h"

#include <QStringList>

namespace meshscope::testing {

// A hand-written service. Unless a test says otherwise, every service is in cluster "c1",
// namespace "shop". Only tests about ids themselves (export formats) need other values.
inline core::NodeId svc(const QString &name, const QString &ns = QStringLiteral("shop"),
                        const QString &cluster = QStringLiteral("c1"))
{
    return core::NodeId(cluster, ns, name);
}

inline core::NodeId svc(const char *name)
{
    return svc(QString::fromLatin1(name));
}

// Service number `index` ("s0", "s1", …), for graphs given as index pairs.
inline core::NodeId svc(int index)
{
    return svc(QStringLiteral("s%1").arg(index));
}

// One call `from` -> `to` at `rps` requests/s with p95 `p95Ms` (NaN: unknown). Everything else
// keeps EdgeSample's defaults: no errors, HTTP, mTLS unknown.
inline core::EdgeSample edgeSample(const core::NodeId &from, const core::NodeId &to, double rps,
                                   double p95Ms = core::kNaN)
{
    core::EdgeSample e;
    e.source = from;
    e.destination = to;
    e.requestRate = rps;
    e.latency.p95Ms = p95Ms;
    return e;
}

// A refresh with one edge per token of `calls` ("a>b b>c": a calls b, b calls c), every one
// made by edgeSample(svc(a), svc(b), rps, p95Ms).
inline core::TelemetrySample sampleFromCalls(const QString &calls, double rps = 1.0,
                                             double p95Ms = core::kNaN, qint64 timestampMs = 0)
{
    core::TelemetrySample s;
    s.timestampMs = timestampMs;
    for (const QString &call : calls.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const QStringList ends = call.split(QLatin1Char('>'));
        Q_ASSERT(ends.size() == 2);
        s.edges.push_back(edgeSample(svc(ends.at(0)), svc(ends.at(1)), rps, p95Ms));
    }
    return s;
}

} // namespace meshscope::testing
