#pragma once

// A loopback server that answers like Prometheus (build info, the probe, the Istio profile's
// requests and latency queries) and then misbehaves as told (Mode): tst_prometheussource.

#include "core/prometheus/prometheussource.h"
#include "tests/servers/misbehavingserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QThread>
#include <QUrlQuery>

#include <atomic>
#include <cmath>
#include <memory>

namespace meshscope::testing {

using namespace meshscope::core;
using meshscope::tests::MisbehavingServer;

using Reply = MisbehavingServer::Reply;

inline QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

inline QJsonObject series(const QJsonObject &labels, const QString &value)
{
    return {{"metric", labels}, {"value", QJsonArray{1795301916.5, value}}};
}

inline Reply vector(const QJsonArray &result, const QJsonArray &warnings = {})
{
    QJsonObject o{{"status", "success"},
                  {"data", QJsonObject{{"resultType", "vector"}, {"result", result}}}};
    if (!warnings.isEmpty())
        o.insert("warnings", warnings);
    return {200, "application/json", {}, json(o), false};
}

inline QJsonObject edgeLabels(const QString &from, const QString &to)
{
    return {{"source_cluster", "demo"},
            {"source_workload_namespace", "shop"},
            {"source_canonical_service", from},
            {"destination_cluster", "demo"},
            {"destination_service_namespace", "shop"},
            {"destination_service_name", to}};
}

inline QJsonObject outcome(QJsonObject labels, const char *code)
{
    labels.insert("request_protocol", "http");
    labels.insert("response_code", code);
    labels.insert("grpc_response_status", "");
    labels.insert("response_flags", "-");
    return labels;
}

// What the fake Prometheus does with /api/v1/query once the source has connected.
enum class Mode
{
    Good,
    Status500,
    ErrorEnvelope,
    Html,
    TruncatedJson,
    DeepNesting,
    OverCap,
    GzipBomb,
    Slow,
    Empty,
    NaNValues,
    Duplicates,
    Warnings,
};

struct FakePrometheus
{
    std::unique_ptr<MisbehavingServer> m_server;
    std::atomic<Mode> m_mode{Mode::Good};
    std::atomic<int> m_queries{0};
    QByteArray m_bomb;
    // The server has Meshscope's recorded series (the probe finds them all; the requests rule
    // answers one joined call), and the `time` of the last query, ms.
    std::atomic<bool> m_recorded{false};
    std::atomic<qint64> m_lastTimeMs{0};
    std::atomic<int> m_rulesCalls{0};

    // /api/v1/rules as Prometheus answers it: Meshscope's group, last evaluated at `at`
    // (RFC 3339), or `status` and `body` as given.
    void rulesSay(const QByteArray &at, int status = 200, const QByteArray &body = {})
    {
        const QByteArray answer =
            !body.isEmpty()
                ? body
                : R"({"status":"success","data":{"groups":[{"name":"meshscope-istio-service-1m",)"
                  R"("rules":[{"name":"meshscope_service:istio_requests:rate1m","type":"recording"}],)"
                  R"("interval":60,"evaluationTime":0.5,"lastEvaluation":")" +
                      at + R"("}]}})";
        m_server->setRoute(
            "/api/v1/rules", [this, status, answer](const MisbehavingServer::Request &) {
                ++m_rulesCalls;
                return Reply{
                    status, status == 200 ? "application/json" : "text/plain", {}, answer, false};
            });
    }

    Reply query(const MisbehavingServer::Request &r)
    {
        const QUrlQuery form(QString::fromUtf8(r.body));
        const QString q = form.queryItemValue(QStringLiteral("query"), QUrl::FullyDecoded);
        if (q.contains(QLatin1String("meshscope_edge!=\"\"")) && m_recorded) {
            // The recording rules probe: every name it asks for has series.
            const qsizetype from = q.indexOf(QLatin1String("=~\"")) + 3;
            QJsonArray found;
            for (const QString &name : q.mid(from, q.indexOf(u'"', from) - from).split(u'|'))
                found.append(series({{"__name__", name}}, "1"));
            return vector(found);
        }
        if (q.startsWith(QLatin1String("count by (__name__)")))
            return vector({series({{"__name__", "istio_requests_total"}}, "12")});
        ++m_queries;
        m_lastTimeMs =
            qint64(std::llround(form.queryItemValue(QStringLiteral("time")).toDouble() * 1000.0));
        if (q.contains(QLatin1String("istio_requests:rate"))) {
            QJsonObject call{{"meshscope_edge", "demo|shop|gateway|demo|shop|frontend"}};
            return vector({series(outcome(call, "200"), "95")});
        }
        const bool requests = q.contains(QLatin1String("istio_requests_total{reporter=\"source\""));
        const bool latency =
            q.contains(QLatin1String("istio_request_duration_milliseconds_bucket"));
        // The first query of a refresh misbehaves; the rest answer as usual.
        switch (requests ? m_mode.load() : Mode::Good) {
        case Mode::Good:
        case Mode::NaNValues:
        case Mode::Duplicates:
        case Mode::Warnings:
            break;
        case Mode::Status500:
            return {500, "text/plain", {}, "internal server error: storage unavailable", false};
        case Mode::ErrorEnvelope:
            return {
                400,
                "application/json",
                {},
                "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter "
                "\\\"query\\\": 1:61: parse error: unclosed left parenthesis\"}",
                false};
        case Mode::Html:
            return {502,
                    "text/html",
                    {},
                    "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>",
                    false};
        case Mode::TruncatedJson:
            return {200,
                    "application/json",
                    {},
                    R"({"status":"success","data":{"resultType":"vector","result":[{"metric":{"a")",
                    false};
        case Mode::DeepNesting:
            return {200,
                    "application/json",
                    {},
                    "{\"status\":\"success\",\"data\":" + QByteArray(100000, '[') +
                        QByteArray(100000, ']') + "}",
                    false};
        case Mode::OverCap:
            return {200, "application/json", {}, QByteArray(3 * 1024 * 1024, ' '), true};
        case Mode::GzipBomb:
            return {200, "application/json", {{"Content-Encoding", "deflate"}}, m_bomb, false};
        case Mode::Slow:
            QThread::msleep(1500); // a server that answers after the client gave up
            return vector({});
        case Mode::Empty:
            return vector({});
        }
        if (requests) {
            QJsonArray out{series(outcome(edgeLabels("gateway", "frontend"), "200"), "95"),
                           series(outcome(edgeLabels("gateway", "frontend"), "500"), "5"),
                           series(outcome(edgeLabels("frontend", "cart"), "200"), "40")};
            if (m_mode == Mode::NaNValues)
                out.append(series(outcome(edgeLabels("frontend", "ads"), "200"), "NaN"));
            if (m_mode == Mode::Duplicates)
                out.append(series(outcome(edgeLabels("gateway", "frontend"), "500"), "5"));
            return vector(out, m_mode == Mode::Warnings
                                   ? QJsonArray{"PromQL warning: store eu-1 is down"}
                                   : QJsonArray{});
        }
        if (latency) {
            // Bucket rates per edge: p95 is 50 + 50 * 35/40 = 93.75 ms.
            QJsonArray out;
            for (const auto &[le, v] :
                 {std::pair{"25", "10"}, {"50", "60"}, {"100", "100"}, {"+Inf", "100"}}) {
                QJsonObject l = edgeLabels("gateway", "frontend");
                l.insert("le", le);
                out.append(
                    series(l, m_mode == Mode::NaNValues && QByteArray(le) == "25" ? "+Inf" : v));
            }
            return vector(out);
        }
        return vector({});
    }

    std::shared_ptr<PrometheusSource> source(HttpOptions http = {},
                                             PrometheusSource::Clock clock = {},
                                             bool followRuleEvaluations = true)
    {
        auto profile = MetricProfile::find(QStringLiteral("istio"));
        if (!profile)
            qFatal("%s", qPrintable(profile.error()));
        PrometheusSourceOptions o;
        o.endpoint.baseUrl = m_server->url(QStringLiteral("/"));
        o.endpoint.http = http;
        o.profile = profile.value();
        o.followRuleEvaluations = followRuleEvaluations;
        auto s = PrometheusSource::create(o, std::make_shared<HttpClient>(), std::move(clock));
        if (!s)
            qFatal("%s", qPrintable(s.error()));
        return s.value();
    }

    // Deflate as curl reads it (zlib stream): 8 MiB of zeros in a few KiB.
    void makeBomb() { m_bomb = qCompress(QByteArray(8 * 1024 * 1024, '\0'), 9).mid(4); }

    void startServer()
    {
        m_mode = Mode::Good;
        m_queries = 0;
        m_recorded = false;
        m_lastTimeMs = 0;
        m_rulesCalls = 0;
        m_server = std::make_unique<MisbehavingServer>();
        m_server->setRoute("/api/v1/status/buildinfo", [](const MisbehavingServer::Request &) {
            return Reply{
                200,
                "application/json",
                {},
                R"({"status":"success","data":{"version":"2.42.0+ds","revision":"","branch":"debian/sid","buildUser":"","buildDate":"","goVersion":"go1.19.8"}})",
                false};
        });
        m_server->setRoute("/api/v1/query",
                           [this](const MisbehavingServer::Request &r) { return query(r); });
    }
};

} // namespace meshscope::testing
