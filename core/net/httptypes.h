#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <atomic>
#include <memory>

namespace meshscope::core {

using HttpParams = QList<QPair<QString, QString>>;
using HttpHeaders = QList<QPair<QByteArray, QByteArray>>;

// How to reach one backend (a Prometheus, a Jaeger...): timeouts, caps, TLS and auth. Secrets
// live here as plain values only in memory; nothing in core/net ever logs them.
struct HttpOptions
{
    int connectTimeoutMs = 10'000;
    int totalTimeoutMs = 30'000; // the whole transfer, redirects included
    // Applied to the decompressed body, so a gzip bomb stops at the same size as a plain one.
    qint64 maxResponseBytes = qint64(64) * 1024 * 1024;
    int maxRedirects = 5;

    // TLS: verification is on unless `insecure` is set explicitly (the UI marks it in red).
    bool insecure = false;
    QString caFile;
    QString caDir;
    QString clientCertFile;
    QString clientKeyFile;
    // PEM held in memory (a kubeconfig's *-data fields), used instead of the files when set, so
    // a private key never has to be written to disk.
    QByteArray caPem;
    QByteArray clientCertPem;
    QByteArray clientKeyPem;
    // The name the server's certificate is checked against and sent as SNI, when it differs
    // from the URL's host (a kubeconfig's tls-server-name: an API server reached by IP or
    // through a tunnel). libcurl has no option for the name alone, so the transfer asks for
    // this name and CURLOPT_CONNECT_TO maps it to the URL's host and port; the Host header
    // keeps the URL's authority. Empty = the URL's host.
    QString tlsServerName;
    // http://, https:// or socks5:// proxy for this backend; empty = the environment's
    // http_proxy/https_proxy/no_proxy.
    QString proxyUrl;

    // Auth: a bearer token wins over basic auth when both are set.
    QString bearerToken;
    QString basicUser;
    QString basicPassword;

    // Sent on every request, e.g. X-Scope-OrgID for Mimir/Cortex tenants.
    HttpHeaders extraHeaders;
};

struct HttpRequest
{
    enum class Method
    {
        Get,
        Post,
        // For REST APIs (Kubernetes): the body is sent for Put and Patch, and for Delete when set.
        Put,
        Patch,
        Delete
    };

    Method method = Method::Get;
    QUrl url;
    HttpParams query; // appended to the URL, percent-encoded
    HttpParams form;  // POST body as application/x-www-form-urlencoded, percent-encoded
    QByteArray body;  // POST body sent as is when `form` is empty, typed by `contentType`
    QByteArray contentType = "application/octet-stream";
    HttpHeaders headers;
    HttpOptions options;

    static HttpRequest get(QUrl url, HttpParams query = {}, HttpOptions options = {});
    static HttpRequest postForm(QUrl url, HttpParams form, HttpOptions options = {});
    static HttpRequest postBody(QUrl url, QByteArray body, QByteArray contentType,
                                HttpOptions options = {});

    // The URL as shown in messages and logs: no user:password, no query string.
    QString displayUrl() const;
    QByteArray methodName() const; // "GET", "PATCH"…
};

struct HttpResponse
{
    int status = 0;
    QByteArray contentType; // as sent, e.g. "application/json; charset=utf-8"
    HttpHeaders headers;    // of the final response (after redirects), names as sent
    QByteArray body;        // decompressed
    QString url;            // display form of the URL that answered (after redirects)
    qint64 wireBytes = 0;   // bytes on the wire (compressed), for status bars
    qint64 elapsedMs = 0;

    bool isSuccess() const { return status >= 200 && status < 300; }
    bool isJson() const;
    // The first bytes of the body on one line, for error messages ("404 page not found").
    QString bodyExcerpt(int maxChars = 200) const;
};

// `k=v&k=v` with every key and value percent-encoded (RFC 3986 unreserved kept), so that `+` in
// PromQL arrives as `+` and not as a space (QUrlQuery leaves `+` literal).
QByteArray encodeParams(const HttpParams &params);

// Cancels a batch from any thread (a superseded refresh). Copies share one flag.
class CancelToken
{
public:
    CancelToken() : m_flag(std::make_shared<std::atomic_bool>(false)) {}
    void cancel() const { m_flag->store(true); }
    bool isCancelled() const { return m_flag->load(); }

private:
    std::shared_ptr<std::atomic_bool> m_flag;
};

} // namespace meshscope::core
