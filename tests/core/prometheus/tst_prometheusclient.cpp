#include "core/prometheus/prometheusclient.h"
#include "tests/servers/misbehavingserver.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>
#include <QUrlQuery>

#include <cmath>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::tests::MisbehavingServer;

namespace {

QString formValue(const MisbehavingServer::Request &r, const QString &key)
{
    return QUrlQuery(QString::fromUtf8(r.body)).queryItemValue(key, QUrl::FullyDecoded);
}

// A fake query endpoint: one series per form field, so the test sees what arrived.
MisbehavingServer::Reply echoAsVector(const MisbehavingServer::Request &r)
{
    QJsonArray result;
    const auto items = QUrlQuery(QString::fromUtf8(r.body)).queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items)
        result.append(QJsonObject{{"metric", QJsonObject{{"param", key}, {"value", value}}},
                                  {"value", QJsonArray{1795301916.547, "1"}}});
    const QJsonObject data{{"resultType", "vector"}, {"result", result}};
    return {200,
            "application/json",
            {},
            QJsonDocument(QJsonObject{{"status", "success"}, {"data", data}}).toJson(),
            false};
}

QMap<QString, QString> paramsOf(const PromQueryResult &q)
{
    QMap<QString, QString> out;
    for (const PromSeries &s : q.series)
        out.insert(s.labels.value("param"), s.labels.value("value"));
    return out;
}

} // namespace

// The Prometheus client over the real transport against a loopback server: what it sends, and
// the clear error it gives for each way a server or proxy can misbehave.
class TstPrometheusClient : public QObject
{
    Q_OBJECT

private:
    MisbehavingServer m_server;

    PrometheusClient client(const QString &prefix = QString(), HttpOptions http = {}) const
    {
        PrometheusEndpoint e;
        e.baseUrl = m_server.url(prefix);
        e.http = std::move(http);
        return PrometheusClient(e);
    }

private slots:
    void instantQueryPostsFormUnderPrefix()
    {
        m_server.setRoute("/prometheus/api/v1/query", echoAsVector);
        PrometheusEndpoint e;
        e.baseUrl = m_server.url("/prometheus/");
        e.http.extraHeaders = {{"X-Scope-OrgID", "team-a"}};
        e.partialResponse = true;
        e.dedup = false;
        const PrometheusClient c(e);
        const QString promql =
            QStringLiteral("sum by (destination_service) (rate(istio_requests_total{reporter="
                           "\"source\",response_code=~\"5..\"}[1m])) + 0 * up");
        const auto q = c.instantQuery(promql, 1795301916547);
        QVERIFY2(q.ok(), qPrintable(q.error()));
        const auto params = paramsOf(*q);
        QCOMPARE(params.value("query"), promql); // '+' arrived as '+'
        QCOMPARE(params.value("time"), QStringLiteral("1795301916.547"));
        QCOMPARE(params.value("partial_response"), QStringLiteral("true"));
        QCOMPARE(params.value("dedup"), QStringLiteral("false"));
        const auto seen = m_server.requests().last();
        QCOMPARE(seen.method, QByteArray("POST"));
        QCOMPARE(seen.header("X-Scope-OrgID"), QByteArray("team-a"));
    }

    void rangeQuerySendsStartEndStep()
    {
        m_server.setRoute("/api/v1/query_range", echoAsVector);
        const auto q = client().rangeQuery("up", 1795301766547, 1795301916547, 15000);
        QVERIFY2(q.ok(), qPrintable(q.error()));
        const auto params = paramsOf(*q);
        QCOMPARE(params.value("start"), QStringLiteral("1795301766.547"));
        QCOMPARE(params.value("end"), QStringLiteral("1795301916.547"));
        QCOMPARE(params.value("step"), QStringLiteral("15.000"));
        const auto bad = client().rangeQuery("up", 2000, 1000, 15000);
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains("needs step > 0 and end ≥ start"), qPrintable(bad.error()));
        const auto tooFine = client().rangeQuery("up", 0, 3600'000, 100);
        QVERIFY(!tooFine.ok());
        QVERIFY2(tooFine.error().contains("asks for 36000 points per series"),
                 qPrintable(tooFine.error()));
    }

    void batchOfQueriesFailsIndependently()
    {
        m_server.setRoute("/batch/api/v1/query", [](const MisbehavingServer::Request &r) {
            if (formValue(r, "query") == "broken(")
                return MisbehavingServer::Reply{
                    400,
                    "application/json",
                    {},
                    R"({"status":"error","errorType":"bad_data","error":"1:8: parse error: unclosed left parenthesis"})",
                    false};
            return echoAsVector(r);
        });
        const auto results = client("/batch").instantQueries({"up", "broken(", "up + 1"}, {});
        QCOMPARE(results.size(), size_t(3));
        QVERIFY(results[0].ok());
        QVERIFY(results[2].ok());
        QCOMPARE(paramsOf(*results[2]).value("query"), QStringLiteral("up + 1"));
        QVERIFY(!results[1].ok());
        QVERIFY2(results[1].error().contains("answered with an error (bad_data, HTTP 400): 1:8: "
                                             "parse error: unclosed left parenthesis") &&
                     results[1].error().contains("[query: broken(]"),
                 qPrintable(results[1].error()));
    }

    void victoriaMetricsStyleBuildInfo()
    {
        m_server.setRoute("/vm/api/v1/status/buildinfo", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{
                200, "application/json", {}, R"({"status":"success","data":{}})", false};
        });
        const auto b = client("/vm").buildInfo();
        QVERIFY2(b.ok(), qPrintable(b.error()));
        QVERIFY(!b->hasVersion());
    }

    void specialValuesAndDuplicates()
    {
        m_server.setRoute("/odd/api/v1/query", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{
                200,
                "application/json",
                {},
                R"({"status":"success","data":{"resultType":"vector","result":[
                {"metric":{"s":"a"},"value":[1,"NaN"]},{"metric":{"s":"b"},"value":[1,"+Inf"]},
                {"metric":{"s":"a"},"value":[1,"5"]}]},"warnings":["store B down"]})",
                false};
        });
        const auto q = client("/odd").instantQuery("x");
        QVERIFY2(q.ok(), qPrintable(q.error()));
        QCOMPARE(q->series.size(), size_t(2));
        QVERIFY(std::isnan(q->series[0].samples[0].value));
        QVERIFY(std::isinf(q->series[1].samples[0].value));
        QCOMPARE(q->warnings.size(), 2);
        QCOMPARE(q->warnings[0], QStringLiteral("store B down"));
        QVERIFY(q->warnings[1].contains("{s=\"a\"} twice"));
    }

    void misbehaviour_data()
    {
        QTest::addColumn<QString>("prefix");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<QStringList>("expected");

        // Each built-in misbehaving route, used as the prefix so /api/v1/query lands on it.
        m_server.setRoute("/html/api/v1/query", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{502,
                                            "text/html",
                                            {},
                                            "<html><head><title>502 Bad Gateway</title></head>"
                                            "<body>nginx</body></html>",
                                            false};
        });
        m_server.setRoute("/deep/api/v1/query", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{200,
                                            "application/json",
                                            {},
                                            QByteArray(100000, '[') + QByteArray(100000, ']'),
                                            false};
        });
        m_server.setRoute("/cut/api/v1/query", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{
                200,
                "application/json",
                {},
                "{\"status\":\"success\",\"data\":{\"resultType\":\"vec",
                false};
        });
        m_server.setRoute("/503/api/v1/query", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{503, "text/plain", {}, "upstream connect error", false};
        });
        QTest::newRow("html error page")
            << "/html" << 10'000
            << QStringList{"HTTP 502 from", "/html/api/v1/query is not JSON (text/html)",
                           "502 Bad Gateway", "[query: up]"};
        QTest::newRow("plain-text 404")
            << "/nothing-here" << 10'000
            << QStringList{"HTTP 404 from", "/nothing-here/api/v1/query is not JSON (text/plain)"};
        QTest::newRow("5xx text") << "/503" << 10'000
                                  << QStringList{"HTTP 503 from", "\"upstream connect error\""};
        QTest::newRow("truncated json")
            << "/cut" << 10'000
            << QStringList{"Invalid JSON from", "/cut/api/v1/query (HTTP 200, 45 bytes)"};
        QTest::newRow("100k-deep nesting")
            << "/deep" << 10'000 << QStringList{"/deep/api/v1/query", "nested too deeply"};
        QTest::newRow("timeout") << "/slow" << 1000
                                 << QStringList{"Timed out", "/slow", "within 1 s"};
    }

    void misbehaviour()
    {
        QFETCH(QString, prefix);
        QFETCH(int, timeoutMs);
        QFETCH(QStringList, expected);
        HttpOptions http;
        http.totalTimeoutMs = timeoutMs;
        const auto q = client(prefix, http).instantQuery("up");
        QVERIFY(!q.ok());
        for (const QString &part : expected)
            QVERIFY2(q.error().contains(part), qPrintable(q.error() + "\n lacks: " + part));
    }

    void serverDown()
    {
        PrometheusEndpoint e;
        e.baseUrl =
            QUrl(QStringLiteral("http://127.0.0.1:%1").arg(MisbehavingServer::closedPort()));
        const auto b = PrometheusClient(e).buildInfo();
        QVERIFY(!b.ok());
        QVERIFY2(b.error().startsWith("Could not connect to " + e.baseUrl.toString() +
                                      "/api/v1/status/buildinfo"),
                 qPrintable(b.error()));
    }
};

QTEST_GUILESS_MAIN(TstPrometheusClient)
#include "tst_prometheusclient.moc"
