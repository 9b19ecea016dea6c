#include "chaos/kube/kubeclient.h"

#include "chaos/chaoslog_p.h"
#include "chaos/kube/execcredentialplugin.h"
#include "core/net/httpclient.h"

#include <QFile>
#include <QJsonDocument>

namespace meshscope::chaos {

namespace {

bool looksLikePem(const QByteArray &data)
{
    return data.contains("-----BEGIN ");
}

} // namespace

KubeClient::~KubeClient() = default;

Result<std::unique_ptr<KubeClient>> KubeClient::create(KubeConnection connection,
                                                       std::shared_ptr<core::HttpClient> http)
{
    const KubeCluster &c = connection.cluster;
    const KubeUser &u = connection.user;
    const QString ctx = connection.contextName;
    if (!c.caData.isEmpty() && !looksLikePem(c.caData))
        return Error{QStringLiteral("cluster '%1' (%2, context '%3'): "
                                    "certificate-authority-data does not decode to a PEM "
                                    "certificate")
                         .arg(c.name, c.file, ctx)};
    if (!u.clientCertData.isEmpty() && !looksLikePem(u.clientCertData))
        return Error{QStringLiteral("user '%1' (%2, context '%3'): client-certificate-data does "
                                    "not decode to a PEM certificate")
                         .arg(u.name, u.file, ctx)};
    if (!u.clientKeyData.isEmpty() && !looksLikePem(u.clientKeyData))
        return Error{QStringLiteral("user '%1' (%2, context '%3'): client-key-data does not "
                                    "decode to a PEM key")
                         .arg(u.name, u.file, ctx)};
    std::unique_ptr<KubeClient> client(new KubeClient);
    client->m_http = http ? std::move(http) : core::HttpClient::shared();
    if (u.exec)
        client->m_exec = std::make_unique<ExecCredentialPlugin>(*u.exec, c, u.name, ctx);
    client->m_connection = std::move(connection);
    return client;
}

Result<core::HttpOptions> KubeClient::options(int timeoutMs) const
{
    const KubeCluster &c = m_connection.cluster;
    const KubeUser &u = m_connection.user;
    core::HttpOptions o;
    o.totalTimeoutMs = timeoutMs > 0 ? timeoutMs : m_timeoutMs;
    o.maxRedirects = 0; // an API server does not redirect; a redirect would carry credentials
    o.insecure = c.insecure;
    o.caFile = c.caFile;
    o.caPem = c.caData;
    o.tlsServerName = c.tlsServerName;
    o.proxyUrl = c.proxyUrl;
    o.clientCertFile = u.clientCertFile;
    o.clientKeyFile = u.clientKeyFile;
    o.clientCertPem = u.clientCertData;
    o.clientKeyPem = u.clientKeyData;
    o.basicUser = u.username;
    o.basicPassword = u.password;
    if (!u.token.isEmpty()) {
        o.bearerToken = u.token;
    } else if (!u.tokenFile.isEmpty()) {
        // Re-read on every request: a projected service-account token rotates in place.
        QFile f(u.tokenFile);
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("user '%1' (%2): cannot read user.tokenFile %3: %4")
                             .arg(u.name, u.file, u.tokenFile, f.errorString())};
        o.bearerToken = QString::fromUtf8(f.readAll().trimmed());
        if (o.bearerToken.isEmpty())
            return Error{QStringLiteral("user '%1' (%2): user.tokenFile %3 is empty")
                             .arg(u.name, u.file, u.tokenFile)};
    }
    if (m_exec) {
        auto cred = m_exec->credential();
        if (!cred)
            return Error{cred.error()};
        if (!cred->token.isEmpty())
            o.bearerToken = cred->token;
        if (!cred->clientCertPem.isEmpty()) {
            o.clientCertFile.clear();
            o.clientKeyFile.clear();
            o.clientCertPem = cred->clientCertPem;
            o.clientKeyPem = cred->clientKeyPem;
        }
    }
    return o;
}

Result<KubeResponse> KubeClient::send(Method method, const QString &path,
                                      const core::HttpParams &query, const QByteArray &body,
                                      const QByteArray &contentType, int timeoutMs) const
{
    for (int attempt = 0;; ++attempt) {
        auto opts = options(timeoutMs);
        if (!opts)
            return Error{opts.error()};
        core::HttpRequest request;
        request.method = method;
        QUrl url = m_connection.server;
        url.setPath(url.path().chopped(url.path().endsWith(QLatin1Char('/')) ? 1 : 0) + path);
        request.url = url;
        request.query = query;
        request.body = body;
        request.contentType = contentType;
        request.options = *opts;
        auto reply = m_http->fetch(request);
        if (!reply)
            return Error{reply.error()};
        if (reply->status == 401 && m_exec && attempt == 0) {
            m_exec->invalidate();
            continue;
        }
        KubeResponse r;
        r.status = reply->status;
        r.body = reply->body;
        r.object = QJsonDocument::fromJson(r.body).object();
        return r;
    }
}

Result<QJsonObject> KubeClient::call(const QString &what, Method method, const QString &path,
                                     const core::HttpParams &query, const QByteArray &body,
                                     const QByteArray &contentType) const
{
    auto r = send(method, path, query, body, contentType);
    if (!r)
        return Error{QStringLiteral("%1: %2").arg(what, r.error())};
    if (!r->isSuccess())
        return Error{QStringLiteral("%1: %2").arg(what, r->kubeStatus().text())};
    return r->object;
}

} // namespace meshscope::chaos
