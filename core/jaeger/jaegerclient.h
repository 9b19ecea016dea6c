#pragma once

#include "core/jaeger/jaegertypes.h"
#include "core/net/httpclient.h"
#include "core/result.h"

#include <atomic>
#include <memory>
#include <vector>

namespace meshscope::core {

// Where a Jaeger query service lives (port 16686 by default) and how to talk to it.
struct JaegerEndpoint
{
    QUrl baseUrl;     // with any path prefix (jaeger-query --query.base-path)
    HttpOptions http; // auth, TLS, timeouts, X-Scope-OrgID for multi-tenant backends
    // Where users open traces in a browser; empty = baseUrl (the UI and the API share a port).
    QUrl uiUrl;
};

// The Jaeger query API: the dependency graph and trace search, over the v1 `/api/*` JSON API
// or the v3 OTLP API, whichever the server has (detectApi() probes `/api/v3/services` first:
// Jaeger after 2.20 removed the v1 search). Blocking: call from a worker thread. The detected
// API is remembered, so concurrent callers on other threads share one probe result.
class JaegerClient
{
public:
    explicit JaegerClient(JaegerEndpoint endpoint,
                          std::shared_ptr<HttpClient> http = HttpClient::shared());

    const JaegerEndpoint &endpoint() const { return m_endpoint; }

    // V3 when /api/v3/services answers a services list, else V1 when /api/services does; an
    // error (naming both URLs) when neither does.
    Result<JaegerApi> detectApi(const CancelToken &cancel = {}) const;
    // Skips the probe (a profile that says which API the server has, or a test).
    void setApi(JaegerApi api) const { m_api.store(int(api)); }

    // `/api/dependencies`: links counted over [endMs - lookbackMs, endMs]. Only v1 has it, and
    // v3 servers keep it (it was not removed with the v1 search).
    Result<std::vector<JaegerDependency>> dependencies(qint64 endMs, qint64 lookbackMs,
                                                       const CancelToken &cancel = {}) const;
    Result<QStringList> services(const CancelToken &cancel = {}) const;
    Result<std::vector<TraceSummary>> findTraces(const TraceQuery &query,
                                                 const CancelToken &cancel = {}) const;

    // What the details panel lists for a service (`callee` empty) or for the call
    // service -> callee: the newest error traces and the slowest traces of the window, at most
    // `limit` each. v1 asks the server for error traces (tags {"error":"true"}) and for the
    // window's traces in one concurrent batch; v3 has no portable error filter, so it fetches a
    // wider window sample and picks the error traces from it.
    Result<TraceSelection> tracesFor(const QString &service, const QString &callee, qint64 endMs,
                                     qint64 lookbackMs, int limit,
                                     const CancelToken &cancel = {}) const;

    // Jaeger UI links: <ui>/trace/<id> and <ui>/search?service=<s>.
    QUrl traceUrl(const QString &traceId) const;
    QUrl searchUrl(const QString &service) const;
    static QUrl traceUrl(const QUrl &ui, const QString &traceId);

    HttpRequest findTracesRequest(const TraceQuery &query, JaegerApi api) const;

private:
    QUrl apiUrl(const QString &path) const;
    static QUrl joined(QUrl base, const QString &path);

    JaegerEndpoint m_endpoint;
    std::shared_ptr<HttpClient> m_http;
    mutable std::atomic_int m_api{-1}; // -1 = not probed yet, else int(JaegerApi)
};

} // namespace meshscope::core
