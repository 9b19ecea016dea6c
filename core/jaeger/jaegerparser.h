#pragma once

#include "core/jaeger/jaegertypes.h"
#include "core/net/httptypes.h"
#include "core/result.h"

#include <vector>

namespace meshscope::core {

// Turns answers of the Jaeger query HTTP API into values, or into errors that name the URL and
// what was wrong: the v1 envelope's `errors` (sent as text/plain by Go's http.Error, so bodies are
// parsed as JSON whatever the Content-Type says), the v3 `{"error":{...}}` object, non-JSON bodies
// (an HTML page from a proxy) with their status and first bytes, invalid or too deeply nested JSON
// with the byte offset, and malformed elements with their path (`data[0].spans[3].startTime`).
// Pure functions over a response: safe on any thread, and the fuzz harness's target.
class JaegerParser
{
public:
    // Bodies above this are refused before parsing (the transport caps them too).
    static constexpr qint64 kMaxBodyBytes = qint64(64) * 1024 * 1024;

    // v1 /api/dependencies: `data` is [{parent, child, callCount}].
    static Result<std::vector<JaegerDependency>> parseDependencies(const HttpResponse &response);
    // v1 /api/services: `data` is ["svc", ...].
    static Result<QStringList> parseServices(const HttpResponse &response);
    // v1 /api/traces (search) and /api/traces/{id}: `data` is [trace, ...] in the UI JSON model.
    static Result<std::vector<TraceSummary>> parseTraces(const HttpResponse &response);

    // v3 /api/v3/services: {"services": [...]}.
    static Result<QStringList> parseServicesV3(const HttpResponse &response);
    // v3 /api/v3/traces and /api/v3/traces/{id}: one or more `{"result": <OTLP TracesData>}`
    // objects (the gateway streams one per chunk of traces); spans are grouped by trace id.
    // "No traces found" (HTTP 404) is an empty result, not an error.
    static Result<std::vector<TraceSummary>> parseTracesV3(const HttpResponse &response);

    // Lower-case hex left-padded to 16 or 32 digits; base64 ids of 8 or 16 bytes (generic
    // OTLP/JSON) become hex; anything else is returned as sent.
    static QString normaliseTraceId(const QString &id);
};

} // namespace meshscope::core
