#pragma once

// Short, unit-bearing text for the figures the panels show ("1.2k req/s", "0.35 %", "84 ms").
// Unknown values (NaN, negative counts) read "—" so that missing data never looks like a zero.

#include "core/telemetry/telemetrytypes.h"

#include <QCoreApplication>
#include <QString>

namespace meshscope::widgets {

class MetricFormat
{
    Q_DECLARE_TR_FUNCTIONS(MetricFormat)
public:
    static QString unknown() { return QStringLiteral("\u2014"); }

    // Requests per second; k/M suffixes from 1,000 up.
    static QString rate(double perSecond);
    // A ratio 0..1 shown as a percentage with the precision its size needs.
    static QString percent(double ratio);
    // Milliseconds; seconds from 1,000 ms up.
    static QString latency(double ms);
    // "ready / desired" replicas; -1 means unknown.
    static QString replicas(int ready, int desired);
    // A health score 0..100 as the whole number below it (core::shownScore: the one rounding
    // rule, on which the band is decided too).
    static QString score(double score);
    // A plain number with k/M suffix and about three significant digits.
    static QString compact(double value);
    // Names of what the graph shows: "service", "gateway"…; "HTTP", "gRPC", "TCP".
    static QString kind(core::NodeKind kind);
    static QString protocol(core::Protocol protocol);
};

} // namespace meshscope::widgets
