#include "chaos/experiment/syntheticprobe.h"

#include "core/net/httpclient.h"

#include <QElapsedTimer>
#include <QUrl>

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace meshscope::chaos {

namespace {

// Non-blocking connect bounded by timeoutMs; empty on success, else what went wrong.
QString tcpConnect(const QString &host, int port, int timeoutMs)
{
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo *found = nullptr;
    const QByteArray service = QByteArray::number(port);
    if (const int rc =
            ::getaddrinfo(host.toUtf8().constData(), service.constData(), &hints, &found);
        rc != 0)
        return QStringLiteral("cannot resolve %1: %2")
            .arg(host, QString::fromUtf8(gai_strerror(rc)));
    QString error = QStringLiteral("no address for %1").arg(host);
    for (addrinfo *a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0)
            continue;
        ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            pollfd p{fd, POLLOUT, 0};
            rc = ::poll(&p, 1, timeoutMs);
            if (rc == 1) {
                int soError = 0;
                socklen_t len = sizeof soError;
                ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &len);
                rc = soError == 0 ? 0 : -1;
                errno = soError;
            } else {
                errno = rc == 0 ? ETIMEDOUT : errno;
                rc = -1;
            }
        }
        const int savedErrno = errno;
        ::close(fd);
        if (rc == 0) {
            ::freeaddrinfo(found);
            return {};
        }
        error = QStringLiteral("tcp://%1:%2: %3")
                    .arg(host)
                    .arg(port)
                    .arg(QString::fromLocal8Bit(std::strerror(savedErrno)));
    }
    ::freeaddrinfo(found);
    return error;
}

} // namespace

ProbeResult SyntheticProbe::run(const QString &url, int timeoutMs)
{
    ProbeResult r;
    r.url = url;
    QElapsedTimer timer;
    timer.start();
    const QUrl u(url);
    if (u.scheme() == QLatin1String("tcp")) {
        r.error = tcpConnect(u.host(), u.port(-1), timeoutMs);
        r.success = r.error.isEmpty();
    } else {
        core::HttpOptions options;
        options.connectTimeoutMs = timeoutMs;
        options.totalTimeoutMs = timeoutMs;
        auto response = core::HttpClient::shared()->fetch(core::HttpRequest::get(u, {}, options));
        if (!response)
            r.error = response.error();
        else if (response->status >= 400)
            r.error = QStringLiteral("%1 answered %2").arg(url).arg(response->status);
        r.success = response && response->status >= 200 && response->status < 400;
    }
    r.latencyMs = double(timer.nsecsElapsed()) / 1e6;
    return r;
}

} // namespace meshscope::chaos
