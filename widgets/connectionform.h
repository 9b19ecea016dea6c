#pragma once

#include "core/result.h"
#include "core/session/connectionprofile.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QFormLayout;
class QHBoxLayout;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace meshscope::core {
class SecretVault;
}

namespace meshscope::widgets {

// The fields of one connection profile. Secrets are typed as references (env:NAME,
// file:PATH); where a keychain service runs, a button stores a secret there and writes the
// keychain:KEY reference. Fields the form does not show (e.g. Jaeger client certificates from a
// hand-written file) are kept as they were loaded.
class ConnectionForm : public QWidget
{
    Q_OBJECT
public:
    explicit ConnectionForm(core::SecretVault *vault, QWidget *parent = nullptr);

    void setProfile(const core::ConnectionProfile &profile);
    // The profile as edited; an error names the field ("Bearer token: …").
    Result<core::ConnectionProfile> profile() const;

Q_SIGNALS:
    void edited();

private:
    QLineEdit *addLine(const QString &label, const QString &name, const QString &placeholder);
    QHBoxLayout *secretRow(QLineEdit *edit, const QString &field);
    void storeInKeychain(QLineEdit *edit, const QString &field);
    void updateInsecureStyle();

    core::SecretVault *m_vault = nullptr;
    core::ConnectionProfile m_loaded;
    QFormLayout *m_layout = nullptr;
    QLineEdit *m_name = nullptr;
    QComboBox *m_flavour = nullptr;
    QLineEdit *m_url = nullptr;
    QLineEdit *m_pathPrefix = nullptr;
    QLineEdit *m_tenant = nullptr;
    QLineEdit *m_token = nullptr;
    QLineEdit *m_basicUser = nullptr;
    QLineEdit *m_basicPassword = nullptr;
    QPlainTextEdit *m_headers = nullptr;
    QLineEdit *m_caFile = nullptr;
    QLineEdit *m_clientCert = nullptr;
    QLineEdit *m_clientKey = nullptr;
    QCheckBox *m_insecure = nullptr;
    QLineEdit *m_jaegerUrl = nullptr;
    QLineEdit *m_jaegerToken = nullptr;
    QLineEdit *m_alertmanagerUrl = nullptr;
    QLineEdit *m_alertFilter = nullptr;
    QComboBox *m_metricProfile = nullptr;
    QLineEdit *m_namespaces = nullptr;
    QComboBox *m_granularity = nullptr;
    QDoubleSpinBox *m_refresh = nullptr;
    QLineEdit *m_kubeconfig = nullptr;
    QLineEdit *m_kubeContext = nullptr;
    QLabel *m_keychainNotice = nullptr;
};

} // namespace meshscope::widgets
