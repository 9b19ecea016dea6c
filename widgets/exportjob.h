#pragma once

// One image export running off the GUI thread. It owns an immutable RenderSnapshot of what the
// view showed when the user chose Export, so the user can keep panning, selecting or receiving
// refreshes while the file is painted and encoded on the thread pool. Progress and the outcome
// come back as queued signals; cancel() stops the worker at its next progress tick and no file
// is written. Destroying a running job cancels it and waits for the worker.

#include "core/result.h"
#include "widgets/graphpainter.h"
#include "widgets/rendersnapshot.h"
#include "widgets/sceneexporter.h"

#include <QObject>

#include <memory>

namespace meshscope::widgets {

class ExportJob : public QObject
{
    Q_OBJECT
public:
    ExportJob(RenderSnapshot snapshot, QString path, ExportOptions options,
              QObject *parent = nullptr);
    ~ExportJob() override;

    void start();
    void cancel();
    bool isRunning() const { return m_running; }
    bool isCancelled() const;
    const QString &path() const { return m_path; }
    int progress() const { return m_progress; } // percent

    // Valid after finished(): the outcome (a cancelled job's error is
    // SceneExporter::cancelledMessage()) and the labels the export drew.
    const Result<void> &result() const { return m_result; }
    const std::vector<GraphPainter::Label> &labels() const { return m_labels; }

Q_SIGNALS:
    void progressChanged(int percent);
    void finished(bool ok);

private:
    struct Shared;
    void onFinished(Result<void> result, std::vector<GraphPainter::Label> labels);

    std::shared_ptr<Shared> m_shared;
    QString m_path;
    ExportOptions m_options;
    bool m_running = false;
    int m_progress = 0;
    Result<void> m_result = Result<void>::failure(QString());
    std::vector<GraphPainter::Label> m_labels;
};

} // namespace meshscope::widgets
