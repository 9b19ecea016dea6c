#include "chaos/kube/execcredentialplugin.h"

#include "chaos/chaoslog_p.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStandardPaths>

namespace meshscope::chaos {

ExecCredentialPlugin::ExecCredentialPlugin(KubeExecConfig config, KubeCluster cluster,
                                           QString userName, QString contextName)
    : m_config(std::move(config)), m_cluster(std::move(cluster)), m_userName(std::move(userName)),
      m_contextName(std::move(contextName))
{
}

QString ExecCredentialPlugin::where() const
{
    return QStringLiteral("exec credential plugin '%1' of user '%2' (context '%3')")
        .arg(m_config.command, m_userName, m_contextName);
}

Result<ExecCredential> ExecCredentialPlugin::credential()
{
    std::lock_guard lock(m_mutex);
    if (m_cached && (!m_cached->expiry.isValid() || m_clock() < m_cached->expiry))
        return *m_cached;
    m_cached.reset();
    auto fresh = run();
    ++m_runs;
    if (!fresh)
        return fresh;
    m_cached = *fresh;
    return fresh;
}

void ExecCredentialPlugin::invalidate()
{
    std::lock_guard lock(m_mutex);
    m_cached.reset();
}

int ExecCredentialPlugin::runCount() const
{
    std::lock_guard lock(m_mutex);
    return m_runs;
}

QByteArray ExecCredentialPlugin::execInfo() const
{
    QJsonObject spec{{QStringLiteral("interactive"), false}};
    if (m_config.provideClusterInfo) {
        QJsonObject cluster{{QStringLiteral("server"), m_cluster.server}};
        if (!m_cluster.caData.isEmpty())
            cluster.insert(QStringLiteral("certificate-authority-data"),
                           QString::fromLatin1(m_cluster.caData.toBase64()));
        if (m_cluster.insecure)
            cluster.insert(QStringLiteral("insecure-skip-tls-verify"), true);
        if (!m_cluster.proxyUrl.isEmpty())
            cluster.insert(QStringLiteral("proxy-url"), m_cluster.proxyUrl);
        if (!m_cluster.tlsServerName.isEmpty())
            cluster.insert(QStringLiteral("tls-server-name"), m_cluster.tlsServerName);
        spec.insert(QStringLiteral("cluster"), cluster);
    }
    const QJsonObject info{{QStringLiteral("apiVersion"), m_config.apiVersion},
                           {QStringLiteral("kind"), QStringLiteral("ExecCredential")},
                           {QStringLiteral("spec"), spec}};
    return QJsonDocument(info).toJson(QJsonDocument::Compact);
}

Result<ExecCredential> ExecCredentialPlugin::run() const
{
    QString program = m_config.command;
    if (!program.contains(QLatin1Char('/')))
        program = QStandardPaths::findExecutable(program);
    const QString hint = m_config.installHint.isEmpty()
                             ? QString()
                             : QStringLiteral(" (%1)").arg(m_config.installHint.trimmed());
    if (program.isEmpty())
        return Error{
            QStringLiteral("%1: '%2' is not found in PATH%3").arg(where(), m_config.command, hint)};

    QProcess process;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const auto &[name, value] : m_config.env)
        env.insert(name, value);
    env.insert(QStringLiteral("KUBERNETES_EXEC_INFO"), QString::fromUtf8(execInfo()));
    process.setProcessEnvironment(env);
    // Not interactive: the plugin must not wait for a terminal that is not there.
    process.setStandardInputFile(QProcess::nullDevice());
    process.start(program, m_config.args); // the program itself, never through a shell
    if (!process.waitForStarted(m_timeoutMs))
        return Error{QStringLiteral("%1: could not start %2: %3%4")
                         .arg(where(), program, process.errorString(), hint)};
    if (!process.waitForFinished(m_timeoutMs)) {
        process.kill();
        process.waitForFinished(2000);
        return Error{QStringLiteral("%1: no answer within %2 s; stopped it")
                         .arg(where())
                         .arg(m_timeoutMs / 1000)};
    }
    const QByteArray err = process.readAllStandardError().trimmed();
    if (process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return Error{QStringLiteral("%1 failed (exit code %2)%3")
                         .arg(where())
                         .arg(process.exitCode())
                         .arg(err.isEmpty()
                                  ? QString()
                                  : QStringLiteral(": ") + QString::fromLocal8Bit(err.right(400)))};
    qCDebug(lcChaos) << "exec credential plugin ran:" << m_config.command;
    return parseOutput(process.readAllStandardOutput(), m_config.apiVersion, where());
}

Result<ExecCredential> ExecCredentialPlugin::parseOutput(const QByteArray &out,
                                                         const QString &apiVersion,
                                                         const QString &where)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return Error{QStringLiteral("%1: its output is not an ExecCredential JSON object (%2 at "
                                    "offset %3)")
                         .arg(where, parseError.errorString())
                         .arg(parseError.offset)};
    const QJsonObject o = doc.object();
    if (o.value(QLatin1String("kind")).toString() != QLatin1String("ExecCredential"))
        return Error{QStringLiteral("%1: output has kind '%2', expected ExecCredential")
                         .arg(where, o.value(QLatin1String("kind")).toString())};
    const QString version = o.value(QLatin1String("apiVersion")).toString();
    if (version != apiVersion)
        return Error{QStringLiteral("%1: the kubeconfig asks for apiVersion %2 but the plugin "
                                    "answered %3")
                         .arg(where, apiVersion, version)};
    const QJsonValue statusValue = o.value(QLatin1String("status"));
    if (!statusValue.isObject())
        return Error{
            QStringLiteral("%1: output has no status (token or client certificate)").arg(where)};
    const QJsonObject status = statusValue.toObject();
    ExecCredential c;
    c.token = status.value(QLatin1String("token")).toString();
    c.clientCertPem = status.value(QLatin1String("clientCertificateData")).toString().toUtf8();
    c.clientKeyPem = status.value(QLatin1String("clientKeyData")).toString().toUtf8();
    if (c.clientCertPem.isEmpty() != c.clientKeyPem.isEmpty())
        return Error{QStringLiteral("%1: status has %2 without %3")
                         .arg(where,
                              c.clientCertPem.isEmpty() ? QStringLiteral("clientKeyData")
                                                        : QStringLiteral("clientCertificateData"),
                              c.clientCertPem.isEmpty() ? QStringLiteral("clientCertificateData")
                                                        : QStringLiteral("clientKeyData"))};
    if (c.token.isEmpty() && c.clientCertPem.isEmpty())
        return Error{
            QStringLiteral("%1: status has neither token nor clientCertificateData").arg(where)};
    const QString expiry = status.value(QLatin1String("expirationTimestamp")).toString();
    if (!expiry.isEmpty()) {
        c.expiry = QDateTime::fromString(expiry, Qt::ISODate);
        if (!c.expiry.isValid())
            return Error{QStringLiteral("%1: status.expirationTimestamp '%2' is not an RFC 3339 "
                                        "time")
                             .arg(where, expiry)};
    }
    return c;
}

} // namespace meshscope::chaos
