#include "core/prometheus/prometheusclient.h"

#include "core/prometheus/prometheusparser.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcPrometheus, "meshscope.core.prometheus")

namespace meshscope::core {

namespace {

// The API takes Unix seconds with decimals; ms keep the 3-digit fraction it prints back.
QString seconds(qint64 ms)
{
    return QString::number(double(ms) / 1000.0, 'f', 3);
}

QString boolParam(bool v)
{
    return v ? QStringLiteral("true") : QStringLiteral("false");
}

} // namespace

PrometheusClient::PrometheusClient(PrometheusEndpoint endpoint, std::shared_ptr<HttpClient> http)
    : m_endpoint(std::move(endpoint)), m_http(std::move(http))
{
}

QUrl PrometheusClient::apiUrl(const QString &path) const
{
    QUrl url = m_endpoint.baseUrl;
    QString prefix = url.path();
    while (prefix.endsWith(u'/'))
        prefix.chop(1);
    url.setPath(prefix + path);
    return url;
}

HttpParams PrometheusClient::queryParams(const QString &query) const
{
    HttpParams params{{QStringLiteral("query"), query}};
    if (m_endpoint.partialResponse)
        params.append({QStringLiteral("partial_response"), boolParam(*m_endpoint.partialResponse)});
    if (m_endpoint.dedup)
        params.append({QStringLiteral("dedup"), boolParam(*m_endpoint.dedup)});
    params += m_endpoint.extraParams;
    return params;
}

HttpRequest PrometheusClient::instantQueryRequest(const QString &query,
                                                  std::optional<qint64> timeMs) const
{
    HttpParams params = queryParams(query);
    if (timeMs)
        params.append({QStringLiteral("time"), seconds(*timeMs)});
    return HttpRequest::postForm(apiUrl(QStringLiteral("/api/v1/query")), params, m_endpoint.http);
}

HttpRequest PrometheusClient::rangeQueryRequest(const QString &query, qint64 startMs, qint64 endMs,
                                                qint64 stepMs) const
{
    HttpParams params = queryParams(query);
    params.append({QStringLiteral("start"), seconds(startMs)});
    params.append({QStringLiteral("end"), seconds(endMs)});
    params.append({QStringLiteral("step"), seconds(stepMs)});
    return HttpRequest::postForm(apiUrl(QStringLiteral("/api/v1/query_range")), params,
                                 m_endpoint.http);
}

HttpRequest PrometheusClient::buildInfoRequest() const
{
    return HttpRequest::get(apiUrl(QStringLiteral("/api/v1/status/buildinfo")), {},
                            m_endpoint.http);
}

HttpRequest PrometheusClient::rulesRequest(bool recordingOnly) const
{
    HttpParams params;
    if (recordingOnly)
        params.append({QStringLiteral("type"), QStringLiteral("record")});
    return HttpRequest::get(apiUrl(QStringLiteral("/api/v1/rules")), params, m_endpoint.http);
}

Result<PromQueryResult> PrometheusClient::toQueryResult(Result<HttpResponse> response,
                                                        const QString &query)
{
    if (!response)
        return Error{response.error()};
    auto parsed = PrometheusParser::parseQuery(*response);
    if (!parsed) {
        // The query is what the user can fix; name it (shortened: profiles hold long ones).
        const QString shown = query.size() > 160 ? query.left(160) + QStringLiteral("…") : query;
        return Error{parsed.error() + QStringLiteral(" [query: %1]").arg(shown)};
    }
    for (const QString &warning : parsed->warnings)
        qCInfo(lcPrometheus).noquote() << "warning from" << response->url << ":" << warning;
    return parsed;
}

Result<PromQueryResult> PrometheusClient::instantQuery(const QString &query,
                                                       std::optional<qint64> timeMs,
                                                       const CancelToken &cancel) const
{
    return toQueryResult(m_http->fetch(instantQueryRequest(query, timeMs), cancel), query);
}

std::vector<Result<PromQueryResult>>
PrometheusClient::instantQueries(const QStringList &queries, std::optional<qint64> timeMs,
                                 const CancelToken &cancel) const
{
    std::vector<HttpRequest> requests;
    requests.reserve(size_t(queries.size()));
    for (const QString &q : queries)
        requests.push_back(instantQueryRequest(q, timeMs));
    auto responses = m_http->runBatch(requests, cancel);
    std::vector<Result<PromQueryResult>> out;
    out.reserve(responses.size());
    for (size_t i = 0; i < responses.size(); ++i)
        out.push_back(toQueryResult(std::move(responses[i]), queries[qsizetype(i)]));
    return out;
}

Result<PromQueryResult> PrometheusClient::rangeQuery(const QString &query, qint64 startMs,
                                                     qint64 endMs, qint64 stepMs,
                                                     const CancelToken &cancel) const
{
    if (stepMs <= 0 || endMs < startMs)
        return Error{QStringLiteral("Range query for %1: needs step > 0 and end ≥ start (got "
                                    "step %2 ms, %3 ms span)")
                         .arg(apiUrl(QStringLiteral("/api/v1/query_range")).toDisplayString())
                         .arg(stepMs)
                         .arg(endMs - startMs)};
    // Prometheus refuses more; older servers ignore limits, so check here for all of them.
    constexpr qint64 kMaxPoints = 11'000;
    if ((endMs - startMs) / stepMs > kMaxPoints)
        return Error{QStringLiteral("Range query for %1 asks for %2 points per series; "
                                    "Prometheus answers at most %3: use a larger step")
                         .arg(apiUrl(QStringLiteral("/api/v1/query_range")).toDisplayString())
                         .arg((endMs - startMs) / stepMs)
                         .arg(kMaxPoints)};
    return toQueryResult(m_http->fetch(rangeQueryRequest(query, startMs, endMs, stepMs), cancel),
                         query);
}

Result<PromBuildInfo> PrometheusClient::buildInfo(const CancelToken &cancel) const
{
    auto response = m_http->fetch(buildInfoRequest(), cancel);
    if (!response)
        return Error{response.error()};
    return PrometheusParser::parseBuildInfo(*response);
}

} // namespace meshscope::core
