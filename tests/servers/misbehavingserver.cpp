#include "tests/servers/misbehavingserver.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>
#include <QUrlQuery>

#include <zlib.h>

#include <map>
#include <mutex>

namespace meshscope::tests {

namespace {

QByteArray gzip(const QByteArray &plain, qint64 zeroBytes = 0)
{
    z_stream z{};
    deflateInit2(&z, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY); // +16: gzip wrapper
    QByteArray out;
    char buffer[64 * 1024];
    auto pump = [&](const QByteArray &in, int flush) {
        z.next_in = reinterpret_cast<Bytef *>(const_cast<char *>(in.constData()));
        z.avail_in = uInt(in.size());
        do {
            z.next_out = reinterpret_cast<Bytef *>(buffer);
            z.avail_out = sizeof buffer;
            deflate(&z, flush);
            out.append(buffer, qsizetype(sizeof buffer - z.avail_out));
        } while (z.avail_out == 0);
    };
    pump(plain, Z_NO_FLUSH);
    // The bomb is fed in slices so the server never holds the inflated size in memory.
    const QByteArray zeros(1024 * 1024, '\0');
    for (qint64 fed = 0; fed < zeroBytes; fed += zeros.size())
        pump(zeros, Z_NO_FLUSH);
    pump(QByteArray(), Z_FINISH);
    deflateEnd(&z);
    return out;
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

int queryInt(const QByteArray &query, const QString &key, int fallback)
{
    bool ok = false;
    const int v = QUrlQuery(QString::fromLatin1(query)).queryItemValue(key).toInt(&ok);
    return ok ? v : fallback;
}

} // namespace

QByteArray MisbehavingServer::Request::header(const QByteArray &name) const
{
    for (const auto &[key, value] : headers)
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    return {};
}

class MisbehavingServer::Impl
{
public:
    QThread thread;
    QObject anchor;               // moved to `thread`: the context for work queued onto it
    QTcpServer *server = nullptr; // lives on `thread`
    quint16 port = 0;
    bool tls = false;

    mutable std::mutex mutex;
    std::map<QByteArray, Handler> routes;
    int connections = 0;
    QList<Request> seen;

    // Server thread only.
    QHash<QTcpSocket *, QByteArray> buffers;
    QList<QTcpSocket *> holding;

    void onConnection()
    {
        while (QTcpSocket *socket = server->nextPendingConnection()) {
            {
                std::lock_guard lock(mutex);
                ++connections;
            }
            QObject::connect(socket, &QTcpSocket::readyRead, server, [this, socket] {
                buffers[socket] += socket->readAll();
                serve(socket);
            });
            QObject::connect(socket, &QTcpSocket::disconnected, server, [this, socket] {
                buffers.remove(socket);
                holding.removeAll(socket);
                socket->deleteLater();
            });
        }
    }

    void serve(QTcpSocket *socket)
    {
        QByteArray &buffer = buffers[socket];
        for (;;) {
            const qsizetype end = buffer.indexOf("\r\n\r\n");
            if (end < 0)
                return;
            Request request;
            const QList<QByteArray> lines = buffer.left(end).split('\n');
            const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
            request.method = first.value(0);
            const QByteArray target = first.value(1);
            const qsizetype q = target.indexOf('?');
            request.path = q < 0 ? target : target.left(q);
            request.query = q < 0 ? QByteArray() : target.mid(q + 1);
            for (qsizetype i = 1; i < lines.size(); ++i) {
                const qsizetype colon = lines[i].indexOf(':');
                if (colon > 0)
                    request.headers.append(
                        {lines[i].left(colon).trimmed(), lines[i].mid(colon + 1).trimmed()});
            }
            const qsizetype length = request.header("Content-Length").toLongLong();
            if (buffer.size() < end + 4 + length)
                return; // the body is still on its way
            request.body = buffer.mid(end + 4, length);
            buffer.remove(0, end + 4 + length);
            Handler handler;
            {
                std::lock_guard lock(mutex);
                seen.append(request);
                auto it = routes.find(request.path);
                if (it != routes.end())
                    handler = it->second;
            }
            if (handler)
                send(socket, handler(request));
            else
                builtIn(socket, request);
            if (socket->state() != QAbstractSocket::ConnectedState)
                return;
        }
    }

    void builtIn(QTcpSocket *socket, const Request &request)
    {
        const QByteArray &path = request.path;
        if (path == "/slow" || path.startsWith("/slow/"))
            return; // never answer
        if (path == "/hold") {
            holding.append(socket);
            if (holding.size() >= queryInt(request.query, QStringLiteral("n"), 2)) {
                const QList<QTcpSocket *> ready = std::exchange(holding, {});
                for (QTcpSocket *s : ready)
                    send(s, Reply{200, "application/json", {}, R"({"held":true})", false});
            }
            return;
        }
        if (path == "/close-mid-body") {
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                          "Content-Length: 10000\r\n\r\n");
            socket->write(QByteArray(100, ' '));
            socket->flush();
            socket->disconnectFromHost();
            return;
        }
        send(socket, replyFor(request));
    }

    Reply replyFor(const Request &request)
    {
        const QByteArray &path = request.path;
        if (path == "/echo") {
            QJsonObject headers;
            for (const auto &[key, value] : request.headers)
                headers.insert(QString::fromLatin1(key.toLower()), QString::fromUtf8(value));
            QJsonObject o{{"method", QString::fromLatin1(request.method)},
                          {"path", QString::fromUtf8(request.path)},
                          {"query", QString::fromUtf8(request.query)},
                          {"body", QString::fromUtf8(request.body)},
                          {"headers", headers}};
            return Reply{200, "application/json", {}, QJsonDocument(o).toJson(), false};
        }
        if (path == "/gzip")
            return Reply{200,
                         "application/json",
                         {{"Content-Encoding", "gzip"}},
                         gzip(R"({"status":"success","data":{"compressed":true}})"),
                         false};
        if (path.startsWith("/status/")) {
            const int status = path.mid(8).toInt();
            return Reply{status, "text/plain", {}, "error " + QByteArray::number(status), false};
        }
        if (path == "/html")
            return Reply{502,
                         "text/html",
                         {},
                         "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
                         "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>"
                         "\r\n</body>\r\n</html>\r\n",
                         false};
        if (path == "/text404")
            return Reply{404, "text/plain; charset=utf-8", {}, "404 page not found", false};
        if (path == "/truncated-json")
            return Reply{
                200,
                "application/json",
                {},
                R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{)",
                false};
        if (path == "/big") {
            const int bytes = queryInt(request.query, QStringLiteral("bytes"), 1024);
            return Reply{200, "application/json", {}, QByteArray(bytes, 'x'), true};
        }
        if (path == "/gzip-bomb") {
            static const QByteArray bomb = gzip(QByteArray(), qint64(256) * 1024 * 1024);
            return Reply{200, "application/json", {{"Content-Encoding", "gzip"}}, bomb, false};
        }
        if (path == "/deep") {
            const int depth = queryInt(request.query, QStringLiteral("depth"), 100000);
            return Reply{200,
                         "application/json",
                         {},
                         QByteArray(depth, '[') + QByteArray(depth, ']'),
                         false};
        }
        if (path == "/redirect-loop")
            return Reply{302, "text/plain", {{"Location", "/redirect-loop"}}, "again", false};
        return Reply{404, "text/plain", {}, "no such test route: " + path, false};
    }

    void send(QTcpSocket *socket, const Reply &reply)
    {
        QByteArray head = "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' +
                          reasonPhrase(reply.status) + "\r\nContent-Type: " + reply.contentType +
                          "\r\n";
        for (const auto &[key, value] : reply.headers)
            head += key + ": " + value + "\r\n";
        if (reply.chunked) {
            socket->write(head + "Transfer-Encoding: chunked\r\n\r\n");
            constexpr qsizetype slice = 64 * 1024;
            for (qsizetype at = 0; at < reply.body.size(); at += slice) {
                const QByteArray part = reply.body.mid(at, slice);
                socket->write(QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n");
            }
            socket->write("0\r\n\r\n");
        } else {
            socket->write(head + "Content-Length: " + QByteArray::number(reply.body.size()) +
                          "\r\n\r\n" + reply.body);
        }
    }
};

MisbehavingServer::MisbehavingServer(Transport transport, quint16 port)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->tls = transport != Transport::Plain;
    const bool mutual = transport == Transport::MutualTls;
    m_impl->anchor.moveToThread(&m_impl->thread);
    m_impl->thread.start();
    QMetaObject::invokeMethod(
        &m_impl->anchor,
        [impl = m_impl.get(), mutual, port] {
            if (impl->tls) {
                auto *ssl = new QSslServer;
                QSslConfiguration config = QSslConfiguration::defaultConfiguration();
                QFile cert(tlsCertificateFile());
                QFile key(tlsKeyFile());
                if (cert.open(QIODevice::ReadOnly) && key.open(QIODevice::ReadOnly)) {
                    config.setLocalCertificate(QSslCertificate(&cert, QSsl::Pem));
                    config.setPrivateKey(QSslKey(&key, QSsl::Rsa, QSsl::Pem));
                }
                if (mutual) {
                    config.setCaCertificates(QSslCertificate::fromPath(tlsCertificateFile()));
                    config.setPeerVerifyMode(QSslSocket::VerifyPeer);
                }
                ssl->setSslConfiguration(config);
                impl->server = ssl;
            } else {
                impl->server = new QTcpServer;
            }
            // Emitted for plain connections at once and for TLS ones after the handshake.
            QObject::connect(impl->server, &QTcpServer::pendingConnectionAvailable, impl->server,
                             [impl] { impl->onConnection(); });
            impl->server->listen(QHostAddress::LocalHost, port);
            impl->port = impl->server->serverPort();
        },
        Qt::BlockingQueuedConnection);
}

MisbehavingServer::~MisbehavingServer()
{
    QMetaObject::invokeMethod(
        &m_impl->anchor, [impl = m_impl.get()] { delete impl->server; },
        Qt::BlockingQueuedConnection);
    m_impl->thread.quit();
    m_impl->thread.wait();
}

quint16 MisbehavingServer::port() const
{
    return m_impl->port;
}

QUrl MisbehavingServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("%1://127.0.0.1:%2%3")
                    .arg(m_impl->tls ? QStringLiteral("https") : QStringLiteral("http"))
                    .arg(m_impl->port)
                    .arg(pathAndQuery));
}

void MisbehavingServer::setRoute(const QByteArray &path, Handler handler)
{
    std::lock_guard lock(m_impl->mutex);
    m_impl->routes[path] = std::move(handler);
}

int MisbehavingServer::connectionsAccepted() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->connections;
}

int MisbehavingServer::requestsReceived() const
{
    std::lock_guard lock(m_impl->mutex);
    return int(m_impl->seen.size());
}

QList<MisbehavingServer::Request> MisbehavingServer::requests() const
{
    std::lock_guard lock(m_impl->mutex);
    return m_impl->seen;
}

QString MisbehavingServer::tlsCertificateFile()
{
    return QStringLiteral(MESHSCOPE_TESTSERVERS_DIR "/tls/localhost.crt");
}

QString MisbehavingServer::tlsKeyFile()
{
    return QStringLiteral(MESHSCOPE_TESTSERVERS_DIR "/tls/localhost.key");
}

quint16 MisbehavingServer::closedPort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    const quint16 port = probe.serverPort();
    probe.close();
    return port;
}

} // namespace meshscope::tests
