#pragma once

#include "core/session/connectionstore.h"
#include "core/session/connectiontester.h"

#include <QDialog>

#include <functional>

class QLabel;
class QListWidget;
class QPushButton;

namespace meshscope::core {
class SecretVault;
}

namespace meshscope::widgets {

class ConnectionForm;

// File ▸ Connections…: the saved profiles on the left, the selected one's form on the right.
// Test connection runs off the GUI thread and shows the server's version, the mesh series
// found and the time taken, or the error. Save writes connections.yaml; Connect saves and asks
// the window to switch to the profile.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    // Blocking: runs on the thread pool. Tests pass their own; the default is
    // ConnectionTester::runAll (the store, then Jaeger and Alertmanager when the profile has them).
    using Tester = std::function<core::ConnectionTestOutcome(core::ConnectionTestTargets)>;
    // The lines the dialog shows for an outcome: the store's, then one per side backend.
    static QString outcomeText(const core::ConnectionTestOutcome &outcome);

    ConnectionDialog(core::ConnectionStore store, QString storePath, core::SecretVault *vault,
                     QWidget *parent = nullptr);
    ~ConnectionDialog() override;

    void setTester(Tester tester) { m_tester = std::move(tester); }
    const core::ConnectionStore &store() const { return m_store; }
    void selectProfile(const QString &name);
    ConnectionForm *form() const { return m_form; }
    QString resultText() const;

public Q_SLOTS:
    void testConnection();
    bool saveProfile();
    void newProfile();
    void deleteProfile();

Q_SIGNALS:
    void connectRequested(const meshscope::core::ConnectionProfile &profile);
    // A test, save or error message shown under the form, and whether it is good news.
    void resultShown(bool ok, const QString &message);

private:
    void showCurrent();
    void showResult(bool ok, const QString &message);
    void reloadList(const QString &select);

    core::ConnectionStore m_store;
    QString m_storePath;
    core::SecretVault *m_vault = nullptr;
    Tester m_tester;
    QString m_editing; // the stored name of the profile in the form; empty = a new one
    quint64 m_testGeneration = 0;
    QListWidget *m_list = nullptr;
    ConnectionForm *m_form = nullptr;
    QLabel *m_result = nullptr;
    QPushButton *m_test = nullptr;
};

} // namespace meshscope::widgets
