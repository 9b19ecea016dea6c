#include "core/session/livesession.h"
#include "tests/core/prometheus/fakeprometheus.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QThread>
#include <QUrlQuery>

#include <algorithm>
#include <atomic>
#include <memory>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::testing;

// The Prometheus source against a loopback server that answers like Prometheus and then
// misbehaves in every way §6 lists: each gives a clear error naming what and where, and the
// session keeps the last good graph (stale) instead of showing an empty one.
class TstPrometheusSource : public QObject, public FakePrometheus
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        qRegisterMetaType<StaleState>();
        makeBomb();
    }

    void init() { startServer(); }

    void fetchBuildsTheGraph()
    {
        auto s = source();
        const auto sample = s->fetch();
        QVERIFY2(sample.ok(), qPrintable(sample.error()));
        QCOMPARE(sample->edges.size(), size_t(2));
        QCOMPARE(sample->nodes.size(), size_t(3));
        const PrometheusRefreshStats st = s->lastStats();
        QCOMPARE(st.queries, 5);
        QCOMPARE(m_queries.load(), 5); // the profile's queries, sent together
        for (const EdgeSample &e : sample->edges)
            if (e.destination.name() == QLatin1String("frontend"))
                QCOMPARE(e.latency.p95Ms, 93.75); // computed here from the buckets
        QVERIFY(st.bytes > 0);
        QVERIFY(st.warnings.isEmpty());
        QCOMPARE(
            s->serverDescription(),
            QStringLiteral("Prometheus 2.42.0+ds at %1").arg(m_server->url("/").toDisplayString()));
        // A second refresh does not connect again.
        QVERIFY(s->fetch().ok());
        QCOMPARE(m_queries.load(), 10);
        QCOMPARE(s->name(), QStringLiteral("prometheus:") + m_server->url("/").toDisplayString());
    }

    void victoriaMetricsEmptyBuildInfoIsFine()
    {
        m_server->setRoute("/api/v1/status/buildinfo", [](const MisbehavingServer::Request &) {
            return Reply{200, "application/json", {}, R"({"status":"success","data":{}})", false};
        });
        auto s = source();
        QVERIFY2(s->fetch().ok(), "VictoriaMetrics answers buildinfo with empty data");
        QVERIFY(s->serverDescription().startsWith(QLatin1String("a Prometheus-compatible server")));
    }

    void missingMetricSaysWhatToCheck()
    {
        m_server->setRoute("/api/v1/query",
                           [](const MisbehavingServer::Request &) { return vector({}); });
        const auto sample = source()->fetch();
        QVERIFY(!sample.ok());
        QCOMPARE(sample.error(),
                 QStringLiteral("no istio_requests_total series at %1 — is Prometheus scraping "
                                "the sidecars?")
                     .arg(m_server->url("/").toDisplayString()));
    }

    void serverDown()
    {
        PrometheusSourceOptions o;
        o.endpoint.baseUrl =
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(MisbehavingServer::closedPort()));
        o.profile = MetricProfile::find(QStringLiteral("istio")).value();
        auto s = PrometheusSource::create(o, std::make_shared<HttpClient>());
        QVERIFY(s.ok());
        const auto sample = s.value()->fetch();
        QVERIFY(!sample.ok());
        QVERIFY2(sample.error().startsWith(QLatin1String("Could not connect to http://127.0.0.1:")),
                 qPrintable(sample.error()));
    }

    void badAnswersKeepTheLastGoodGraph_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("expected");
        QTest::newRow("5xx") << int(Mode::Status500)
                             << "HTTP 500 from %1api/v1/query is not JSON (text/plain): "
                                "\"internal server error: storage unavailable\" [requests query "
                                "(profile istio, :/meshscope/profiles/istio.yaml:";
        QTest::newRow("4xx error envelope")
            << int(Mode::ErrorEnvelope)
            << "Prometheus at %1api/v1/query answered with an error (bad_data, HTTP 400): invalid "
               "parameter \"query\"";
        QTest::newRow("html page") << int(Mode::Html)
                                   << "HTTP 502 from %1api/v1/query is not JSON (text/html): "
                                      "\"<html><head><title>502 Bad Gateway";
        QTest::newRow("truncated json")
            << int(Mode::TruncatedJson) << "Invalid JSON from %1api/v1/query (HTTP 200, ";
        QTest::newRow("deep nesting") << int(Mode::DeepNesting)
                                      << "Invalid JSON from %1api/v1/query (HTTP 200, 200028 "
                                         "bytes): nested too deeply";
        QTest::newRow("over the cap") << int(Mode::OverCap)
                                      << "The answer from %1api/v1/query is larger than the size "
                                         "cap of 1 MiB";
        QTest::newRow("gzip bomb") << int(Mode::GzipBomb)
                                   << "The answer from %1api/v1/query is larger than the size cap "
                                      "of 1 MiB";
        QTest::newRow("timeout") << int(Mode::Slow)
                                 << "Timed out: %1api/v1/query did not answer completely within";
        QTest::newRow("empty result")
            << int(Mode::Empty)
            << "Prometheus at %1 returned no series for the requests query (namespaces '.*'";
    }
    void badAnswersKeepTheLastGoodGraph()
    {
        QFETCH(int, mode);
        QFETCH(QString, expected);
        HttpOptions http;
        http.maxResponseBytes = 1024 * 1024;
        http.totalTimeoutMs = 700;
        LiveSession session;
        QSignalSpy snapshots(&session, &LiveSession::snapshotReady);
        QSignalSpy stale(&session, &LiveSession::staleChanged);
        session.setSource(source(http), HealthSettings{});
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 20000);
        QVERIFY(!session.stale().stale);
        QCOMPARE(session.snapshot()->topology->edgeCount(), 2);

        m_mode = Mode(mode);
        session.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(session.stale().stale, 20000);
        const QString want = expected.arg(m_server->url("/").toDisplayString());
        QVERIFY2(session.stale().reason.startsWith(want),
                 qPrintable(session.stale().reason + QStringLiteral("\n  expected: ") + want));
        // The last good graph stays, with its scores.
        QVERIFY(session.snapshot());
        QCOMPARE(session.snapshot()->topology->edgeCount(), 2);
        QCOMPARE(snapshots.size(), 1);

        // And it recovers when the server does.
        m_mode = Mode::Good;
        session.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(!session.stale().stale, 20000);
        QCOMPARE(snapshots.size(), 2);
        session.waitForIdle();
    }

    void serverGoingAwayKeepsTheLastGoodGraph()
    {
        LiveSession session;
        QSignalSpy snapshots(&session, &LiveSession::snapshotReady);
        session.setSource(source(), HealthSettings{});
        QTRY_COMPARE_WITH_TIMEOUT(snapshots.size(), 1, 20000);
        const QString url = m_server->url("/").toDisplayString();
        m_server.reset(); // the port closes
        session.refreshNow();
        QTRY_VERIFY_WITH_TIMEOUT(session.stale().stale, 20000);
        QVERIFY2(session.stale().reason.startsWith(QStringLiteral("Could not connect to ") + url),
                 qPrintable(session.stale().reason));
        QCOMPARE(session.snapshot()->topology->edgeCount(), 2);
        session.waitForIdle();
    }

    void oddValuesAreWarningsNotErrors_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<QString>("warning");
        // A NaN rate on one call, and an +Inf bucket rate in the latency answer.
        QTest::newRow("NaN and Inf")
            << int(Mode::NaNValues) << "2 NaN or infinite values were dropped";
        QTest::newRow("duplicate series")
            << int(Mode::Duplicates) << "requests: %1api/v1/query sent the series";
        QTest::newRow("server warnings")
            << int(Mode::Warnings) << "requests: PromQL warning: store eu-1 is down";
    }
    void oddValuesAreWarningsNotErrors()
    {
        QFETCH(int, mode);
        QFETCH(QString, warning);
        m_mode = Mode(mode);
        auto s = source();
        const auto sample = s->fetch();
        QVERIFY2(sample.ok(), qPrintable(sample.error()));
        QCOMPARE(sample->edges.size(), size_t(2)); // the NaN edge is left out, not zero
        for (const EdgeSample &e : sample->edges) {
            if (e.destination.name() == QLatin1String("frontend")) {
                QCOMPARE(e.requestRate, 100.0); // a duplicate is not counted twice
                QCOMPARE(e.rate5xx, 5.0);
            }
        }
        const QStringList warnings = s->lastStats().warnings;
        QCOMPARE(warnings.size(), 1);
        if (warning.contains(QLatin1String("%1")))
            warning = warning.arg(m_server->url("/").toDisplayString());
        QVERIFY2(warnings.first().startsWith(warning), qPrintable(warnings.first()));
    }

    void backfillReplaysThePast()
    {
        m_server->setRoute("/api/v1/query_range", [](const MisbehavingServer::Request &r) {
            const QUrlQuery form(QString::fromUtf8(r.body));
            const double start = form.queryItemValue("start").toDouble();
            const double end = form.queryItemValue("end").toDouble();
            const double step = form.queryItemValue("step").toDouble();
            if (!form.queryItemValue("query").contains("istio_requests_total{reporter=\"source\""))
                return vector({});
            QJsonArray values;
            for (double t = start; t <= end + 1e-9; t += step)
                values.append(QJsonArray{t, "10"});
            const QJsonObject m{{"metric", outcome(edgeLabels("gateway", "frontend"), "200")},
                                {"values", values}};
            return Reply{
                200,
                "application/json",
                {},
                json({{"status", "success"},
                      {"data", QJsonObject{{"resultType", "matrix"}, {"result", QJsonArray{m}}}}}),
                false};
        });
        auto s = source();
        std::vector<qint64> times;
        const int n = s->backfill(10 * 60 * 1000, 10 * 1000, [&](const TelemetrySample &sample) {
            QCOMPARE(sample.edges.size(), size_t(1));
            QCOMPARE(sample.edges.front().requestRate, 10.0);
            times.push_back(sample.timestampMs);
        });
        QCOMPARE(n, 60);
        QCOMPARE(times.size(), size_t(60));
        QVERIFY(std::is_sorted(times.begin(), times.end()));
        QCOMPARE(times.back() - times.front(), qint64(59 * 10 * 1000));
    }

    void deadlineStopsEverything()
    {
        auto s = source();
        s->setDeadline(QDateTime::currentMSecsSinceEpoch() - 1);
        const auto sample = s->fetch();
        QVERIFY(!sample.ok());
        QVERIFY2(sample.error().contains(QLatin1String("the total time allowed is over")),
                 qPrintable(sample.error()));
        QCOMPARE(m_queries.load(), 0);
    }
};

QTEST_GUILESS_MAIN(TstPrometheusSource)
#include "tst_prometheussource.moc"
