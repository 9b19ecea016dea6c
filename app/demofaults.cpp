#include "app/demofaults.h"

#include "core/demo/demosource.h"
#include "core/demo/faultpresets.h"
#include "core/session/livesession.h"
#include "widgets/topologyscene.h"

#include <QMainWindow>
#include <QStatusBar>

namespace meshscope::app {

namespace {
constexpr int kMessageMs = 6000;
}

DemoFaults::DemoFaults(QMainWindow *window, core::LiveSession *session,
                       widgets::TopologyScene *scene, ErrorSink showError)
    : QObject(window), m_window(window), m_session(session), m_scene(scene),
      m_showError(std::move(showError))
{
}

void DemoFaults::inject(int preset)
{
    const auto &presets = core::FaultPresets::all();
    const auto demo = std::dynamic_pointer_cast<core::DemoSource>(m_session->source());
    // A selected service takes the fault; a selected call takes it on that call where it can.
    const auto [caller, callee] = m_scene->selectedEdge();
    const bool onNode = m_scene->selectedNode().isValid();
    const core::NodeId target = onNode ? m_scene->selectedNode() : callee;
    const core::RefreshResult *last = m_session->snapshot();
    const int node = last && target.isValid() ? last->topology->nodeIndex(target) : -1;
    const int ready = node >= 0 ? last->topology->nodes()[size_t(node)].replicasReady : 2;
    if (!demo || !target.isValid() || preset < 0 || size_t(preset) >= presets.size()) {
        m_window->statusBar()->showMessage(
            tr("Select a service or a call first, then inject a fault into it"), kMessageMs);
        return;
    }
    const Result<core::FaultSpec> fault = core::FaultPresets::build(
        presets[size_t(preset)], target, onNode ? core::NodeId{} : caller, ready);
    const Result<int> id = fault ? demo->injectFault(*fault) : Result<int>(Error{fault.error()});
    if (!id) {
        m_showError(tr("Inject fault"), id.error());
        return;
    }
    const QString where = fault->caller.isValid()
                              ? tr("%1 → %2").arg(fault->caller.name(), target.name())
                              : target.name();
    m_window->statusBar()->showMessage(
        tr("Fault injected into %1 for %2 min").arg(where).arg(fault->durationMs / 60000),
        kMessageMs);
    m_session->refreshNow();
}

void DemoFaults::clearAll()
{
    if (auto demo = std::dynamic_pointer_cast<core::DemoSource>(m_session->source()))
        demo->clearAllFaults();
    m_session->refreshNow();
}

} // namespace meshscope::app
