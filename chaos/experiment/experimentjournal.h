#pragma once

// The on-disk record of one run: a single JSON document rewritten atomically (QSaveFile: write
// a temporary file, fsync, rename) at every transition, so a crash at any moment leaves either
// the previous complete document or the new one, never a torn file. Lives in
// <AppDataLocation>/experiments/<run-id>.json; a journal whose phase is not final belongs to a
// run that did not finish (a crash) and is offered for cleanup on the next start.

#include "core/result.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace meshscope::chaos {

class ExperimentJournal
{
public:
    // <AppDataLocation>/experiments (QStandardPaths).
    static QString defaultFolder();

    ExperimentJournal(QString folder, QString runId);

    QString path() const;
    const QString &runId() const { return m_runId; }

    // The whole document, replacing the previous one atomically.
    Result<void> write(const QJsonObject &document) const;

    static Result<QJsonObject> read(const QString &path);

    struct Unfinished
    {
        QString path;
        QString runId;
        QString phase;    // where it stopped
        QString executor; // "demo:shop", "kube:ctx"
    };
    // Journals in `folder` whose phase is not final (done, aborted, failed). Unreadable files
    // are reported in `errors` (named), never silently skipped.
    static std::vector<Unfinished> unfinished(const QString &folder, QStringList *errors = nullptr);

private:
    QString m_folder;
    QString m_runId;
};

} // namespace meshscope::chaos
