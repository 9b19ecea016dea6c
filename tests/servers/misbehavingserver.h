#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

#include <functional>
#include <memory>

namespace meshscope::tests {

// A loopback HTTP/1.1 server on 127.0.0.1 (free port) that misbehaves on purpose, on its own
// thread so that a test may block in a client call while it answers. Built-in routes:
//   /echo              200 JSON describing the request (method, path, query, body, headers)
//   /gzip              200 JSON sent with Content-Encoding: gzip
//   /slow, /slow/...   reads the request and never answers (timeouts, cancellation)
//   /hold?n=K          answers only once K /hold requests are pending at the same time
//   /status/NNN        status NNN, text/plain
//   /html              502 HTML page as a reverse proxy sends it
//   /text404           404 text/plain "404 page not found", as Prometheus for unknown paths
//   /truncated-json    200 application/json whose body stops mid-object
//   /close-mid-body    announces 10000 bytes, sends 100 and closes the connection
//   /big?bytes=N       200 chunked body of N bytes (no Content-Length)
//   /gzip-bomb         200 gzip body that inflates to 256 MiB of zeros (~250 KiB on the wire)
//   /deep?depth=N      200 JSON nested N arrays deep
//   /redirect-loop     302 to itself
// Tests add their own routes with setRoute(). Transport::Tls serves the same over HTTPS.
class MisbehavingServer
{
public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QByteArray query; // raw, still percent-encoded
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;

        QByteArray header(const QByteArray &name) const;
    };
    struct Reply
    {
        int status = 200;
        QByteArray contentType = "application/json";
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        bool chunked = false;
    };
    using Handler = std::function<Reply(const Request &)>;

    enum class Transport
    {
        Plain,
        Tls,
        MutualTls
    };

    // Tls: HTTPS with the self-signed certificate tlsCertificateFile() (CN and SAN 127.0.0.1).
    // MutualTls: also demands a client certificate issued by it (that same certificate and
    // tlsKeyFile() will do).
    // `port` 0: a free one (tests); else that port (the standalone jaeger-testserver), and
    // port() is 0 when it is taken.
    explicit MisbehavingServer(Transport transport = Transport::Plain, quint16 port = 0);
    ~MisbehavingServer();
    MisbehavingServer(const MisbehavingServer &) = delete;
    MisbehavingServer &operator=(const MisbehavingServer &) = delete;

    quint16 port() const;
    QUrl url(const QString &pathAndQuery) const;
    // Exact path match; replaces a built-in route of the same path.
    void setRoute(const QByteArray &path, Handler handler);

    int connectionsAccepted() const;
    int requestsReceived() const;
    QList<Request> requests() const;

    // The certificate a Tls server presents; as CA file it makes verification pass.
    static QString tlsCertificateFile();
    static QString tlsKeyFile();

    // A loopback port with nothing listening on it (bound once, then closed).
    static quint16 closedPort();

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace meshscope::tests
