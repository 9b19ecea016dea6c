#include "app/sim/metricsserver.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcSimApp, "meshscope.sim")

namespace meshscope::sim {

namespace {

// A request head longer than this is not a scrape: answered 400 rather than buffered forever.
constexpr qsizetype kMaxHeadBytes = 16 * 1024;

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    }
    return "Error";
}

const QByteArray kIndex = "<!DOCTYPE html>\n<html><head><title>meshscope-sim</title></head>\n"
                          "<body><h1>meshscope-sim</h1>\n"
                          "<p>Meshscope's demo mesh as Istio would expose it: "
                          "<a href=\"/metrics\">/metrics</a></p></body></html>\n";

} // namespace

MetricsServer::MetricsServer(Producer metrics, QByteArray contentType, QObject *parent)
    : QObject(parent), m_metrics(std::move(metrics)), m_contentType(std::move(contentType))
{
    connect(&m_server, &QTcpServer::newConnection, this, &MetricsServer::accept);
}

Result<void> MetricsServer::listen(const QHostAddress &address, quint16 port)
{
    if (!m_server.listen(address, port))
        return Result<void>::failure(QStringLiteral("cannot listen on %1:%2: %3")
                                         .arg(address.toString())
                                         .arg(port)
                                         .arg(m_server.errorString()));
    return {};
}

void MetricsServer::accept()
{
    while (QTcpSocket *socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { read(socket); });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    }
}

void MetricsServer::read(QTcpSocket *socket)
{
    if (socket->property("answered").toBool())
        return;
    QByteArray buffer = socket->property("head").toByteArray() + socket->readAll();
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        if (buffer.size() > kMaxHeadBytes)
            respond(socket, 400, "text/plain; charset=utf-8", "request head too long\n", false);
        else
            socket->setProperty("head", buffer);
        return;
    }
    const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1.")) {
        respond(socket, 400, "text/plain; charset=utf-8", "not an HTTP/1.x request\n", false);
        return;
    }
    const QByteArray &method = requestLine[0];
    const bool headOnly = method == "HEAD";
    if (method != "GET" && !headOnly) {
        respond(socket, 405, "text/plain; charset=utf-8", "only GET and HEAD\n", false);
        return;
    }
    QByteArray path = requestLine[1];
    if (const qsizetype q = path.indexOf('?'); q >= 0)
        path.truncate(q);
    if (path == "/metrics")
        respond(socket, 200, m_contentType, m_metrics(), headOnly);
    else if (path == "/-/healthy")
        respond(socket, 200, "text/plain; charset=utf-8", "meshscope-sim is Healthy.\n", headOnly);
    else if (path == "/")
        respond(socket, 200, "text/html; charset=utf-8", kIndex, headOnly);
    else
        respond(socket, 404, "text/plain; charset=utf-8", "404 page not found\n", headOnly);
}

void MetricsServer::respond(QTcpSocket *socket, int status, const QByteArray &contentType,
                            const QByteArray &body, bool head)
{
    socket->setProperty("answered", true);
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    if (status == 405)
        out += "Allow: GET, HEAD\r\n";
    out += "Content-Type: " + contentType +
           "\r\nContent-Length: " + QByteArray::number(body.size()) +
           "\r\nConnection: close\r\n\r\n";
    socket->write(out);
    if (!head)
        socket->write(body);
    // Closes once everything is written; the socket deletes itself on disconnected().
    socket->disconnectFromHost();
    qCDebug(lcSimApp) << status << body.size() << "bytes";
}

} // namespace meshscope::sim
