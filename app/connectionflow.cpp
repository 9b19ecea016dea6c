#include "app/connectionflow.h"

#include "app/remotesource.h"

#include "app/mainwindow.h"
#include "core/prometheus/prometheussource.h"
#include "core/session/connectionstore.h"
#include "core/session/livesession.h"
#include "widgets/connectiondialog.h"

#include <QAction>
#include <QLabel>
#include <QLoggingCategory>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>

namespace meshscope::app {

Q_LOGGING_CATEGORY(lcConnectionFlow, "meshscope.app.connections")

namespace {

const QString kLastProfileKey = QStringLiteral("connections/lastProfile");

} // namespace

ConnectionFlow::ConnectionFlow(MainWindow *window, core::LiveSession *session)
    : QObject(window), m_window(window), m_session(session),
      m_storePath(core::ConnectionStore::defaultPath())
{
    m_action = new QAction(tr("&Connections…"), this);
    m_action->setObjectName(QStringLiteral("connectionsAction"));
    m_action->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    connect(m_action, &QAction::triggered, this, &ConnectionFlow::openDialog);
    // The File menu is the menu bar's first; the action goes on top of it.
    if (QAction *file = window->menuBar()->actions().value(0); file && file->menu()) {
        QMenu *menu = file->menu();
        QAction *first = menu->actions().value(0);
        menu->insertAction(first, m_action);
        menu->insertSeparator(first);
    }
    window->addAction(m_action);

    m_insecure = new QLabel(tr("⚠ insecure TLS"), window);
    m_insecure->setObjectName(QStringLiteral("insecureMarker"));
    m_insecure->setStyleSheet(QStringLiteral("QLabel { color: white; background: #c62828; "
                                             "padding: 1px 6px; font-weight: bold; }"));
    m_insecure->setToolTip(tr("The server's TLS certificate is not verified for this connection"));
    window->statusBar()->addPermanentWidget(m_insecure);
    m_insecure->hide();
    connect(m_session, &core::LiveSession::sourceChanged, this, &ConnectionFlow::onSourceChanged);
}

QString ConnectionFlow::lastProfile()
{
    return QSettings().value(kLastProfileKey).toString();
}

widgets::ConnectionDialog *ConnectionFlow::dialog() const
{
    return m_dialog;
}

void ConnectionFlow::openDialog()
{
    if (m_dialog) {
        m_dialog->raise();
        m_dialog->activateWindow();
        return;
    }
    auto store = core::ConnectionStore::load(m_storePath);
    if (!store) {
        // A broken file is not overwritten by an empty store: the user fixes it first.
        QMessageBox::warning(m_window, tr("Connections"), store.error());
        return;
    }
    for (const QString &w : store->warnings())
        qCWarning(lcConnectionFlow).noquote() << w;
    m_dialog =
        new widgets::ConnectionDialog(std::move(store).value(), m_storePath, &m_vault, m_window);
    m_dialog->setAttribute(Qt::WA_DeleteOnClose);
    if (!m_active.isEmpty())
        m_dialog->selectProfile(m_active);
    connect(m_dialog, &widgets::ConnectionDialog::connectRequested, this,
            [this](const core::ConnectionProfile &p) {
                if (const Result<void> connected = connectTo(p); !connected) {
                    // Not blocking: a refresh (or a test) goes on while it is shown.
                    auto *box =
                        new QMessageBox(QMessageBox::Warning, tr("Connect to %1").arg(p.name),
                                        connected.error(), QMessageBox::Ok, m_window);
                    box->setAttribute(Qt::WA_DeleteOnClose);
                    box->open();
                }
            });
    m_dialog->open();
}

Result<void> ConnectionFlow::connectTo(const core::ConnectionProfile &profile)
{
    // The profile's Prometheus, Jaeger and Alertmanager, as --profile NAME opens them.
    auto endpoints = remoteEndpoints(profile, &m_vault);
    if (!endpoints)
        return Error{endpoints.error()};
    const bool insecure = endpoints->insecure();
    auto source = remoteSource(std::move(endpoints).value());
    if (!source)
        return Error{source.error()};
    markConnected(profile.name, source.value()->name(), insecure);
    m_window->setSource(source.value());
    if (profile.refreshSeconds > 0)
        m_session->setIntervalSeconds(profile.refreshSeconds);
    return {};
}

Result<void> ConnectionFlow::connectProfile(const QString &name)
{
    auto store = core::ConnectionStore::load(m_storePath);
    if (!store)
        return Error{store.error()};
    const core::ConnectionProfile *p = store->find(name);
    if (!p)
        return Error{tr("no connection profile '%1' in %2").arg(name, m_storePath)};
    return connectTo(*p);
}

void ConnectionFlow::markConnected(const QString &profile, const QString &sourceName, bool insecure)
{
    m_active = profile;
    m_activeSource = sourceName;
    m_insecure->setVisible(insecure);
    if (!profile.isEmpty())
        QSettings().setValue(kLastProfileKey, profile);
    qCInfo(lcConnectionFlow).noquote() << "connected" << (profile.isEmpty() ? sourceName : profile)
                                       << (insecure ? "(insecure)" : "");
}

bool ConnectionFlow::reopenLast()
{
    const QString last = lastProfile();
    if (last.isEmpty())
        return false;
    const Result<void> connected = connectProfile(last);
    if (!connected)
        qCWarning(lcConnectionFlow).noquote()
            << "not reopening" << last << ":" << connected.error();
    return connected.ok();
}

void ConnectionFlow::onSourceChanged(const QString &sourceName)
{
    if (sourceName == m_activeSource)
        return;
    // The user chose another source (a demo mesh): no profile is connected any more, and the
    // next start opens what they chose.
    m_insecure->hide();
    if (!m_active.isEmpty())
        QSettings().remove(kLastProfileKey);
    m_active.clear();
    m_activeSource.clear();
}

} // namespace meshscope::app
