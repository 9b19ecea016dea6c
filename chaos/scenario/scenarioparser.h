#pragma once

// Scenario files (`kind: Scenario`, resources/chaos/scenarios/*.yaml and the user's folder):
// YAML text <-> Scenario. Unknown keys and wrong types are errors naming the field and line,
// so a typo in a hand-written file never silently becomes a default.

#include "chaos/scenario/scenariotypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace meshscope::chaos {

class ScenarioParser
{
public:
    // `origin` (a file name) prefixes error messages.
    static Result<Scenario> parse(const QByteArray &text, const QString &origin = {});
    static QByteArray toYaml(const Scenario &scenario);
};

} // namespace meshscope::chaos
