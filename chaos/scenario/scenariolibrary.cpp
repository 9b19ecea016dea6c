#include "chaos/scenario/scenariolibrary.h"

#include "chaos/chaoslog_p.h"
#include "chaos/scenario/scenarioparser.h"

#include <QDir>
#include <QFile>

#include <algorithm>

namespace meshscope::chaos {

ScenarioLibrary ScenarioLibrary::load(const QString &userFolder, const QString &builtIn)
{
    ScenarioLibrary library;
    library.loadFolder(builtIn);
    if (!userFolder.isEmpty() && QDir(userFolder).exists())
        library.loadFolder(userFolder);
    return library;
}

const Scenario *ScenarioLibrary::find(const QString &id) const
{
    for (const Scenario &s : m_scenarios) {
        if (s.id == id)
            return &s;
    }
    return nullptr;
}

void ScenarioLibrary::loadFolder(const QString &folder)
{
    const QDir dir(folder);
    const QStringList files =
        dir.entryList({QStringLiteral("*.yaml"), QStringLiteral("*.yml")}, QDir::Files, QDir::Name);
    for (const QString &name : files) {
        const QString path = dir.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) {
            m_errors << QStringLiteral("%1: %2").arg(path, f.errorString());
            continue;
        }
        auto scenario = ScenarioParser::parse(f.readAll(), path);
        if (!scenario) {
            qCWarning(lcChaos) << "skipping scenario" << scenario.error();
            m_errors << scenario.error();
            continue;
        }
        const auto same = std::find_if(m_scenarios.begin(), m_scenarios.end(),
                                       [&](const Scenario &s) { return s.id == scenario->id; });
        if (same != m_scenarios.end())
            *same = std::move(scenario.value());
        else
            m_scenarios.push_back(std::move(scenario.value()));
    }
}

} // namespace meshscope::chaos
