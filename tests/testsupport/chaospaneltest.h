#pragma once

// What the chaos panel tests share (tst_chaospanel: target, form, YAML and run gate;
// tst_chaospanelfields: experiment fields and the saved file): the panel as the Chaos dock shows
// it on the demo mesh "shop", and a target the run gate accepts. Header-only; include as
// "tests/testsupport/chaospaneltest.h".

#include "chaos/scenario/scenariolibrary.h"
#include "core/session/refreshengine.h"
#include "tests/chaos/common/chaosfixtures.h"
#include "widgets/chaospanel.h"
#include "widgets/hypothesiseditor.h"

#include <QPushButton>
#include <QTest>

#include <memory>

namespace meshscope::testing {

// The built-in scenarios and CRDs, on `snapshot`'s topology, at the dock's size and shown (the
// form's layout and the run gate's text depend on it).
inline std::unique_ptr<widgets::ChaosPanel> shownChaosPanel(const core::RefreshResult &snapshot)
{
    auto panel = std::make_unique<widgets::ChaosPanel>(chaos::ScenarioLibrary::load(),
                                                       chaos::fixtures::builtInRegistry());
    panel->resize(520, 900);
    panel->show();
    panel->setTopology(snapshot.topology, snapshot.facts);
    return panel;
}

// A service of the namespace "shop" in `snapshot`'s cluster (the demo mesh names its own).
inline core::NodeId shopService(const core::RefreshResult &snapshot, const QString &name)
{
    return core::NodeId(snapshot.topology->nodes().front().id.cluster(), QStringLiteral("shop"),
                        name);
}

// Targets `service` with the seed latency scenario and the robustness preset: Run is enabled.
inline void makeRunnable(widgets::ChaosPanel &panel, const core::NodeId &service)
{
    panel.setTargetNode(service);
    QVERIFY(panel.selectScenario(QStringLiteral("seed-latency")));
    panel.hypothesisEditor()->applyRobustnessPreset(QStringLiteral("shop/frontend"), {});
    QVERIFY2(panel.runButton()->isEnabled(), qPrintable(panel.runBlockedReason()));
}

} // namespace meshscope::testing
