#pragma once

#include "core/result.h"

#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>
#include <QUrl>

namespace meshscope::tests {

// A real server binary run by a test: on 127.0.0.1 with a free port, data and log in a fresh
// temporary directory, killed by PID when this object goes away (also when the test fails or
// throws) and, on Linux, by the kernel when the test process itself dies.
class ServerProcess
{
public:
    // `debianPackage` is named in the error when `program` is not installed.
    ServerProcess(QString program, QString debianPackage);
    ~ServerProcess();
    ServerProcess(const ServerProcess &) = delete;
    ServerProcess &operator=(const ServerProcess &) = delete;

    quint16 port() const { return m_port; }
    QString dir() const { return m_dir.path(); } // for config files and data
    QUrl baseUrl() const;
    qint64 pid() const { return m_process.processId(); }

    // Starts the program and waits until GET `readyPath` answers 200. The error says which
    // package to install, or why the server did not come up (with the end of its log).
    meshscope::Result<void> start(const QStringList &arguments, const QString &readyPath,
                                  int timeoutMs = 60'000);
    void stop();
    QString logTail(int lines = 15) const;

    // A loopback port that was free a moment ago.
    static quint16 freePort();

private:
    QString m_program;
    QString m_package;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QProcess m_process;
};

} // namespace meshscope::tests
