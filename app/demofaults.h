#pragma once

#include "app/errorsink.h"

#include <QObject>

class QMainWindow;

namespace meshscope::core {
class LiveSession;
}
namespace meshscope::widgets {
class TopologyScene;
}

namespace meshscope::app {

// The demo menu's fault actions: inject a preset into what is selected on the graph, clear all.
// Acts when the session's source is the demo mesh; otherwise it says what to do instead.
class DemoFaults : public QObject
{
    Q_OBJECT
public:
    DemoFaults(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
               ErrorSink showError);

    // `preset` indexes core::FaultPresets::all().
    void inject(int preset);
    void clearAll();

private:
    QMainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    ErrorSink m_showError;
};

} // namespace meshscope::app
