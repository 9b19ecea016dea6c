// libFuzzer harness for the Prometheus response parser: every parser entry point (the rules
// list's too) over arbitrary bytes, as a JSON answer and (first byte odd) as a non-JSON error
// page. The parser must return
// a value or an error, never crash, hang or run out of memory. Differential too: where
// VectorParser's fast path answers, its answer must be the general parser's, bit for bit.
#include "core/prometheus/prometheusparser.h"
#include "core/prometheus/ruleslistparser.h"
#include "core/prometheus/vectorparser.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace {

bool same(double a, double b)
{
    return std::memcmp(&a, &b, sizeof a) == 0 || (std::isnan(a) && std::isnan(b));
}

void checkFastPath(const meshscope::core::HttpResponse &r)
{
    using namespace meshscope::core;
    const auto fast = VectorParser::parse(r);
    if (!fast)
        return;
    const auto general = PrometheusParser::parseQueryGeneric(r);
    if (!general.ok() || fast->type != general->type || fast->warnings != general->warnings ||
        fast->infos != general->infos || fast->series.size() != general->series.size())
        __builtin_trap();
    for (size_t i = 0; i < fast->series.size(); ++i) {
        const PromSeries &a = fast->series[i];
        const PromSeries &b = general->series[i];
        if (a.labels != b.labels || a.samples.size() != b.samples.size() || !b.histograms.empty())
            __builtin_trap();
        for (size_t j = 0; j < a.samples.size(); ++j)
            if (a.samples[j].timestampMs != b.samples[j].timestampMs ||
                !same(a.samples[j].value, b.samples[j].value))
                __builtin_trap();
    }
}

} // namespace

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    HttpResponse r;
    const bool asErrorPage = size > 0 && (data[0] & 1) && data[0] != '{';
    r.status = asErrorPage ? 502 : 200;
    r.contentType = asErrorPage ? QByteArray("text/html") : QByteArray("application/json");
    r.body = QByteArray(reinterpret_cast<const char *>(data), qsizetype(size));
    r.url = QStringLiteral("http://fuzz/api/v1/query");

    checkFastPath(r);
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
    (void)RulesListParser::recordNames(r);
    (void)RulesListParser::evaluation(r, QStringLiteral("meshscope_service:istio_requests:rate1m"));
    (void)PrometheusParser::parseSeries(r);
    return 0;
}
