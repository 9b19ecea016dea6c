#include "widgets/connectiondialog.h"

#include "widgets/connectionform.h"

#include <QDialogButtonBox>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QListWidget>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPointer>
#include <QPushButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <climits>

namespace meshscope::widgets {

Q_LOGGING_CATEGORY(lcConnectionDialog, "meshscope.widgets.connections")

using core::ConnectionProfile;
using core::ConnectionTestReport;

ConnectionDialog::ConnectionDialog(core::ConnectionStore store, QString storePath,
                                   core::SecretVault *vault, QWidget *parent)
    : QDialog(parent), m_store(std::move(store)), m_storePath(std::move(storePath)), m_vault(vault),
      m_tester([](core::ConnectionTestTargets targets) {
          return core::ConnectionTester::runAll(targets);
      })
{
    setWindowTitle(tr("Connections"));
    setObjectName(QStringLiteral("connectionDialog"));
    auto *layout = new QVBoxLayout(this);
    auto *top = new QHBoxLayout;
    auto *left = new QVBoxLayout;
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("profiles"));
    m_list->setMaximumWidth(200);
    left->addWidget(m_list);
    auto *buttons = new QHBoxLayout;
    auto *add = new QPushButton(tr("New"), this);
    add->setObjectName(QStringLiteral("newProfile"));
    auto *remove = new QPushButton(tr("Delete"), this);
    remove->setObjectName(QStringLiteral("deleteProfile"));
    buttons->addWidget(add);
    buttons->addWidget(remove);
    left->addLayout(buttons);
    top->addLayout(left);
    m_form = new ConnectionForm(vault, this);
    auto *scroll = new QScrollArea(this);
    scroll->setWidget(m_form);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    top->addWidget(scroll, 1);
    layout->addLayout(top, 1);

    m_result = new QLabel(this);
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(m_result);

    auto *box = new QDialogButtonBox(this);
    m_test = box->addButton(tr("Test connection"), QDialogButtonBox::ActionRole);
    m_test->setObjectName(QStringLiteral("testConnection"));
    QPushButton *save = box->addButton(QDialogButtonBox::Save);
    QPushButton *connectButton = box->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setObjectName(QStringLiteral("connectProfile"));
    box->addButton(QDialogButtonBox::Close);
    layout->addWidget(box);

    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(save, &QPushButton::clicked, this, &ConnectionDialog::saveProfile);
    connect(connectButton, &QPushButton::clicked, this, [this] {
        if (!saveProfile())
            return;
        if (const ConnectionProfile *p = m_store.find(m_editing)) {
            Q_EMIT connectRequested(*p);
            accept();
        }
    });
    connect(box, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(add, &QPushButton::clicked, this, &ConnectionDialog::newProfile);
    connect(remove, &QPushButton::clicked, this, &ConnectionDialog::deleteProfile);
    connect(m_list, &QListWidget::currentTextChanged, this, [this] { showCurrent(); });
    reloadList(QString());
    if (m_store.profiles().isEmpty())
        newProfile();
    resize(860, 820);
}

ConnectionDialog::~ConnectionDialog() = default;

void ConnectionDialog::reloadList(const QString &select)
{
    const QSignalBlocker block(m_list);
    m_list->clear();
    m_list->addItems(m_store.names());
    const QList<QListWidgetItem *> found = m_list->findItems(select, Qt::MatchExactly);
    m_list->setCurrentItem(found.isEmpty() ? m_list->item(0) : found.first());
    showCurrent();
}

void ConnectionDialog::selectProfile(const QString &name)
{
    reloadList(name);
}

void ConnectionDialog::showCurrent()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item)
        return;
    if (const ConnectionProfile *p = m_store.find(item->text())) {
        m_editing = p->name;
        m_form->setProfile(*p);
        m_result->clear();
    }
}

void ConnectionDialog::newProfile()
{
    ConnectionProfile p;
    p.name = tr("new");
    p.prometheusUrl = QStringLiteral("http://localhost:9090");
    m_editing.clear();
    m_list->clearSelection();
    m_form->setProfile(p);
    m_result->clear();
}

void ConnectionDialog::deleteProfile()
{
    if (m_editing.isEmpty())
        return;
    core::ConnectionStore next = m_store;
    next.remove(m_editing);
    if (const Result<void> saved = next.save(m_storePath); !saved) {
        showResult(false, saved.error());
        return;
    }
    m_store = next;
    m_editing.clear();
    reloadList(QString());
    if (m_store.profiles().isEmpty())
        newProfile();
}

bool ConnectionDialog::saveProfile()
{
    const Result<ConnectionProfile> edited = m_form->profile();
    if (!edited) {
        showResult(false, edited.error());
        return false;
    }
    // The stored file changes only when the whole edit is valid and written: the last good
    // profiles stay otherwise.
    core::ConnectionStore next = m_store;
    if (const Result<void> added = next.upsert(edited.value(), m_editing); !added) {
        showResult(false, added.error());
        return false;
    }
    if (const Result<void> saved = next.save(m_storePath); !saved) {
        showResult(false, saved.error());
        return false;
    }
    m_store = next;
    m_editing = edited->name;
    reloadList(m_editing);
    showResult(true, tr("Saved to %1").arg(m_storePath));
    return true;
}

void ConnectionDialog::testConnection()
{
    const Result<ConnectionProfile> edited = m_form->profile();
    if (!edited) {
        showResult(false, edited.error());
        return;
    }
    // Secrets are resolved here, on the GUI thread: the keychain answers over D-Bus to the
    // thread that asks. Only plain option values go to the worker.
    core::ConnectionTestTargets targets;
    Result<core::PrometheusSourceOptions> options = edited->prometheusOptions(m_vault);
    if (!options) {
        showResult(false, options.error());
        return;
    }
    targets.prometheus = std::move(options).value();
    if (!edited->jaegerUrl.isEmpty()) {
        auto jaeger = edited->jaegerEndpoint(m_vault);
        if (!jaeger) {
            showResult(false, jaeger.error());
            return;
        }
        targets.jaeger = std::move(jaeger).value();
    }
    if (!edited->alertmanagerUrl.isEmpty()) {
        auto alertmanager = edited->alertmanagerEndpoint(m_vault);
        if (!alertmanager) {
            showResult(false, alertmanager.error());
            return;
        }
        targets.alertmanager = std::move(alertmanager).value();
        targets.alertFilter.matchers = edited->alertFilters;
    }
    const quint64 generation = ++m_testGeneration;
    m_test->setEnabled(false);
    m_result->setStyleSheet(QString());
    m_result->setText(tr("Testing %1…").arg(targets.prometheus.endpoint.baseUrl.toDisplayString()));
    auto *watcher = new QFutureWatcher<core::ConnectionTestOutcome>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_testGeneration)
            return; // a newer test is running
        m_test->setEnabled(true);
        const core::ConnectionTestOutcome outcome = watcher->result();
        showResult(outcome.ok(), outcomeText(outcome));
    });
    watcher->setFuture(QtConcurrent::run(m_tester, std::move(targets)));
}

QString ConnectionDialog::outcomeText(const core::ConnectionTestOutcome &outcome)
{
    QStringList lines;
    const Result<ConnectionTestReport> &r = outcome.prometheus;
    if (!r) {
        lines << tr("Failed: %1").arg(r.error());
    } else {
        lines << tr("Connected: %1 · %n mesh series (%2) · %3 ms", nullptr,
                    int(std::min<qint64>(r->seriesCount, INT_MAX)))
                     .arg(r->server, r->metrics.join(QStringLiteral(", ")))
                     .arg(r->elapsedMs);
        for (const QString &w : r->warnings)
            lines << tr("Warning from the server: %1").arg(w);
    }
    for (const core::BackendTestReport &b : outcome.backends) {
        if (!b.ok()) {
            lines << tr("%1 failed: %2").arg(b.backend, b.error);
            continue;
        }
        const bool jaeger = b.backend == QLatin1String("Jaeger");
        QString count;
        if (jaeger)
            count = b.count == 1 ? tr("1 service") : tr("%1 services").arg(b.count);
        else
            count = b.count == 1 ? tr("1 alert firing") : tr("%1 alerts firing").arg(b.count);
        lines << tr("%1 at %2: %3 · %4 ms").arg(b.server, b.url, count).arg(b.elapsedMs);
    }
    return lines.join(QLatin1Char('\n'));
}

void ConnectionDialog::showResult(bool ok, const QString &message)
{
    m_result->setStyleSheet(ok ? QString() : QStringLiteral("QLabel { color: #c62828; }"));
    m_result->setText(message);
    qCDebug(lcConnectionDialog).noquote() << (ok ? "ok:" : "failed:") << message;
    Q_EMIT resultShown(ok, message);
}

QString ConnectionDialog::resultText() const
{
    return m_result->text();
}

} // namespace meshscope::widgets
