#pragma once

// A kubeconfig's exec credential plugin (client.authentication.k8s.io v1 / v1beta1), run the way
// client-go runs it: the command itself (no shell), its args, the kubeconfig's env added to ours,
// KUBERNETES_EXEC_INFO describing the request, stdout read as an ExecCredential. The credential
// is kept until its expirationTimestamp (or, without one, until the server refuses it), so the
// plugin runs once per expiry, not once per request. Thread-safe; credential() blocks.

#include "chaos/kube/kubeconfigtypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

#include <functional>
#include <mutex>
#include <optional>

namespace meshscope::chaos {

struct ExecCredential
{
    QString token;
    QByteArray clientCertPem;
    QByteArray clientKeyPem;
    QDateTime expiry; // invalid = no expiry given
};

class ExecCredentialPlugin
{
public:
    using Clock = std::function<QDateTime()>;

    // `userName` and `contextName` only name the plugin in errors.
    ExecCredentialPlugin(KubeExecConfig config, KubeCluster cluster, QString userName,
                         QString contextName);

    void setClock(Clock clock) { m_clock = std::move(clock); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // The cached credential while it is valid, else a fresh one from the plugin.
    Result<ExecCredential> credential();
    // The server refused the credential (401): the next call runs the plugin again.
    void invalidate();
    int runCount() const;

    // Reads a plugin's stdout; `where` names the plugin in errors. Public for tests and fuzzing.
    static Result<ExecCredential> parseOutput(const QByteArray &stdoutBytes,
                                              const QString &apiVersion, const QString &where);

private:
    Result<ExecCredential> run() const;
    QByteArray execInfo() const;
    QString where() const;

    KubeExecConfig m_config;
    KubeCluster m_cluster;
    QString m_userName;
    QString m_contextName;
    Clock m_clock = [] { return QDateTime::currentDateTimeUtc(); };
    int m_timeoutMs = 60'000;

    mutable std::mutex m_mutex;
    std::optional<ExecCredential> m_cached;
    int m_runs = 0;
};

} // namespace meshscope::chaos
