// libFuzzer harness for the Prometheus response parser: every parser entry point over arbitrary
// bytes, as a JSON answer and (first byte odd) as a non-JSON error page. The parser must return
// a value or an error, never crash, hang or run out of memory.
#include "core/prometheus/prometheusparser.h"

#include <cstddef>
#include <cstdint>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpResponse r;
    const bool asErrorPage = size > 0 && (data[0] & 1) && data[0] != '{';
    r.status = asErrorPage ? 502 : 200;
    r.contentType = asErrorPage ? QByteArray("text/html") : QByteArray("application/json");
    r.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    r.url = QStringLiteral("http://fuzz/api/v1/query");

    auto query = PrometheusParser::parseQuery(r);
    if (query.ok()) {
        // Touch what callers read, so that a bad value surfaces under the sanitizers.
        double sum = 0;
        for (const PromSeries &s : query->series)
            for (const PromSample &p : s.samples)
                sum += p.value + double(p.timestampMs);
        (void)sum;
    } else if (query.error().isEmpty()) {
        __builtin_trap(); // an error must say what was wrong
    }
    (void)PrometheusParser::parseBuildInfo(r);
    (void)PrometheusParser::parseStringList(r);
    (void)PrometheusParser::parseSeries(r);
    return 0;
}
