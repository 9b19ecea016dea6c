#include "core/prometheus/ruleslistparser.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

HttpResponse answer(const QByteArray &body, int status = 200,
                    const QByteArray &type = "application/json")
{
    HttpResponse r;
    r.status = status;
    r.contentType = type;
    r.body = body;
    r.url = QStringLiteral("http://prometheus:9090/api/v1/rules");
    return r;
}

} // namespace

// Prometheus' rules API as the connect probe reads it: the recording rules' names from every
// group (alerting rules left out), and a clear error naming the field when the shape is wrong.
class TstRulesListParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void recordingRulesOfEveryGroup()
    {
        // The shape Prometheus 2.42 answers (abridged to the fields read, plus a few others).
        const auto names = RulesListParser::recordNames(answer(R"json({"status":"success","data":{
            "groups":[
              {"name":"meshscope-istio-service-1m","file":"/etc/prometheus/meshscope-rules.yml",
               "rules":[
                 {"name":"meshscope_service:istio_requests:rate1m","query":"sum(x)",
                  "health":"ok","evaluationTime":0.001,"type":"recording"},
                 {"name":"meshscope_service:istio_latency:rate1m","query":"histogram_quantile(0.5, y)",
                  "labels":{"quantile":"0.5"},"health":"ok","type":"recording"},
                 {"name":"meshscope_service:istio_latency:rate1m","query":"histogram_quantile(0.95, y)",
                  "labels":{"quantile":"0.95"},"health":"ok","type":"recording"}],
               "interval":60,"limit":0},
              {"name":"alerts","file":"a.yml","rules":[
                 {"state":"inactive","name":"HighErrorRate","query":"z > 1","duration":300,
                  "alerts":[],"health":"ok","type":"alerting"},
                 {"name":"team:up:sum","query":"sum(up)","health":"ok","type":"recording"}]},
              {"name":"empty","file":"b.yml","rules":[]}]}})json"));
        QVERIFY2(names.ok(), qPrintable(names.error()));
        QCOMPARE(*names, (QStringList{"meshscope_service:istio_requests:rate1m",
                                      "meshscope_service:istio_latency:rate1m", "team:up:sum"}));
        const auto none =
            RulesListParser::recordNames(answer(R"({"status":"success","data":{"groups":[]}})"));
        QVERIFY(none.ok());
        QVERIFY(none->isEmpty());
    }

    void badShapesAreNamed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("no groups")
            << QByteArray(R"({"status":"success","data":{}})") << "data.groups is not an array";
        QTest::newRow("rules not an array")
            << QByteArray(R"({"status":"success","data":{"groups":[{"rules":{}}]}})")
            << "data.groups[0].rules is not an array";
        QTest::newRow("name not a string")
            << QByteArray(
                   R"({"status":"success","data":{"groups":[{"rules":[{"type":"recording","name":7}]}]}})")
            << "data.groups[0].rules[0].name is not a string";
        QTest::newRow("error envelope")
            << QByteArray(R"({"status":"error","errorType":"unavailable","error":"no rules"})")
            << "no rules";
    }
    void badShapesAreNamed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const auto names = RulesListParser::recordNames(answer(body));
        QVERIFY(!names.ok());
        QVERIFY2(names.error().contains(message), qPrintable(names.error()));
        QVERIFY2(names.error().contains(QLatin1String("/api/v1/rules")), qPrintable(names.error()));
    }

    // A proxy's HTML page (a Prometheus-compatible store without the rules API behind it).
    void anHtmlPageIsAnError()
    {
        const auto names = RulesListParser::recordNames(
            answer("<html><body>404 page not found</body></html>", 404, "text/html"));
        QVERIFY(!names.ok());
        QVERIFY2(names.error().contains(QLatin1String("404")), qPrintable(names.error()));
    }
};

QTEST_GUILESS_MAIN(TstRulesListParser)
#include "tst_ruleslistparser.moc"
