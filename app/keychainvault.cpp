#include "app/keychainvault.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QLoggingCategory>

#include <qt6keychain/keychain.h>

namespace meshscope::app {

Q_LOGGING_CATEGORY(lcKeychain, "meshscope.app.keychain")

namespace {

const QString kService = QStringLiteral("meshscope");

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::app::KeychainVault", text);
}

// Runs a job to its end; QtKeychain reports through the finished signal, also on failure.
void runJob(QKeychain::Job *job)
{
    QEventLoop loop;
    bool done = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        done = true;
        loop.quit();
    });
    job->setAutoDelete(false);
    job->start();
    if (!done) // a backend may answer inside start()
        loop.exec(QEventLoop::ExcludeUserInputEvents);
}

bool backendMissing(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError;
}

} // namespace

void KeychainVault::probe() const
{
    if (m_unavailable)
        return;
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS") &&
        qEnvironmentVariableIsEmpty("XDG_RUNTIME_DIR")) {
#if defined(Q_OS_LINUX)
        // Without a session bus QtKeychain may try to autolaunch one; say why at once instead.
        m_unavailable = tr("no D-Bus session bus");
        return;
#endif
    }
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(QStringLiteral("meshscope/keychain-probe"));
    runJob(&job);
    if (job.error() == QKeychain::NoError || job.error() == QKeychain::EntryNotFound)
        m_unavailable = QString();
    else
        m_unavailable =
            job.errorString().isEmpty() ? tr("no keychain service answered") : job.errorString();
    if (!m_unavailable->isEmpty())
        qCInfo(lcKeychain).noquote() << "no keychain:" << *m_unavailable;
}

bool KeychainVault::isAvailable() const
{
    probe();
    return m_unavailable->isEmpty();
}

QString KeychainVault::unavailableReason() const
{
    probe();
    return *m_unavailable;
}

Result<QString> KeychainVault::read(const QString &key)
{
    if (!isAvailable())
        return Error{tr("no keychain service is available (%1)").arg(*m_unavailable)};
    QKeychain::ReadPasswordJob job(kService);
    job.setKey(key);
    runJob(&job);
    if (job.error() == QKeychain::EntryNotFound)
        return Error{tr("the keychain has no entry '%1'").arg(key)};
    if (job.error() != QKeychain::NoError) {
        if (backendMissing(job.error()))
            m_unavailable = job.errorString();
        return Error{tr("the keychain refused to read '%1': %2").arg(key, job.errorString())};
    }
    return job.textData();
}

Result<void> KeychainVault::write(const QString &key, const QString &secret)
{
    if (!isAvailable())
        return Error{tr("no keychain service is available (%1)").arg(*m_unavailable)};
    QKeychain::WritePasswordJob job(kService);
    job.setKey(key);
    job.setTextData(secret);
    runJob(&job);
    if (job.error() != QKeychain::NoError)
        return Error{tr("the keychain refused to store '%1': %2").arg(key, job.errorString())};
    qCInfo(lcKeychain).noquote() << "stored a secret under" << key; // the key, never the value
    return {};
}

} // namespace meshscope::app
