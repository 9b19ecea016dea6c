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

// The dialogs behind File: export the graph as an image or as data, save and open a layout.
// Each asks for a path, writes or reads, and says what happened in the status bar; a failure
// goes to `showError` with the message that names the file and what went wrong.
class ExportFlow : public QObject
{
    Q_OBJECT
public:
    ExportFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
               ErrorSink showError);

    void exportImage();
    void exportData();
    void saveLayout();
    void openLayout();

private:
    QString suggestedName(const QString &suffix) const;
    void done(const QString &message);

    QMainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    ErrorSink m_showError;
};

} // namespace meshscope::app
