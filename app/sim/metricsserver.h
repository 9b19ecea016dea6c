#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include <functional>

class QTcpSocket;

namespace meshscope::sim {

// The smallest HTTP/1.1 server a Prometheus scrape needs: GET (and HEAD) of /metrics, /-/healthy
// and /, one request per connection (answered with Connection: close), 404 elsewhere, 405 for
// other methods, 400 for what is not HTTP. Runs on the thread that owns it (the main one):
// formatting is fast enough not to need a worker.
class MetricsServer : public QObject
{
    Q_OBJECT

public:
    using Producer = std::function<QByteArray()>;

    // `metrics` is called for every GET /metrics; `contentType` goes with its answer.
    MetricsServer(Producer metrics, QByteArray contentType, QObject *parent = nullptr);

    // The error names the address and why (e.g. "address already in use").
    Result<void> listen(const QHostAddress &address, quint16 port);
    quint16 port() const { return m_server.serverPort(); }
    QHostAddress address() const { return m_server.serverAddress(); }

private:
    void accept();
    void read(QTcpSocket *socket);
    void respond(QTcpSocket *socket, int status, const QByteArray &contentType,
                 const QByteArray &body, bool head);

    QTcpServer m_server;
    Producer m_metrics;
    QByteArray m_contentType;
};

} // namespace meshscope::sim
