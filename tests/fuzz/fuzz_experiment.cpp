// libFuzzer harness for the experiment file parser (chaos/experiment/experimentparser.cpp) and
// the scenario parser it delegates an inline `scenario:` to: arbitrary bytes must give an
// Experiment or an error that says what was wrong — never a crash, a hang or an exception.
// Whatever parses must be a runnable plan: a hypothesis, at least one condition, positive phases.
//
// Built by tests/fuzz/CMakeLists.txt (scripts/fuzz.sh). Seeds: resources/experiments/*.yaml and
// tests/fuzz/corpus/fuzz_experiment/; dictionary tests/fuzz/experiment.dict.

#include "chaos/experiment/experimentparser.h"

#include <cstddef>
#include <cstdint>

using namespace meshscope::chaos;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    // The built-in scenarios from the source tree (the harness has no compiled-in resources).
    static const ScenarioLibrary library =
        ScenarioLibrary::load({}, QStringLiteral(MESHSCOPE_ROOT_DIR "/resources/chaos/scenarios"));
    const QByteArray text(reinterpret_cast<const char *>(data), qsizetype(size));
    auto e = ExperimentParser::parse(text, QStringLiteral("fuzz.yaml"), &library);
    if (!e) {
        if (e.error().isEmpty())
            __builtin_trap(); // an error must say what was wrong
        return 0;
    }
    if (e->hypothesis.isEmpty() || e->steadyState.empty() || e->baselineMs <= 0 ||
        e->injectMs <= 0 || e->refreshMs <= 0 || e->scenario.duration.isEmpty())
        __builtin_trap(); // a parsed experiment is always runnable
    return 0;
}
