#pragma once

#include "tests/servers/misbehavingserver.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QMutex>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <vector>

namespace meshscope::tests {

// A Jaeger query service of our own on loopback, speaking Jaeger's published HTTP API from one
// in-memory trace store (traces in Jaeger's v1 UI JSON model, as recorded in
// ../shared/reference/jaeger): the v1 API (/api/services, /api/traces search with service,
// operation, start/end in µs, limit and tags; /api/dependencies with endTs/lookback in ms) and
// the v3 API (/api/v3/services, /api/v3/traces with query.service_name,
// query.start_time_min/max in RFC 3339, query.num_traces) answering OTLP JSON converted from the
// same traces. Errors have the real shapes: v1 envelopes with `errors` sent as text/plain, v3
// `{"error":{httpCode,message}}`, 404 "No traces found" for an empty v3 search.
// Which APIs exist is chosen per server, as the versions users run differ:
//   V1Only  - Jaeger 1.x before the v3 gateway: /api/v3/* falls through to the UI's index.html
//             (200 text/html, the single-page-app fallback), which is not an API answer;
//   V3Only  - Jaeger after 2.20: /api/services and /api/traces are gone (404 text/plain);
//   Both    - Jaeger 1.35 to 2.20.
// Search results are newest first (by their earliest span), as storage backends return them.
class JaegerTestServer
{
public:
    enum class Apis
    {
        V1Only,
        V3Only,
        Both
    };

    // `port` 0: a free loopback port; the standalone server (jaeger-testserver/) names one.
    explicit JaegerTestServer(Apis apis = Apis::Both, quint16 port = 0);
    ~JaegerTestServer();

    QUrl url() const { return m_server.url(QString()); }
    MisbehavingServer &server() { return m_server; }

    // A trace in the v1 UI JSON model ({traceID, spans, processes}).
    void addTrace(const QJsonObject &trace);
    // The recorded v1 traces of ../shared/reference/jaeger/fixtures (both folders); returns how
    // many were added (duplicate trace ids are stored once).
    int loadRecordedTraces(const QString &fixturesDir);
    // Dependency links observed at `atMs`; /api/dependencies sums the sets inside its window.
    void addDependencies(const QJsonArray &links, qint64 atMs);
    // Dependency links of a mesh that keeps running: a dependency job observes them again and
    // again from `sinceMs` on, so every window that ends at or after `sinceMs` holds them once,
    // however long after the server started it is asked (the standalone server runs for hours).
    void addRollingDependencies(const QJsonArray &links, qint64 sinceMs);
    // v3 search answers as one `{"result":...}` per trace on its own line (the gateway's stream
    // of chunks) instead of one merged object.
    void setV3ChunkPerTrace(bool on);

private:
    using Reply = MisbehavingServer::Reply;
    using Request = MisbehavingServer::Request;

    Reply services(bool v3) const;
    Reply dependencies(const Request &request) const;
    Reply searchV1(const Request &request) const;
    Reply searchV3(const Request &request) const;
    std::vector<QJsonObject> search(const QString &service, const QString &operation,
                                    qint64 startUs, qint64 endUs, int limit,
                                    const QJsonObject &tags) const;

    struct DependencySet
    {
        QJsonArray links;
        qint64 atMs = 0;      // observed then, or first observed then when rolling
        bool rolling = false; // observed again by every dependency job run since atMs
    };

    MisbehavingServer m_server;
    mutable QMutex m_mutex; // the routes run on the server's thread
    std::vector<QJsonObject> m_traces;
    std::vector<DependencySet> m_dependencies;
    bool m_chunkPerTrace = false;
};

} // namespace meshscope::tests
