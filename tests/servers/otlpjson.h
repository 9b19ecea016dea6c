#pragma once

#include <QJsonObject>

namespace meshscope::tests {

// A trace in Jaeger's v1 UI JSON model as OTLP TracesData JSON ({"resourceSpans":[...]}), the
// way Jaeger's v3 API writes it: one resourceSpans per process (service.name as a resource
// attribute), fixed-width hex ids, the first CHILD_OF reference as parentSpanId and the others
// as links, times as nanosecond strings, span.kind as the OTLP enum, error=true as status code 2,
// other tags as typed attributes (int64 as strings).
QJsonObject v1TraceToOtlp(const QJsonObject &trace);

} // namespace meshscope::tests
