#pragma once

// The scenarios a user can pick: the built-in library (resources/chaos/scenarios, compiled in
// as :/chaos/scenarios) plus the user's own folder. A broken user file is reported and skipped;
// it never hides the others. A user scenario with a built-in's id replaces it.

#include "chaos/scenario/scenariotypes.h"

#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::chaos {

class ScenarioLibrary
{
public:
    static QString builtInFolder() { return QStringLiteral(":/chaos/scenarios"); }

    // Loads the built-in folder, then `userFolder` if given (a missing folder is no error).
    static ScenarioLibrary load(const QString &userFolder = {},
                                const QString &builtIn = builtInFolder());

    const std::vector<Scenario> &scenarios() const { return m_scenarios; }
    const Scenario *find(const QString &id) const;
    // One line per file that could not be read, naming the file and what is wrong in it.
    const QStringList &errors() const { return m_errors; }

private:
    void loadFolder(const QString &folder);

    std::vector<Scenario> m_scenarios;
    QStringList m_errors;
};

} // namespace meshscope::chaos
