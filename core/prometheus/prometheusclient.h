#pragma once

#include "core/net/httpclient.h"
#include "core/prometheus/prometheustypes.h"
#include "core/result.h"

#include <QStringList>

#include <memory>
#include <optional>
#include <vector>

namespace meshscope::core {

// Where a Prometheus-compatible query API lives and how to talk to it.
struct PrometheusEndpoint
{
    // With any path prefix: "http://mimir:8080/prometheus" for Mimir, "http://thanos:10902".
    QUrl baseUrl;
    HttpOptions http; // auth, TLS, timeouts, X-Scope-OrgID...
    // Thanos Querier: sent only when set (other servers ignore unknown params anyway).
    std::optional<bool> partialResponse;
    std::optional<bool> dedup;
    HttpParams extraParams; // sent with every query, e.g. max_source_resolution
};

// Instant and range queries (POST form, so long PromQL never hits URL limits) and build info.
// Blocking: call from a worker thread (a source's fetch()). A batch of queries runs concurrently
// over the shared transport.
class PrometheusClient
{
public:
    explicit PrometheusClient(PrometheusEndpoint endpoint,
                              std::shared_ptr<HttpClient> http = HttpClient::shared());

    const PrometheusEndpoint &endpoint() const { return m_endpoint; }

    // `timeMs` empty = the server's now.
    HttpRequest instantQueryRequest(const QString &query,
                                    std::optional<qint64> timeMs = std::nullopt) const;
    HttpRequest rangeQueryRequest(const QString &query, qint64 startMs, qint64 endMs,
                                  qint64 stepMs) const;
    HttpRequest buildInfoRequest() const;
    // GET /api/v1/rules (`?type=record`: recording rules only): RulesListParser reads it.
    HttpRequest rulesRequest(bool recordingOnly = false) const;

    Result<PromQueryResult> instantQuery(const QString &query,
                                         std::optional<qint64> timeMs = std::nullopt,
                                         const CancelToken &cancel = {}) const;
    // One result per query, in order; all sent at once.
    std::vector<Result<PromQueryResult>> instantQueries(const QStringList &queries,
                                                        std::optional<qint64> timeMs,
                                                        const CancelToken &cancel = {}) const;
    Result<PromQueryResult> rangeQuery(const QString &query, qint64 startMs, qint64 endMs,
                                       qint64 stepMs, const CancelToken &cancel = {}) const;
    Result<PromBuildInfo> buildInfo(const CancelToken &cancel = {}) const;

private:
    QUrl apiUrl(const QString &path) const;
    HttpParams queryParams(const QString &query) const;
    static Result<PromQueryResult> toQueryResult(Result<HttpResponse> response,
                                                 const QString &query);

    PrometheusEndpoint m_endpoint;
    std::shared_ptr<HttpClient> m_http;
};

} // namespace meshscope::core
