#include "core/alerts/alertmanagerclient.h"

#include "core/alerts/alertparser.h"

namespace meshscope::core {

namespace {

QString flag(bool on)
{
    return on ? QStringLiteral("true") : QStringLiteral("false");
}

} // namespace

AlertmanagerClient::AlertmanagerClient(AlertmanagerEndpoint endpoint,
                                       std::shared_ptr<HttpClient> http)
    : m_endpoint(std::move(endpoint)), m_http(std::move(http))
{
}

HttpRequest AlertmanagerClient::alertsRequest(const AlertFilter &filter) const
{
    QUrl url = m_endpoint.baseUrl;
    QString path = url.path();
    while (path.endsWith(QLatin1Char('/')))
        path.chop(1);
    url.setPath(path + QStringLiteral("/api/v2/alerts"));
    HttpParams params{{QStringLiteral("active"), flag(filter.active)},
                      {QStringLiteral("silenced"), flag(filter.silenced)},
                      {QStringLiteral("inhibited"), flag(filter.inhibited)},
                      {QStringLiteral("unprocessed"), flag(filter.unprocessed)}};
    for (const QString &m : filter.matchers)
        params.append({QStringLiteral("filter"), m});
    if (!filter.receiver.isEmpty())
        params.append({QStringLiteral("receiver"), filter.receiver});
    return HttpRequest::get(url, params, m_endpoint.http);
}

Result<std::vector<Alert>> AlertmanagerClient::alerts(const AlertFilter &filter,
                                                      const CancelToken &cancel) const
{
    const auto r = m_http->fetch(alertsRequest(filter), cancel);
    if (!r)
        return Error{r.error()};
    return AlertParser::parseAlerts(*r);
}

} // namespace meshscope::core
