#pragma once

// Private to core/jaeger: the span facts both trace shapes (v1 UI JSON, v3 OTLP) reduce to, and
// the one function that turns a trace's spans into what a trace list shows.

#include "core/jaeger/jaegertypes.h"

#include <vector>

namespace meshscope::core::jaeger_detail {

struct SpanFacts
{
    QString spanId;
    QString parentId;      // first CHILD_OF reference (v1) or parentSpanId (v3); may be absent
    QString followsFromId; // first FOLLOWS_FROM reference, used when no parent is in the trace
    QString service;
    QString operation;
    qint64 startUs = 0;
    qint64 endUs = 0;
    bool error = false;
};

TraceSummary summarize(const QString &traceId, const std::vector<SpanFacts> &spans,
                       QStringList warnings);

} // namespace meshscope::core::jaeger_detail
