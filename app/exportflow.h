#pragma once

#include "app/errorsink.h"
#include "core/session/refreshengine.h"
#include "widgets/exportjob.h"

#include <QObject>
#include <QPointer>

#include <optional>

class QMainWindow;
class QProgressBar;
class QWidget;

namespace meshscope::core {
class LiveSession;
}
namespace meshscope::widgets {
class TopologyScene;
} // namespace meshscope::widgets

namespace meshscope::app {

// The dialogs behind File: export the graph as an image or as data, save and open a layout.
// Each asks for a path, writes or reads, and says what happened in the status bar; a failure
// goes to `showError` with the message that names the file and what went wrong. Image exports
// run on a worker over a snapshot of the view (widgets::ExportJob).
class ExportFlow : public QObject
{
    Q_OBJECT
public:
    ExportFlow(QMainWindow *window, core::LiveSession *session, widgets::TopologyScene *scene,
               ErrorSink showError);

    void exportImage();
    // Exports what the view shows now to `path` on a worker (the window stays usable), with a
    // progress bar and Cancel in the status bar. One image export at a time: false if one runs.
    bool startImageExport(const QString &path, double scale);
    widgets::ExportJob *runningImageExport() const { return m_job; }
    void exportData();
    // Writes the shown snapshot as JSON, DOT or GraphML (by extension) to `path`.
    Result<void> writeData(const QString &path);
    // While a past moment is replayed, exports write that moment and say so (the image's
    // subtitle and metadata, the JSON's "replay"); null returns to the live snapshot.
    void setMoment(const core::RefreshResult *moment, qint64 timestampMs);
    void saveLayout();
    void openLayout();

private:
    QString suggestedName(const QString &suffix) const;
    const core::RefreshResult *shown() const;
    QString replayNote() const;
    void done(const QString &message);
    void onImageExportFinished();

    QMainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    widgets::TopologyScene *m_scene = nullptr;
    ErrorSink m_showError;
    QPointer<widgets::ExportJob> m_job;
    QWidget *m_progressBox = nullptr; // in the status bar while an image export runs
    QProgressBar *m_progressBar = nullptr;
    std::optional<core::RefreshResult> m_moment;
    qint64 m_momentMs = 0;
};

} // namespace meshscope::app
