#pragma once

#include "tests/servers/serverprocess.h"

#include <QJsonArray>

namespace meshscope::tests {

// A real Alertmanager (Debian package `prometheus-alertmanager`) on a free loopback port, its
// data in a temporary directory, clustering off. The config routes everything to a receiver
// that notifies no one, and inhibits `severity="warning"` alerts of a namespace while a
// `NamespaceDown` alert of that namespace fires (so tests can see the inhibited state).
class AlertmanagerServer
{
public:
    struct Matcher
    {
        QString name;
        QString value;
        bool isRegex = false;
        bool isEqual = true;
    };

    AlertmanagerServer();

    meshscope::Result<void> start();
    QUrl url() const { return m_process.baseUrl(); }
    ServerProcess &process() { return m_process; }

    // POST /api/v2/alerts (postableAlert objects: labels, annotations, startsAt...).
    meshscope::Result<void> postAlerts(const QJsonArray &alerts);
    // POST /api/v2/silences for the next hour; returns the silence id.
    meshscope::Result<QString> createSilence(const QList<Matcher> &matchers,
                                             const QString &comment);

private:
    ServerProcess m_process;
};

} // namespace meshscope::tests
