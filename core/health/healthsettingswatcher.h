#pragma once

// Keeps the health settings in step with their YAML file: reloads on every change, keeps the
// last good settings when a change does not parse. GUI thread (QFileSystemWatcher affinity).

#include "core/health/healthsettings.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QString>
#include <QTimer>

namespace meshscope::core {

class HealthSettingsWatcher : public QObject
{
    Q_OBJECT
public:
    // Loads `path` at once (current() = defaults and lastError() set if that fails) and watches
    // it and its folder, so a file that is replaced by rename or created later is picked up.
    explicit HealthSettingsWatcher(const QString &path, QObject *parent = nullptr);

    const QString &path() const { return m_path; }
    const HealthSettings &current() const { return m_current; }
    // The message of the last failed load; empty after a successful one.
    QString lastError() const { return m_lastError; }

    // Re-reads the file now. File-system notifications call it after a 50 ms quiet period.
    void reload();

Q_SIGNALS:
    // Only when the parsed settings differ from current().
    void settingsChanged(const meshscope::core::HealthSettings &settings);
    void loadFailed(const QString &message);

private:
    void rewatch();
    void scheduleReload();

    QString m_path;
    HealthSettings m_current;
    QString m_lastError;
    QFileSystemWatcher m_watcher;
    QTimer m_debounce; // editors write in several steps; read once they are done
};

} // namespace meshscope::core
