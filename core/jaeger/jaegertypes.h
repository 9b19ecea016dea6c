#pragma once

// Values the Jaeger query API yields, whichever of its two HTTP APIs answered (v1 `/api/*` or
// the OTLP-based `/api/v3/*`). Plain values: safe to hand between threads.

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <vector>

namespace meshscope::core {

// One link of Jaeger's dependency graph (`/api/dependencies`): `parent` called `child`
// `callCount` times over the lookback the request asked for.
struct JaegerDependency
{
    QString parent;
    QString child;
    qint64 callCount = 0;
};

enum class JaegerApi
{
    V1, // /api/services, /api/traces (Jaeger 1.x, 2.x up to 2.20, Jaeger-compatible backends)
    V3  // /api/v3/services, /api/v3/traces (OTLP JSON; the only search API after 2.20)
};

QString toString(JaegerApi api);

// What a trace list shows of one trace, computed from its spans.
struct TraceSummary
{
    // Lower-case hex left-padded to 16 or 32 digits (Jaeger drops leading zeros); ids that are
    // not hex (test fixtures use "trace-123") are kept as sent.
    QString traceId;
    QString rootService;   // service of the root span (earliest span without a parent in the trace)
    QString rootOperation; // its operation name
    qint64 startUs = 0;    // earliest span start, µs since the epoch
    qint64 durationUs = 0; // latest span end minus earliest start
    int spanCount = 0;
    int errorSpanCount = 0; // spans with error=true or an OTLP/OTel status of ERROR
    QStringList services;   // distinct, in order of first appearance
    // Distinct caller -> callee service pairs (a span of one service whose parent span belongs
    // to another), so that traces can be picked for one edge of the graph.
    QList<QPair<QString, QString>> calls;
    QStringList warnings; // Jaeger's per-trace and per-span warnings

    bool hasError() const { return errorSpanCount > 0; }
    bool hasCall(const QString &caller, const QString &callee) const
    {
        return calls.contains(qMakePair(caller, callee));
    }
};

// The traces the details panel lists for a service or an edge.
struct TraceSelection
{
    JaegerApi api = JaegerApi::V1;
    std::vector<TraceSummary> newestErrors; // error traces, newest first
    std::vector<TraceSummary> slowest;      // all traces, slowest first
};

// A search over the window [startUs, endUs] (µs since the epoch).
struct TraceQuery
{
    QString service;
    QString operation; // empty = any
    qint64 startUs = 0;
    qint64 endUs = 0;
    int limit = 20;
    bool errorsOnly = false;
};

} // namespace meshscope::core
