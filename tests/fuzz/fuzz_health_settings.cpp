// libFuzzer harness for the health settings YAML (core/health/healthsettingsyaml.cpp and the
// rules under it): arbitrary bytes must give settings or an error naming the file, never a
// crash, a hang or an exception; settings that load must pass their own validation and survive
// a write/read round trip.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: resources/health.yaml and
// tests/fuzz/corpus/fuzz_health_settings/.

#include "core/health/healthsettings.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace meshscope::core;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto settings = HealthSettings::fromYaml(text, QStringLiteral("fuzz.yaml"));
    if (!settings) {
        if (!settings.error().contains(QLatin1String("fuzz.yaml")))
            std::abort(); // an error that does not say where
        return 0;
    }
    if (!settings->validate().isEmpty())
        std::abort(); // fromYaml let invalid settings through
    if (!HealthSettings::fromYaml(settings->toYaml(), QStringLiteral("roundtrip")))
        std::abort(); // what we write we must read back
    return 0;
}
