#pragma once

// The Kubernetes REST API over core's HTTP transport, for one resolved kubeconfig context: TLS
// from the cluster (CA file or data, insecure flag, proxy-url), credentials from the user (token,
// tokenFile re-read on every request as client-go does, client certificate from data or files,
// basic auth, exec plugin). Calls block; they belong on a worker thread.

#include "chaos/kube/kubeconfigtypes.h"
#include "chaos/kube/kubestatus.h"
#include "core/net/httptypes.h"
#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace meshscope::core {
class HttpClient;
}

namespace meshscope::chaos {

class ExecCredentialPlugin;

struct KubeResponse
{
    int status = 0;
    QByteArray body;
    QJsonObject object; // the body as JSON when it is an object

    bool isSuccess() const { return status >= 200 && status < 300; }
    KubeStatus kubeStatus() const { return KubeStatus::fromResponse(status, body); }
};

class KubeClient
{
public:
    using Method = core::HttpRequest::Method;

    // Checks what kubectl checks before its first request (PEM data really is PEM).
    static Result<std::unique_ptr<KubeClient>> create(KubeConnection connection,
                                                      std::shared_ptr<core::HttpClient> http = {});
    ~KubeClient();

    const KubeConnection &connection() const { return m_connection; }
    // For tests with a fake clock (the exec plugin's expiry); null without an exec user.
    ExecCredentialPlugin *execPlugin() const { return m_exec.get(); }
    void setTimeoutMs(int ms) { m_timeoutMs = ms; }

    // Any HTTP status is a response; errors are transport or credential failures. A 401 with
    // an exec credential runs the plugin again and retries once (the credential may have been
    // revoked before its expiry).
    Result<KubeResponse> send(Method method, const QString &path, const core::HttpParams &query,
                              const QByteArray &body = {},
                              const QByteArray &contentType = "application/json",
                              int timeoutMs = 0) const; // 0: the client's timeout

    // A 2xx answer's object; otherwise an error "<what>: <code> <reason>: <message>" with the
    // Status's field causes, one per line.
    Result<QJsonObject> call(const QString &what, Method method, const QString &path,
                             const core::HttpParams &query = {}, const QByteArray &body = {},
                             const QByteArray &contentType = "application/json") const;

private:
    KubeClient() = default;
    Result<core::HttpOptions> options(int timeoutMs) const;

    KubeConnection m_connection;
    std::shared_ptr<core::HttpClient> m_http;
    std::unique_ptr<ExecCredentialPlugin> m_exec;
    int m_timeoutMs = 30'000;
};

} // namespace meshscope::chaos
