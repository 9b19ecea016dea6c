#include "tests/servers/simprocess.h"

#include <QRegularExpression>

#include <csignal>
#include <sys/types.h>

namespace meshscope::testing {

SimProcess::~SimProcess()
{
    if (m_process.processId() > 0)
        ::kill(pid_t(m_process.processId()), SIGKILL);
    m_process.waitForFinished(10'000);
}

Result<QString> SimProcess::start(const QString &binary, const QString &mesh, int timeoutMs)
{
    m_process.start(binary,
                    {QStringLiteral("--mesh"), mesh, QStringLiteral("--seed"), QStringLiteral("7"),
                     QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0")});
    if (!m_process.waitForStarted())
        return Error{QStringLiteral("meshscope-sim did not start")};
    static const QRegularExpression listening(
        QStringLiteral("listening on (127\\.0\\.0\\.1:\\d+)"));
    QString out;
    for (int waited = 0; waited < timeoutMs && !out.contains(QLatin1Char('\n')); waited += 500) {
        if (m_process.state() != QProcess::Running)
            break;
        m_process.waitForReadyRead(500);
        out += QString::fromUtf8(m_process.readAllStandardOutput());
    }
    const auto m = listening.match(out);
    if (!m.hasMatch())
        return Error{QStringLiteral("no 'listening on' line: ") + out};
    return m.captured(1);
}

} // namespace meshscope::testing
