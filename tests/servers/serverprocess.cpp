#include "tests/servers/serverprocess.h"

#include "core/net/httpclient.h"

#include <QDeadlineTimer>
#include <QFile>
#include <QStandardPaths>
#include <QTcpServer>

#ifdef Q_OS_LINUX
#include <csignal>
#include <sys/prctl.h>
#endif

namespace meshscope::tests {

ServerProcess::ServerProcess(QString program, QString debianPackage)
    : m_program(std::move(program)), m_package(std::move(debianPackage)), m_port(freePort())
{
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.setStandardOutputFile(m_dir.filePath(QStringLiteral("server.log")));
#ifdef Q_OS_LINUX
    // If the test binary crashes or is killed, the server goes with it.
    m_process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGKILL); });
#endif
}

ServerProcess::~ServerProcess()
{
    stop();
}

QUrl ServerProcess::baseUrl() const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
}

quint16 ServerProcess::freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

meshscope::Result<void> ServerProcess::start(const QStringList &arguments, const QString &readyPath,
                                             int timeoutMs)
{
    const QString binary = QStandardPaths::findExecutable(m_program);
    if (binary.isEmpty())
        return meshscope::Error{QStringLiteral("'%1' is not installed: install the Debian "
                                               "package '%2' (scripts/deps.sh --test does)")
                                    .arg(m_program, m_package)};
    if (!m_dir.isValid())
        return meshscope::Error{QStringLiteral("could not create a temporary directory")};
    m_process.start(binary, arguments);
    if (!m_process.waitForStarted(10'000))
        return meshscope::Error{
            QStringLiteral("%1 did not start: %2").arg(binary, m_process.errorString())};

    core::HttpClient http;
    core::HttpOptions quick;
    quick.totalTimeoutMs = 2000;
    QUrl ready = baseUrl();
    ready.setPath(readyPath);
    const QDeadlineTimer deadline(timeoutMs);
    QString last;
    while (!deadline.hasExpired()) {
        auto r = http.fetch(core::HttpRequest::get(ready, {}, quick));
        if (r && r->status == 200)
            return {};
        last = r ? QStringLiteral("HTTP %1").arg(r->status) : r.error();
        // Waits between probes, and returns at once if the server died.
        if (m_process.waitForFinished(200))
            return meshscope::Error{QStringLiteral("%1 exited with code %2 before it was ready; "
                                                   "its log ends with:\n%3")
                                        .arg(binary)
                                        .arg(m_process.exitCode())
                                        .arg(logTail())};
    }
    return meshscope::Error{QStringLiteral("%1 was not ready at %2 within %3 s (last: %4); its "
                                           "log ends with:\n%5")
                                .arg(binary, ready.toString())
                                .arg(timeoutMs / 1000)
                                .arg(last, logTail())};
}

void ServerProcess::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill(); // SIGKILL to our child's PID: nothing to flush, the data dir is temporary
    m_process.waitForFinished(10'000);
}

QString ServerProcess::logTail(int lines) const
{
    QFile log(m_dir.filePath(QStringLiteral("server.log")));
    if (!log.open(QIODevice::ReadOnly))
        return QString();
    const QStringList all = QString::fromUtf8(log.readAll()).split(u'\n');
    return all.mid(std::max<qsizetype>(0, all.size() - lines)).join(u'\n');
}

} // namespace meshscope::tests
