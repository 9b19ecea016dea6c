#include "core/health/healthsettingswatcher.h"

#include "core/health/healthlog_p.h"

#include <QDir>
#include <QFileInfo>

namespace meshscope::core {

namespace {
constexpr int kDebounceMs = 50;
}

HealthSettingsWatcher::HealthSettingsWatcher(const QString &path, QObject *parent)
    : QObject(parent), m_path(QFileInfo(path).absoluteFilePath())
{
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, this, [this](const QString &) {
        // Gone for a moment (removed before the new version is renamed in): the folder watch
        // reports its return; reporting "cannot read" here would be a false alarm.
        if (QFileInfo::exists(m_path))
            scheduleReload();
    });
    // Editors that save by writing a temporary file and renaming it over the original replace
    // the inode: the file watch is dropped. The folder watch sees the rename and re-adds it.
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, this, [this](const QString &) {
        if (QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path))
            scheduleReload();
    });
    m_debounce.setSingleShot(true);
    m_debounce.setInterval(kDebounceMs);
    connect(&m_debounce, &QTimer::timeout, this, &HealthSettingsWatcher::reload);
    reload();
}

void HealthSettingsWatcher::scheduleReload()
{
    m_debounce.start(); // restarts: a burst of notifications gives one reload
}

void HealthSettingsWatcher::rewatch()
{
    const QString dir = QFileInfo(m_path).absolutePath();
    if (!m_watcher.directories().contains(dir) && QFileInfo(dir).isDir())
        m_watcher.addPath(dir);
    if (QFileInfo::exists(m_path) && !m_watcher.files().contains(m_path))
        m_watcher.addPath(m_path);
}

void HealthSettingsWatcher::reload()
{
    rewatch();
    Result<HealthSettings> loaded = HealthSettings::load(m_path);
    if (!loaded) {
        m_lastError = loaded.error();
        qCWarning(lcHealth).noquote()
            << "health settings not applied, keeping the previous ones:" << m_lastError;
        Q_EMIT loadFailed(m_lastError);
        return;
    }
    m_lastError.clear();
    if (loaded.value() == m_current)
        return;
    m_current = std::move(loaded).value();
    qCInfo(lcHealth).noquote() << "health settings loaded from" << m_path;
    Q_EMIT settingsChanged(m_current);
}

} // namespace meshscope::core
