#include "widgets/connectionform.h"

#include "core/prometheus/metricprofile.h"
#include "core/session/secretvault.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QToolButton>

#include <algorithm>

namespace meshscope::widgets {

using core::ConnectionProfile;
using core::SecretRef;

namespace {

// A reference typed into a secret field; the error names the field, never the text typed.
Result<SecretRef> secretField(const QLineEdit *edit, const QString &field)
{
    auto ref = SecretRef::parse(edit->text());
    if (!ref)
        return Error{field + QStringLiteral(": ") + ref.error()};
    return ref;
}

} // namespace

ConnectionForm::ConnectionForm(core::SecretVault *vault, QWidget *parent)
    : QWidget(parent), m_vault(vault)
{
    m_layout = new QFormLayout(this);
    m_layout->setFieldGrowthPolicy(QFormLayout::ExpandingFieldsGrow);
    m_keychainNotice = new QLabel(this);
    m_keychainNotice->setObjectName(QStringLiteral("keychainNotice"));
    m_keychainNotice->setWordWrap(true);
    const bool keychain = m_vault && m_vault->isAvailable();
    if (keychain) {
        m_keychainNotice->setText(tr("Secrets: store them in the keychain with the key buttons, "
                                     "or reference them as env:NAME or file:PATH."));
    } else {
        const QString reason = m_vault ? m_vault->unavailableReason() : tr("not built in");
        m_keychainNotice->setText(
            tr("No keychain service is running (%1). Reference secrets as env:NAME (an "
               "environment variable) or file:PATH (a file only you can read); they are never "
               "written to the profile.")
                .arg(reason));
    }
    m_layout->addRow(m_keychainNotice);

    m_name = addLine(tr("Name"), QStringLiteral("name"), tr("prod-eu"));
    m_flavour = new QComboBox(this);
    m_flavour->setObjectName(QStringLiteral("flavour"));
    for (auto f : {core::StoreFlavour::Prometheus, core::StoreFlavour::Thanos,
                   core::StoreFlavour::Mimir, core::StoreFlavour::VictoriaMetrics})
        m_flavour->addItem(core::flavourName(f), int(f));
    m_layout->addRow(tr("Store"), m_flavour);
    m_url = addLine(tr("Prometheus URL"), QStringLiteral("prometheusUrl"),
                    QStringLiteral("http://localhost:9090"));
    m_pathPrefix =
        addLine(tr("Path prefix"), QStringLiteral("pathPrefix"), tr("/prometheus for Mimir"));
    m_tenant = addLine(tr("Tenant (X-Scope-OrgID)"), QStringLiteral("tenant"), tr("Mimir, Cortex"));
    m_token = new QLineEdit(this);
    m_token->setObjectName(QStringLiteral("bearerToken"));
    m_token->setPlaceholderText(QStringLiteral("env:PROM_TOKEN"));
    m_layout->addRow(tr("Bearer token"), secretRow(m_token, QStringLiteral("prometheus-token")));
    m_basicUser = addLine(tr("Basic auth user"), QStringLiteral("basicUser"), QString());
    m_basicPassword = new QLineEdit(this);
    m_basicPassword->setObjectName(QStringLiteral("basicPassword"));
    m_basicPassword->setPlaceholderText(QStringLiteral("file:~/.config/meshscope/prom.pw"));
    m_layout->addRow(tr("Basic auth password"),
                     secretRow(m_basicPassword, QStringLiteral("prometheus-password")));
    m_headers = new QPlainTextEdit(this);
    m_headers->setObjectName(QStringLiteral("headers"));
    m_headers->setPlaceholderText(tr("One per line: Name: value"));
    m_headers->setFixedHeight(m_headers->fontMetrics().lineSpacing() * 3 + 12);
    connect(m_headers, &QPlainTextEdit::textChanged, this, &ConnectionForm::edited);
    m_layout->addRow(tr("Extra headers"), m_headers);
    m_caFile = addLine(tr("CA file"), QStringLiteral("caFile"), tr("PEM; empty = system CAs"));
    m_clientCert = addLine(tr("Client certificate"), QStringLiteral("clientCert"), QString());
    m_clientKey = addLine(tr("Client key"), QStringLiteral("clientKey"), QString());
    m_insecure = new QCheckBox(tr("Insecure: skip TLS certificate verification"), this);
    m_insecure->setObjectName(QStringLiteral("insecure"));
    connect(m_insecure, &QCheckBox::toggled, this, &ConnectionForm::updateInsecureStyle);
    connect(m_insecure, &QCheckBox::toggled, this, &ConnectionForm::edited);
    m_layout->addRow(QString(), m_insecure);

    m_jaegerUrl = addLine(tr("Jaeger URL"), QStringLiteral("jaegerUrl"),
                          QStringLiteral("http://localhost:16686"));
    m_jaegerToken = new QLineEdit(this);
    m_jaegerToken->setObjectName(QStringLiteral("jaegerToken"));
    m_layout->addRow(tr("Jaeger bearer token"),
                     secretRow(m_jaegerToken, QStringLiteral("jaeger-token")));
    m_alertmanagerUrl = addLine(tr("Alertmanager URL"), QStringLiteral("alertmanagerUrl"),
                                QStringLiteral("http://localhost:9093"));
    m_alertFilter = addLine(tr("Alert filter"), QStringLiteral("alertFilter"),
                            QStringLiteral("severity=\"critical\", namespace=~\"shop|pay\""));
    m_alertFilter->setToolTip(
        tr("Alertmanager matchers, separated by commas; an alert must match all of them"));

    m_metricProfile = new QComboBox(this);
    m_metricProfile->setObjectName(QStringLiteral("metricProfile"));
    m_metricProfile->addItems(core::MetricProfile::available());
    m_layout->addRow(tr("Metric profile"), m_metricProfile);
    m_namespaces =
        addLine(tr("Namespaces (regex)"), QStringLiteral("namespaces"), QStringLiteral(".*"));
    m_granularity = new QComboBox(this);
    m_granularity->setObjectName(QStringLiteral("granularity"));
    m_granularity->addItems(
        {QStringLiteral("service"), QStringLiteral("workload"), QStringLiteral("app")});
    m_layout->addRow(tr("Granularity"), m_granularity);
    m_refresh = new QDoubleSpinBox(this);
    m_refresh->setObjectName(QStringLiteral("refreshSeconds"));
    m_refresh->setRange(0, 3600);
    m_refresh->setSuffix(tr(" s"));
    m_refresh->setSpecialValueText(tr("window's interval"));
    m_layout->addRow(tr("Refresh interval"), m_refresh);
    m_kubeconfig =
        addLine(tr("Kubeconfig"), QStringLiteral("kubeconfig"), QStringLiteral("~/.kube/config"));
    m_kubeContext = addLine(tr("Kube context"), QStringLiteral("kubeContext"), QString());
    setProfile(ConnectionProfile{});
}

QLineEdit *ConnectionForm::addLine(const QString &label, const QString &name,
                                   const QString &placeholder)
{
    auto *edit = new QLineEdit(this);
    edit->setObjectName(name);
    edit->setPlaceholderText(placeholder);
    connect(edit, &QLineEdit::textEdited, this, &ConnectionForm::edited);
    m_layout->addRow(label, edit);
    return edit;
}

QHBoxLayout *ConnectionForm::secretRow(QLineEdit *edit, const QString &field)
{
    connect(edit, &QLineEdit::textEdited, this, &ConnectionForm::edited);
    // A layout, not a widget: QFormLayout then lines the label up with the edit.
    auto *layout = new QHBoxLayout;
    layout->addWidget(edit);
    auto *button = new QToolButton(this);
    button->setObjectName(edit->objectName() + QStringLiteral("Keychain"));
    button->setText(tr("Keychain…"));
    const bool keychain = m_vault && m_vault->isAvailable();
    button->setEnabled(keychain);
    button->setToolTip(keychain ? tr("Store the secret in the OS keychain")
                                : tr("No keychain service is running"));
    connect(button, &QToolButton::clicked, this,
            [this, edit, field] { storeInKeychain(edit, field); });
    layout->addWidget(button);
    return layout;
}

void ConnectionForm::storeInKeychain(QLineEdit *edit, const QString &field)
{
    bool ok = false;
    const QString secret =
        QInputDialog::getText(this, tr("Store in keychain"), tr("Secret for %1:").arg(field),
                              QLineEdit::Password, QString(), &ok);
    if (!ok || secret.isEmpty())
        return;
    const QString key = QStringLiteral("meshscope/%1/%2").arg(m_name->text().trimmed(), field);
    const Result<void> written = m_vault->write(key, secret);
    if (!written) {
        m_keychainNotice->setText(tr("Could not store the secret: %1").arg(written.error()));
        return;
    }
    edit->setText(SecretRef::keychain(key).toString());
    Q_EMIT edited();
}

void ConnectionForm::updateInsecureStyle()
{
    // The one switch that makes a connection unsafe is red whenever it is on.
    m_insecure->setStyleSheet(
        m_insecure->isChecked() ? QStringLiteral("QCheckBox { color: #c62828; font-weight: bold; }")
                                : QString());
    m_insecure->updateGeometry(); // bold text is wider
}

void ConnectionForm::setProfile(const ConnectionProfile &p)
{
    m_loaded = p;
    m_name->setText(p.name);
    m_flavour->setCurrentIndex(std::max(0, m_flavour->findData(int(p.flavour))));
    m_url->setText(p.prometheusUrl);
    m_pathPrefix->setText(p.pathPrefix);
    m_tenant->setText(p.tenant);
    m_token->setText(p.prometheusAuth.bearerToken.toString());
    m_basicUser->setText(p.prometheusAuth.basicUser);
    m_basicPassword->setText(p.prometheusAuth.basicPassword.toString());
    QStringList headers;
    for (const auto &[name, value] : p.prometheusAuth.headers)
        headers << name + QStringLiteral(": ") + value;
    const QSignalBlocker block(m_headers);
    m_headers->setPlainText(headers.join(QLatin1Char('\n')));
    m_caFile->setText(p.prometheusAuth.caFile);
    m_clientCert->setText(p.prometheusAuth.clientCertFile);
    m_clientKey->setText(p.prometheusAuth.clientKeyFile);
    m_insecure->setChecked(p.prometheusAuth.insecure);
    updateInsecureStyle();
    m_jaegerUrl->setText(p.jaegerUrl);
    m_jaegerToken->setText(p.jaegerAuth.bearerToken.toString());
    m_alertmanagerUrl->setText(p.alertmanagerUrl);
    m_alertFilter->setText(ConnectionProfile::joinAlertFilters(p.alertFilters));
    if (m_metricProfile->findText(p.metricProfile) < 0)
        m_metricProfile->addItem(p.metricProfile); // a profile file not installed here
    m_metricProfile->setCurrentText(p.metricProfile);
    m_namespaces->setText(p.namespaces);
    m_granularity->setCurrentText(p.granularity);
    m_refresh->setValue(p.refreshSeconds);
    m_kubeconfig->setText(p.kubeconfig);
    m_kubeContext->setText(p.kubeContext);
}

Result<ConnectionProfile> ConnectionForm::profile() const
{
    ConnectionProfile p = m_loaded;
    p.name = m_name->text().trimmed();
    p.flavour = core::StoreFlavour(m_flavour->currentData().toInt());
    p.prometheusUrl = m_url->text().trimmed();
    p.pathPrefix = m_pathPrefix->text().trimmed();
    p.tenant = m_tenant->text().trimmed();
    auto token = secretField(m_token, tr("Bearer token"));
    if (!token)
        return Error{token.error()};
    p.prometheusAuth.bearerToken = token.value();
    p.prometheusAuth.basicUser = m_basicUser->text().trimmed();
    auto password = secretField(m_basicPassword, tr("Basic auth password"));
    if (!password)
        return Error{password.error()};
    p.prometheusAuth.basicPassword = password.value();
    p.prometheusAuth.headers.clear();
    int line = 0;
    for (const QString &text : m_headers->toPlainText().split(QLatin1Char('\n'))) {
        ++line;
        if (text.trimmed().isEmpty())
            continue;
        const qsizetype colon = text.indexOf(QLatin1Char(':'));
        if (colon <= 0)
            return Error{tr("Extra headers, line %1: expected 'Name: value'").arg(line)};
        p.prometheusAuth.headers.append(
            {text.left(colon).trimmed(), text.mid(colon + 1).trimmed()});
    }
    p.prometheusAuth.caFile = m_caFile->text().trimmed();
    p.prometheusAuth.clientCertFile = m_clientCert->text().trimmed();
    p.prometheusAuth.clientKeyFile = m_clientKey->text().trimmed();
    p.prometheusAuth.insecure = m_insecure->isChecked();
    p.jaegerUrl = m_jaegerUrl->text().trimmed();
    auto jaegerToken = secretField(m_jaegerToken, tr("Jaeger bearer token"));
    if (!jaegerToken)
        return Error{jaegerToken.error()};
    p.jaegerAuth.bearerToken = jaegerToken.value();
    p.alertmanagerUrl = m_alertmanagerUrl->text().trimmed();
    p.alertFilters = ConnectionProfile::splitAlertFilters(m_alertFilter->text());
    p.metricProfile = m_metricProfile->currentText();
    p.namespaces = m_namespaces->text().trimmed().isEmpty() ? QStringLiteral(".*")
                                                            : m_namespaces->text().trimmed();
    p.granularity = m_granularity->currentText();
    p.refreshSeconds = m_refresh->value();
    p.kubeconfig = m_kubeconfig->text().trimmed();
    p.kubeContext = m_kubeContext->text().trimmed();
    if (const QStringList problems = p.validate(); !problems.isEmpty())
        return Error{problems.first()};
    return p;
}

} // namespace meshscope::widgets
