#include "core/jaeger/jaegerclient.h"

#include "core/jaeger/jaegerparser.h"

#include <QDateTime>
#include <QLoggingCategory>

#include <algorithm>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcJaeger, "meshscope.core.jaeger")

namespace {

// v3 takes RFC 3339 times with nanoseconds (protobuf Timestamp JSON).
QString rfc3339(qint64 us)
{
    const QDateTime t = QDateTime::fromMSecsSinceEpoch(us / 1000, Qt::UTC);
    return t.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
           QStringLiteral(".%1Z").arg((us % 1'000'000) * 1000, 9, 10, QLatin1Char('0'));
}

// The v3 search has no portable error filter and the edge filter is ours: ask for more
// traces than are shown so that enough of them qualify.
constexpr int kSampleFactor = 5;
constexpr int kMinSample = 100;

} // namespace

JaegerClient::JaegerClient(JaegerEndpoint endpoint, std::shared_ptr<HttpClient> http)
    : m_endpoint(std::move(endpoint)), m_http(std::move(http))
{
}

QUrl JaegerClient::joined(QUrl base, const QString &path)
{
    QString prefix = base.path();
    while (prefix.endsWith(QLatin1Char('/')))
        prefix.chop(1);
    base.setPath(prefix + path);
    return base;
}

QUrl JaegerClient::apiUrl(const QString &path) const
{
    return joined(m_endpoint.baseUrl, path);
}

Result<JaegerApi> JaegerClient::detectApi(const CancelToken &cancel) const
{
    if (m_api.load() >= 0)
        return JaegerApi(m_api.load());
    const std::vector<HttpRequest> probes{
        HttpRequest::get(apiUrl(QStringLiteral("/api/v3/services")), {}, m_endpoint.http),
        HttpRequest::get(apiUrl(QStringLiteral("/api/services")), {}, m_endpoint.http)};
    const auto answers = m_http->runBatch(probes, cancel);
    QStringList why;
    for (size_t i = 0; i < answers.size(); ++i) {
        const JaegerApi api = i == 0 ? JaegerApi::V3 : JaegerApi::V1;
        if (!answers[i]) {
            why.append(answers[i].error());
            continue;
        }
        const auto services = api == JaegerApi::V3 ? JaegerParser::parseServicesV3(*answers[i])
                                                   : JaegerParser::parseServices(*answers[i]);
        if (services) {
            m_api.store(int(api));
            qCDebug(lcJaeger) << "Jaeger API at"
                              << m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo) << "is"
                              << toString(api);
            return api;
        }
        why.append(services.error());
    }
    return Error{QStringLiteral("No Jaeger query API at %1: neither v3 nor v1 answered a list of "
                                "services (%2)")
                     .arg(m_endpoint.baseUrl.toDisplayString(QUrl::RemoveUserInfo),
                          why.join(QStringLiteral("; ")))};
}

Result<std::vector<JaegerDependency>> JaegerClient::dependencies(qint64 endMs, qint64 lookbackMs,
                                                                 const CancelToken &cancel) const
{
    const auto r =
        m_http->fetch(HttpRequest::get(apiUrl(QStringLiteral("/api/dependencies")),
                                       {{QStringLiteral("endTs"), QString::number(endMs)},
                                        {QStringLiteral("lookback"), QString::number(lookbackMs)}},
                                       m_endpoint.http),
                      cancel);
    if (!r)
        return Error{r.error()};
    return JaegerParser::parseDependencies(*r);
}

Result<QStringList> JaegerClient::services(const CancelToken &cancel) const
{
    const auto api = detectApi(cancel);
    if (!api)
        return Error{api.error()};
    const bool v3 = *api == JaegerApi::V3;
    const auto r = m_http->fetch(HttpRequest::get(apiUrl(v3 ? QStringLiteral("/api/v3/services")
                                                            : QStringLiteral("/api/services")),
                                                  {}, m_endpoint.http),
                                 cancel);
    if (!r)
        return Error{r.error()};
    return v3 ? JaegerParser::parseServicesV3(*r) : JaegerParser::parseServices(*r);
}

HttpRequest JaegerClient::findTracesRequest(const TraceQuery &q, JaegerApi api) const
{
    HttpParams params;
    if (api == JaegerApi::V1) {
        params = {{QStringLiteral("service"), q.service},
                  {QStringLiteral("start"), QString::number(q.startUs)},
                  {QStringLiteral("end"), QString::number(q.endUs)},
                  {QStringLiteral("limit"), QString::number(q.limit)}};
        if (!q.operation.isEmpty())
            params.append({QStringLiteral("operation"), q.operation});
        if (q.errorsOnly)
            params.append({QStringLiteral("tags"), QStringLiteral("{\"error\":\"true\"}")});
        return HttpRequest::get(apiUrl(QStringLiteral("/api/traces")), params, m_endpoint.http);
    }
    params = {{QStringLiteral("query.service_name"), q.service},
              {QStringLiteral("query.start_time_min"), rfc3339(q.startUs)},
              {QStringLiteral("query.start_time_max"), rfc3339(q.endUs)},
              {QStringLiteral("query.num_traces"), QString::number(q.limit)}};
    if (!q.operation.isEmpty())
        params.append({QStringLiteral("query.operation_name"), q.operation});
    return HttpRequest::get(apiUrl(QStringLiteral("/api/v3/traces")), params, m_endpoint.http);
}

Result<std::vector<TraceSummary>> JaegerClient::findTraces(const TraceQuery &query,
                                                           const CancelToken &cancel) const
{
    const auto api = detectApi(cancel);
    if (!api)
        return Error{api.error()};
    const auto r = m_http->fetch(findTracesRequest(query, *api), cancel);
    if (!r)
        return Error{r.error()};
    auto traces =
        *api == JaegerApi::V3 ? JaegerParser::parseTracesV3(*r) : JaegerParser::parseTraces(*r);
    if (traces && query.errorsOnly && *api == JaegerApi::V3)
        std::erase_if(traces.value(), [](const TraceSummary &t) { return !t.hasError(); });
    return traces;
}

Result<TraceSelection> JaegerClient::tracesFor(const QString &service, const QString &callee,
                                               qint64 endMs, qint64 lookbackMs, int limit,
                                               const CancelToken &cancel) const
{
    const auto api = detectApi(cancel);
    if (!api)
        return Error{api.error()};
    TraceQuery q;
    q.service = service;
    q.endUs = endMs * 1000;
    q.startUs = (endMs - lookbackMs) * 1000;
    q.limit = std::max(limit * kSampleFactor, kMinSample);

    std::vector<HttpRequest> requests{findTracesRequest(q, *api)};
    if (*api == JaegerApi::V1) {
        TraceQuery errors = q;
        errors.errorsOnly = true;
        requests.push_back(findTracesRequest(errors, *api));
    }
    const auto answers = m_http->runBatch(requests, cancel);
    std::vector<TraceSummary> all;
    for (const auto &answer : answers) {
        if (!answer)
            return Error{answer.error()};
        auto traces = *api == JaegerApi::V3 ? JaegerParser::parseTracesV3(*answer)
                                            : JaegerParser::parseTraces(*answer);
        if (!traces)
            return Error{traces.error()};
        for (TraceSummary &t : traces.value()) {
            const bool seen = std::any_of(all.begin(), all.end(), [&](const TraceSummary &o) {
                return o.traceId == t.traceId;
            });
            if (!seen && (callee.isEmpty() || t.hasCall(service, callee)))
                all.push_back(std::move(t));
        }
    }

    TraceSelection s;
    s.api = *api;
    for (const TraceSummary &t : all)
        if (t.hasError())
            s.newestErrors.push_back(t);
    std::stable_sort(
        s.newestErrors.begin(), s.newestErrors.end(),
        [](const TraceSummary &a, const TraceSummary &b) { return a.startUs > b.startUs; });
    s.slowest = std::move(all);
    std::stable_sort(
        s.slowest.begin(), s.slowest.end(),
        [](const TraceSummary &a, const TraceSummary &b) { return a.durationUs > b.durationUs; });
    if (s.newestErrors.size() > size_t(limit))
        s.newestErrors.resize(size_t(limit));
    if (s.slowest.size() > size_t(limit))
        s.slowest.resize(size_t(limit));
    return s;
}

QUrl JaegerClient::traceUrl(const QString &traceId) const
{
    return traceUrl(m_endpoint.uiUrl.isEmpty() ? m_endpoint.baseUrl : m_endpoint.uiUrl, traceId);
}

QUrl JaegerClient::traceUrl(const QUrl &ui, const QString &traceId)
{
    return joined(ui, QStringLiteral("/trace/") + JaegerParser::normaliseTraceId(traceId));
}

QUrl JaegerClient::searchUrl(const QString &service) const
{
    const QUrl ui = m_endpoint.uiUrl.isEmpty() ? m_endpoint.baseUrl : m_endpoint.uiUrl;
    QUrl url = joined(ui, QStringLiteral("/search"));
    url.setQuery(QStringLiteral("service=") +
                 QString::fromLatin1(QUrl::toPercentEncoding(service)));
    return url;
}

} // namespace meshscope::core
