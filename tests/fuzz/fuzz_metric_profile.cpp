// libFuzzer harness for metric profiles (core/prometheus/metricprofile.cpp) and the query
// builder over them (core/prometheus/querybuilder.cpp): arbitrary bytes must give a profile or
// an error that names the file ("fuzz.yaml..."), never a crash, a hang or an exception. A profile
// that loads must build at every granularity into at most 8 queries with every placeholder
// filled.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: resources/profiles/*.yaml (and
// tests/fuzz/corpus/fuzz_metric_profile/).

#include "core/prometheus/metricprofile.h"
#include "core/prometheus/querybuilder.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto profile = MetricProfile::parse(text, QStringLiteral("fuzz.yaml"));
    if (!profile) {
        if (!profile.error().startsWith(QLatin1String("fuzz.yaml")))
            std::abort(); // an error that does not say where
        return 0;
    }
    if (profile->queries.empty() || int(profile->queries.size()) > MetricProfile::kMaxQueries)
        std::abort();
    for (Granularity g : {Granularity::Service, Granularity::Workload, Granularity::App}) {
        auto built = QueryBuilder::create(profile.value(), g, QStringLiteral("shop|pay"));
        if (!built)
            continue;
        if (built->queries().size() != qsizetype(profile->queries.size()))
            std::abort();
        for (const QString &q : built->queries())
            if (q.contains(QLatin1String("${groupBy}")) || q.contains(QLatin1String("${filter}")))
                std::abort();
    }
    return 0;
}
