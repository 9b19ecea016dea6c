#pragma once

// The graph's right-click "Inject Fault" submenu: the library scenarios that can act on what
// was clicked (every scenario on a service; only network faults on a call, which Chaos Mesh
// expresses as a NetworkChaos from the caller towards the callee).

#include "chaos/scenario/scenariolibrary.h"

#include <functional>

class QMenu;
class QWidget;

namespace meshscope::app {

class ChaosMenu
{
public:
    // Scenario ids in the order the menu lists them.
    static QStringList applicable(const chaos::ScenarioLibrary &library, bool onCall);
    // A submenu (owned by `parent`) whose actions call `pick(scenarioId)`; each action's data is
    // the scenario id, its object name "injectFault:<id>".
    static QMenu *build(const chaos::ScenarioLibrary &library, bool onCall, QWidget *parent,
                        std::function<void(const QString &)> pick);
};

} // namespace meshscope::app
