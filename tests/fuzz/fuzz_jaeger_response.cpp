// libFuzzer harness for the Jaeger response parser: every parser entry point (v1 envelope
// answers, the v3 OTLP stream of chunks, services) over arbitrary bytes, as a JSON answer and
// (first byte odd) as an error status. The parser must return a value or an error, never crash,
// hang or run out of memory.
#include "core/jaeger/jaegerparser.h"

#include <cstddef>
#include <cstdint>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpResponse r;
    const bool asError = size > 0 && (data[0] & 1) && data[0] != '{';
    r.status = asError ? 404 : 200;
    r.contentType = asError ? QByteArray("text/plain") : QByteArray("application/json");
    r.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    r.url = QStringLiteral("http://fuzz/api/traces");

    for (auto traces : {JaegerParser::parseTraces(r), JaegerParser::parseTracesV3(r)}) {
        if (traces.ok()) {
            // Touch what callers read, so that a bad value surfaces under the sanitizers.
            qint64 sum = 0;
            for (const TraceSummary &t : traces.value())
                sum += t.durationUs + t.spanCount + t.errorSpanCount + t.calls.size() +
                       t.traceId.size() + t.rootService.size();
            (void)sum;
        } else if (traces.error().isEmpty()) {
            __builtin_trap(); // an error must say what was wrong
        }
    }
    (void)JaegerParser::parseDependencies(r);
    (void)JaegerParser::parseServices(r);
    (void)JaegerParser::parseServicesV3(r);
    return 0;
}
