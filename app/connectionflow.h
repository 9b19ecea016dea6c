#pragma once

#include "app/keychainvault.h"
#include "core/result.h"
#include "core/session/connectionprofile.h"

#include <QObject>
#include <QPointer>

class QAction;
class QLabel;

namespace meshscope::core {
class LiveSession;
}
namespace meshscope::widgets {
class ConnectionDialog;
}

namespace meshscope::app {

class MainWindow;

// File ▸ Connections… (Ctrl+K): the profile dialog, switching the window's source to a
// profile, the red "insecure" marker in the status bar while connected without TLS
// verification, and the last profile used (QSettings), reopened at the next start.
class ConnectionFlow : public QObject
{
    Q_OBJECT
public:
    ConnectionFlow(MainWindow *window, core::LiveSession *session);

    QAction *action() const { return m_action; }
    core::SecretVault *vault() { return &m_vault; }
    void setStorePath(const QString &path) { m_storePath = path; } // tests
    QString storePath() const { return m_storePath; }

    void openDialog();
    widgets::ConnectionDialog *dialog() const;

    // Switches the window to the profile; on an error the shown source stays and the error
    // is returned (and shown).
    Result<void> connectTo(const core::ConnectionProfile &profile);
    Result<void> connectProfile(const QString &name);
    // The source just set came from `profile` (empty for --prometheus): marks it, remembers it.
    void markConnected(const QString &profile, const QString &sourceName, bool insecure);
    // Reconnects the profile used last, if any; false when there is none or it failed.
    bool reopenLast();

    QString activeProfile() const { return m_active; }
    QLabel *insecureMarker() const { return m_insecure; }

    static QString lastProfile();

private:
    void onSourceChanged(const QString &sourceName);

    MainWindow *m_window = nullptr;
    core::LiveSession *m_session = nullptr;
    KeychainVault m_vault;
    QString m_storePath;
    QString m_active;
    QString m_activeSource;
    QAction *m_action = nullptr;
    QLabel *m_insecure = nullptr;
    QPointer<widgets::ConnectionDialog> m_dialog;
};

} // namespace meshscope::app
