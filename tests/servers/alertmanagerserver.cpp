#include "tests/servers/alertmanagerserver.h"

#include "core/net/httpclient.h"

#include <QDateTime>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

namespace meshscope::tests {

namespace {

QUrl apiUrl(QUrl base, const QString &path)
{
    base.setPath(path);
    return base;
}

} // namespace

AlertmanagerServer::AlertmanagerServer()
    : m_process(QStringLiteral("prometheus-alertmanager"),
                QStringLiteral("prometheus-alertmanager"))
{
}

meshscope::Result<void> AlertmanagerServer::start()
{
    const QString config = QStringLiteral("route:\n"
                                          "  receiver: nobody\n"
                                          "  group_wait: 0s\n"
                                          "receivers:\n"
                                          "  - name: nobody\n"
                                          "inhibit_rules:\n"
                                          "  - source_matchers: ['alertname=\"NamespaceDown\"']\n"
                                          "    target_matchers: ['severity=\"warning\"']\n"
                                          "    equal: [namespace]\n");
    const QString configPath = m_process.dir() + QStringLiteral("/alertmanager.yml");
    QFile file(configPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(config.toUtf8()) < 0)
        return meshscope::Error{QStringLiteral("could not write %1").arg(configPath)};
    file.close();
    return m_process.start(
        {QStringLiteral("--config.file=") + configPath,
         QStringLiteral("--storage.path=") + m_process.dir() + QStringLiteral("/data"),
         QStringLiteral("--web.listen-address=127.0.0.1:%1").arg(m_process.port()),
         // No gossip port: tests run side by side, and one instance needs no peers.
         QStringLiteral("--cluster.listen-address="), QStringLiteral("--log.level=warn")},
        QStringLiteral("/-/ready"));
}

meshscope::Result<void> AlertmanagerServer::postAlerts(const QJsonArray &alerts)
{
    const auto r = core::HttpClient::shared()->fetch(core::HttpRequest::postBody(
        apiUrl(url(), QStringLiteral("/api/v2/alerts")),
        QJsonDocument(alerts).toJson(QJsonDocument::Compact), "application/json"));
    if (!r)
        return meshscope::Error{r.error()};
    if (!r->isSuccess())
        return meshscope::Error{
            QStringLiteral("POST alerts: HTTP %1: %2").arg(r->status).arg(r->bodyExcerpt())};
    return {};
}

meshscope::Result<QString> AlertmanagerServer::createSilence(const QList<Matcher> &matchers,
                                                             const QString &comment)
{
    QJsonArray m;
    for (const Matcher &matcher : matchers)
        m.append(QJsonObject{{"name", matcher.name},
                             {"value", matcher.value},
                             {"isRegex", matcher.isRegex},
                             {"isEqual", matcher.isEqual}});
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QJsonObject silence{{"matchers", m},
                              {"startsAt", now.addSecs(-1).toString(Qt::ISODateWithMs)},
                              {"endsAt", now.addSecs(3600).toString(Qt::ISODateWithMs)},
                              {"createdBy", "meshscope tests"},
                              {"comment", comment}};
    const auto r = core::HttpClient::shared()->fetch(core::HttpRequest::postBody(
        apiUrl(url(), QStringLiteral("/api/v2/silences")),
        QJsonDocument(silence).toJson(QJsonDocument::Compact), "application/json"));
    if (!r)
        return meshscope::Error{r.error()};
    if (!r->isSuccess())
        return meshscope::Error{
            QStringLiteral("POST silence: HTTP %1: %2").arg(r->status).arg(r->bodyExcerpt())};
    return QJsonDocument::fromJson(r->body).object().value("silenceID").toString();
}

} // namespace meshscope::tests
