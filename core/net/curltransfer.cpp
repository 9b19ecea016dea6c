#include "core/net/curltransfer_p.h"

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcNet) // defined in httpclient.cpp: one category for the transport

namespace meshscope::core {

namespace {

QString formatBytes(qint64 bytes)
{
    if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0)
        return QStringLiteral("%1 MiB").arg(bytes / (1024 * 1024));
    if (bytes >= 1024 && bytes % 1024 == 0)
        return QStringLiteral("%1 KiB").arg(bytes / 1024);
    return QStringLiteral("%1 bytes").arg(bytes);
}

QString formatSeconds(int ms)
{
    return ms % 1000 == 0 ? QStringLiteral("%1 s").arg(ms / 1000)
                          : QStringLiteral("%1 s").arg(ms / 1000.0, 0, 'f', 1);
}

void setText(CURL *easy, CURLoption option, const QString &value)
{
    if (!value.isEmpty())
        curl_easy_setopt(easy, option, value.toUtf8().constData()); // curl copies strings
}

} // namespace

CurlTransfer::~CurlTransfer()
{
    if (m_easy)
        curl_easy_cleanup(m_easy);
    if (m_headerList)
        curl_slist_free_all(m_headerList);
    if (m_connectTo)
        curl_slist_free_all(m_connectTo);
}

Result<std::unique_ptr<CurlTransfer>> CurlTransfer::create(const HttpRequest &request)
{
    std::unique_ptr<CurlTransfer> t(new CurlTransfer);
    t->m_request = request;
    t->m_response.url = request.displayUrl();
    const QString scheme = request.url.scheme().toLower();
    if (!request.url.isValid() || (scheme != u"http" && scheme != u"https") ||
        request.url.host().isEmpty())
        return Error{QStringLiteral("Not a usable http(s) URL: '%1'").arg(request.displayUrl())};

    t->m_easy = curl_easy_init();
    if (!t->m_easy)
        return Error{QStringLiteral("Could not set up a transfer for %1").arg(t->m_response.url)};
    CURL *e = t->m_easy;
    const HttpOptions &o = request.options;

    QUrl url = request.url;
    HttpHeaders headers = o.extraHeaders;
    if (!o.tlsServerName.isEmpty() && scheme == u"https" && o.tlsServerName != url.host()) {
        // SNI and the certificate check follow the URL's host in libcurl: ask for the server
        // name and connect to where the URL points.
        const int port = url.port(443);
        const auto bracketed = [](const QString &h) {
            return h.contains(QLatin1Char(':')) ? QLatin1Char('[') + h + QLatin1Char(']') : h;
        };
        const QString authority =
            bracketed(url.host()) +
            (url.port() == -1 ? QString() : QLatin1Char(':') + QString::number(port));
        const QByteArray mapping = QStringLiteral("%1:%2:%3:%2")
                                       .arg(bracketed(o.tlsServerName))
                                       .arg(port)
                                       .arg(bracketed(url.host()))
                                       .toUtf8();
        t->m_connectTo = curl_slist_append(nullptr, mapping.constData());
        curl_easy_setopt(e, CURLOPT_CONNECT_TO, t->m_connectTo);
        headers.append(qMakePair(QByteArray("Host"), authority.toUtf8()));
        url.setHost(o.tlsServerName);
    }
    t->m_urlBytes = url.toEncoded(QUrl::RemoveFragment);
    if (!request.query.isEmpty())
        t->m_urlBytes += (request.url.hasQuery() ? '&' : '?') + encodeParams(request.query);
    curl_easy_setopt(e, CURLOPT_URL, t->m_urlBytes.constData());
    curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(e, CURLOPT_ERRORBUFFER, t->m_errorBuffer);
    curl_easy_setopt(e, CURLOPT_PRIVATE, t.get());
    curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, &CurlTransfer::onWrite);
    curl_easy_setopt(e, CURLOPT_WRITEDATA, t.get());
    curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, &CurlTransfer::onHeader);
    curl_easy_setopt(e, CURLOPT_HEADERDATA, t.get());
    curl_easy_setopt(e, CURLOPT_PREREQFUNCTION, &CurlTransfer::onConnected);
    curl_easy_setopt(e, CURLOPT_PREREQDATA, t.get());
    // "" = every encoding this libcurl can decode; the write callback sees decoded bytes.
    curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
    curl_easy_setopt(e, CURLOPT_HTTP_VERSION, long(CURL_HTTP_VERSION_2TLS));
    curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, long(o.connectTimeoutMs));
    curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, long(o.totalTimeoutMs));
    curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, o.maxRedirects > 0 ? 1L : 0L);
    curl_easy_setopt(e, CURLOPT_MAXREDIRS, long(o.maxRedirects));
    if (o.maxResponseBytes > 0)
        curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, curl_off_t(o.maxResponseBytes));

    curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, o.insecure ? 0L : 1L);
    curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, o.insecure ? 0L : 2L);
    setText(e, CURLOPT_CAINFO, o.caFile);
    setText(e, CURLOPT_CAPATH, o.caDir);
    setText(e, CURLOPT_SSLCERT, o.clientCertFile);
    setText(e, CURLOPT_SSLKEY, o.clientKeyFile);
    const auto setBlob = [e](CURLoption option, const QByteArray &pem) {
        if (pem.isEmpty())
            return;
        curl_blob blob{const_cast<char *>(pem.constData()), size_t(pem.size()), CURL_BLOB_COPY};
        curl_easy_setopt(e, option, &blob);
    };
    setBlob(CURLOPT_CAINFO_BLOB, o.caPem);
    setBlob(CURLOPT_SSLCERT_BLOB, o.clientCertPem);
    setBlob(CURLOPT_SSLKEY_BLOB, o.clientKeyPem);
    if (!o.clientCertPem.isEmpty())
        curl_easy_setopt(e, CURLOPT_SSLCERTTYPE, "PEM");
    // Through curl's auth options rather than a raw header: curl then drops the credentials
    // when a redirect leads to another host.
    if (!o.bearerToken.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, long(CURLAUTH_BEARER));
        setText(e, CURLOPT_XOAUTH2_BEARER, o.bearerToken);
    } else if (!o.basicUser.isEmpty()) {
        curl_easy_setopt(e, CURLOPT_HTTPAUTH, long(CURLAUTH_BASIC));
        setText(e, CURLOPT_USERNAME, o.basicUser);
        setText(e, CURLOPT_PASSWORD, o.basicPassword);
    }
    // Proxy: libcurl reads http_proxy/https_proxy/no_proxy from the environment by default.
    setText(e, CURLOPT_PROXY, o.proxyUrl);

    headers += request.headers;
    using Method = HttpRequest::Method;
    if (request.method != Method::Get && request.method != Method::Post)
        curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, request.methodName().constData());
    const bool hasBody = request.method == Method::Post || request.method == Method::Put ||
                         request.method == Method::Patch ||
                         (request.method == Method::Delete && !request.body.isEmpty());
    if (hasBody) {
        const bool isForm =
            request.method == Method::Post && (!request.form.isEmpty() || request.body.isEmpty());
        t->m_postBody = isForm ? encodeParams(request.form) : request.body;
        curl_easy_setopt(e, CURLOPT_POST, 1L);
        curl_easy_setopt(e, CURLOPT_POSTFIELDS, t->m_postBody.constData());
        curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(t->m_postBody.size()));
        headers.append(qMakePair(QByteArray("Content-Type"),
                                 isForm ? QByteArray("application/x-www-form-urlencoded")
                                        : request.contentType));
        // No 100-continue round trip: bodies here are small forms.
        headers.append(qMakePair(QByteArray("Expect"), QByteArray()));
    }
    headers.append(qMakePair(QByteArray("Accept"), QByteArray("application/json")));
    for (const auto &[name, value] : headers) {
        // "Name;" is curl's way to send a header with an empty value; "Name:" would drop it.
        const QByteArray line = value.isEmpty() && name != "Expect"
                                    ? QByteArray(name + ';')
                                    : QByteArray(name + ": " + value);
        t->m_headerList = curl_slist_append(t->m_headerList, line.constData());
    }
    curl_easy_setopt(e, CURLOPT_HTTPHEADER, t->m_headerList);
    t->m_timer.start();
    return t;
}

size_t CurlTransfer::onWrite(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const qint64 len = qint64(size * count);
    const qint64 cap = t->m_request.options.maxResponseBytes;
    if (cap > 0 && t->m_response.body.size() + len > cap) {
        t->m_capExceeded = true;
        return 0; // aborts the transfer with CURLE_WRITE_ERROR
    }
    t->m_response.body.append(data, len);
    return size_t(len);
}

size_t CurlTransfer::onHeader(char *data, size_t size, size_t count, void *self)
{
    auto *t = static_cast<CurlTransfer *>(self);
    const QByteArray line = QByteArray(data, qsizetype(size * count)).trimmed();
    if (line.startsWith("HTTP/")) {
        t->m_response.headers.clear(); // a new response: after a redirect or a 100 Continue
    } else if (const qsizetype colon = line.indexOf(':'); colon > 0) {
        t->m_response.headers.append({line.left(colon).trimmed(), line.mid(colon + 1).trimmed()});
    }
    return size * count;
}

int CurlTransfer::onConnected(void *self, char *, char *, int, int)
{
    static_cast<CurlTransfer *>(self)->m_connected = true; // also for a reused connection
    return CURL_PREREQFUNC_OK;
}

Result<HttpResponse> CurlTransfer::finish(CURLcode code)
{
    m_response.elapsedMs = m_timer.elapsed();
    if (code != CURLE_OK) {
        const QString message = describeFailure(code);
        qCDebug(lcNet).noquote() << "failed:" << message;
        return Error{message};
    }
    long status = 0;
    curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
    m_response.status = int(status);
    char *type = nullptr;
    if (curl_easy_getinfo(m_easy, CURLINFO_CONTENT_TYPE, &type) == CURLE_OK && type)
        m_response.contentType = QByteArray(type);
    char *effective = nullptr;
    if (curl_easy_getinfo(m_easy, CURLINFO_EFFECTIVE_URL, &effective) == CURLE_OK && effective)
        m_response.url = QUrl(QString::fromUtf8(effective))
                             .toDisplayString(QUrl::RemoveUserInfo | QUrl::RemoveQuery);
    curl_off_t wire = 0;
    curl_easy_getinfo(m_easy, CURLINFO_SIZE_DOWNLOAD_T, &wire);
    m_response.wireBytes = qint64(wire);
    qCDebug(lcNet).noquote() << m_request.methodName() << m_response.url << "->"
                             << m_response.status << "in" << m_response.elapsedMs << "ms,"
                             << m_response.body.size() << "bytes";
    return std::move(m_response);
}

QString CurlTransfer::cancelledMessage() const
{
    return QStringLiteral("Request to %1 was cancelled (a newer refresh superseded it)")
        .arg(m_request.displayUrl());
}

QString CurlTransfer::describeFailure(CURLcode code) const
{
    const QString url = m_request.displayUrl();
    const QString detail = m_errorBuffer[0] ? QString::fromUtf8(m_errorBuffer)
                                            : QString::fromUtf8(curl_easy_strerror(code));
    const HttpOptions &o = m_request.options;
    switch (code) {
    case CURLE_COULDNT_RESOLVE_HOST:
        return QStringLiteral("Could not resolve host '%1' (DNS lookup failed) for %2")
            .arg(m_request.url.host(), url);
    case CURLE_COULDNT_RESOLVE_PROXY:
        return QStringLiteral("Could not resolve the proxy for %1 (check the http_proxy / "
                              "https_proxy environment variables): %2")
            .arg(url, detail);
    case CURLE_COULDNT_CONNECT:
        return QStringLiteral("Could not connect to %1: connection refused or host unreachable "
                              "(%2). Is the server running on that port?")
            .arg(url, detail);
    case CURLE_OPERATION_TIMEDOUT: {
        if (!m_connected)
            return QStringLiteral("Timed out connecting to %1 (no connection within %2)")
                .arg(url, formatSeconds(std::min(o.connectTimeoutMs, o.totalTimeoutMs)));
        return QStringLiteral("Timed out: %1 did not answer completely within %2 "
                              "(%3 received)")
            .arg(url, formatSeconds(o.totalTimeoutMs), formatBytes(m_response.body.size()));
    }
    case CURLE_FILESIZE_EXCEEDED:
        return QStringLiteral("The answer from %1 is larger than the size cap of %2 (announced "
                              "by the server); transfer aborted")
            .arg(url, formatBytes(o.maxResponseBytes));
    case CURLE_WRITE_ERROR:
        if (m_capExceeded)
            return QStringLiteral("The answer from %1 is larger than the size cap of %2 (after "
                                  "decompression); transfer aborted")
                .arg(url, formatBytes(o.maxResponseBytes));
        break;
    case CURLE_TOO_MANY_REDIRECTS:
        return QStringLiteral("%1 redirected more than %2 times (a redirect loop?); gave up")
            .arg(url)
            .arg(o.maxRedirects);
    case CURLE_PARTIAL_FILE: {
        curl_off_t expected = -1;
        curl_easy_getinfo(m_easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &expected);
        return QStringLiteral("The connection to %1 closed before the whole body arrived "
                              "(%2 of %3 received)")
            .arg(url, formatBytes(m_response.body.size()),
                 expected >= 0 ? formatBytes(qint64(expected)) : QStringLiteral("?"));
    }
    case CURLE_GOT_NOTHING:
        return QStringLiteral("%1 closed the connection without sending an answer").arg(url);
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return QStringLiteral("The connection to %1 broke (%2 received so far): %3")
            .arg(url, formatBytes(m_response.body.size()), detail);
    case CURLE_BAD_CONTENT_ENCODING:
        return QStringLiteral("The body from %1 does not decompress as its Content-Encoding "
                              "says: %2")
            .arg(url, detail);
    case CURLE_PEER_FAILED_VERIFICATION:
        return QStringLiteral("The TLS certificate of %1 could not be verified (%2). Set the CA "
                              "file of this connection, or only for testing turn on 'insecure'")
            .arg(url, detail);
    case CURLE_SSL_CONNECT_ERROR:
        return QStringLiteral("TLS handshake with %1 failed: %2").arg(url, detail);
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
        return QStringLiteral("Could not use the certificate files configured for %1: %2")
            .arg(url, detail);
    default:
        break;
    }
    return QStringLiteral("Request to %1 failed: %2").arg(url, detail);
}

} // namespace meshscope::core
