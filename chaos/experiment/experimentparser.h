#pragma once

// Experiment files (`kind: Experiment`, docs/experiments.md): YAML text -> Experiment. Errors
// read "file: line L:C: key: what was wrong", so a hand-written file can be fixed from the
// message alone; unknown keys are errors (a typo never silently becomes a default).

#include "chaos/experiment/experimenttypes.h"
#include "chaos/scenario/scenariolibrary.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace meshscope::chaos {

class ExperimentParser
{
public:
    // `library` resolves `scenario: <id>`; null = the built-in library. `origin` prefixes errors.
    static Result<Experiment> parse(const QByteArray &text, const QString &origin = {},
                                    const ScenarioLibrary *library = nullptr);
    static Result<Experiment> parseFile(const QString &path,
                                        const ScenarioLibrary *library = nullptr);
};

} // namespace meshscope::chaos
