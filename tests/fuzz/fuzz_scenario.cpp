// libFuzzer harness for the scenario file parser (chaos/scenario/scenarioparser.cpp) and the
// YAML layer under it (chaos/manifest/yamlcodec.cpp): arbitrary bytes must give a Scenario or
// an error that says what was wrong — never a crash, a hang, unbounded memory or an exception.
// A scenario that parses must survive a round trip: written back as YAML, it reads back equal.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh), as:
//   add_executable(fuzz_scenario fuzz_scenario.cpp
//       ${MESHSCOPE_ROOT}/chaos/scenario/scenarioparser.cpp
//       ${MESHSCOPE_ROOT}/chaos/scenario/scenariotypes.cpp
//       ${MESHSCOPE_ROOT}/chaos/manifest/yamlcodec.cpp
//       ${MESHSCOPE_ROOT}/chaos/manifest/goduration.cpp
//       ${MESHSCOPE_ROOT}/chaos/manifest/manifesttypes.cpp)
//   target_include_directories(fuzz_scenario PRIVATE ${MESHSCOPE_ROOT})
//   find_package(yaml-cpp REQUIRED)
//   target_link_libraries(fuzz_scenario PRIVATE Qt6::Core yaml-cpp)
// Seeds: resources/chaos/scenarios/*.yaml (and tests/fuzz/corpus/fuzz_scenario/).

#include "chaos/scenario/scenarioparser.h"

#include <cstddef>
#include <cstdint>

using namespace meshscope::chaos;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto scenario = ScenarioParser::parse(text, QStringLiteral("fuzz.yaml"));
    if (!scenario) {
        if (scenario.error().isEmpty())
            __builtin_trap(); // an error must say what was wrong
        return 0;
    }
    const QByteArray written = ScenarioParser::toYaml(*scenario);
    auto again = ScenarioParser::parse(written);
    if (!again || !(*again == *scenario))
        __builtin_trap(); // what we write, we must read back unchanged
    return 0;
}
