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
// group (alerting rules left out), and a clear error naming the field when the shape is wrong;
// and as a refresh reads it: when the group holding Meshscope's rules last completed.
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

    // The group that holds a record, whatever it is called, and when it last completed an
    // evaluation: Prometheus 2.42's RFC 3339 with nanoseconds (truncated to the millisecond),
    // another offset, Go's zero time before the first evaluation, a server that does not say.
    void evaluationOfTheGroupHoldingARecord()
    {
        const QByteArray body = R"json({"status":"success","data":{"groups":[
            {"name":"other","file":"o.yml","rules":[{"name":"team:up:sum","type":"recording"}],
             "interval":30,"lastEvaluation":"2026-11-30T12:00:00Z","evaluationTime":0.1},
            {"name":"mesh-from-operator","file":"/etc/prometheus/rules/x.yaml","rules":[
               {"name":"meshscope_service:istio_requests:rate240s","type":"recording",
                "lastEvaluation":"2026-11-30T12:43:02.954579975Z"},
               {"name":"meshscope_service:istio_tcp:rate240s","type":"recording"}],
             "interval":60,"limit":0,"evaluationTime":15.664431415,
             "lastEvaluation":"2026-11-30T12:42:02.954509654Z"}]}})json";
        const auto e = RulesListParser::evaluation(
            answer(body), QStringLiteral("meshscope_service:istio_tcp:rate240s"));
        QVERIFY2(e.ok(), qPrintable(e.error()));
        QVERIFY(e->has_value());
        QCOMPARE((*e)->group, QStringLiteral("mesh-from-operator"));
        // 2026-11-30T12:42:02.954Z: the group's, not the rule's (a later, running evaluation).
        QCOMPARE((*e)->lastEvaluationMs, Q_INT64_C(1796042522954));
        QCOMPARE((*e)->evaluationSeconds, 15.664431415);
        QCOMPARE((*e)->intervalSeconds, 60.0);

        const auto none =
            RulesListParser::evaluation(answer(body), QStringLiteral("meshscope_service:x"));
        QVERIFY(none.ok());
        QVERIFY(!none->has_value());
        for (const QByteArray &last :
             {QByteArray(R"("lastEvaluation":"0001-01-01T00:00:00Z",)"), QByteArray()}) {
            const auto notYet = RulesListParser::evaluation(
                answer(R"({"status":"success","data":{"groups":[{"name":"g",)" + last +
                       R"("rules":[{"name":"r","type":"recording"}]}]}})"),
                QStringLiteral("r"));
            QVERIFY2(notYet.ok(), qPrintable(notYet.error()));
            QVERIFY(!notYet->has_value());
        }
        const auto bad = RulesListParser::evaluation(
            answer(
                R"({"status":"success","data":{"groups":[{"name":"g","lastEvaluation":"yesterday",)"
                R"("rules":[{"name":"r","type":"recording"}]}]}})"),
            QStringLiteral("r"));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(QLatin1String("data.groups[0].lastEvaluation is not an RFC "
                                                    "3339 time: 'yesterday'")),
                 qPrintable(bad.error()));
        const auto html = RulesListParser::evaluation(
            answer("<html><body>404 page not found</body></html>", 404, "text/html"),
            QStringLiteral("r"));
        QVERIFY(!html.ok());
    }

    void rfc3339Times_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("nanoseconds")
            << "2026-11-30T12:42:02.954509654Z" << Q_INT64_C(1796042522954);
        QTest::newRow("truncated, not rounded")
            << "2026-11-30T12:42:02.9999999Z" << Q_INT64_C(1796042522999);
        QTest::newRow("no fraction") << "2026-11-30T12:42:02Z" << Q_INT64_C(1796042522000);
        QTest::newRow("one digit") << "2026-11-30T12:42:02.5Z" << Q_INT64_C(1796042522500);
        QTest::newRow("east of UTC") << "2026-11-30T13:42:02.954+01:00" << Q_INT64_C(1796042522954);
        QTest::newRow("west of UTC") << "2026-11-30T07:12:02.954-05:30" << Q_INT64_C(1796042522954);
        QTest::newRow("Go's zero time") << "0001-01-01T00:00:00Z" << Q_INT64_C(-1);
        QTest::newRow("no zone") << "2026-11-30T12:42:02" << Q_INT64_C(-1);
        QTest::newRow("not a date") << "2026-13-45T12:42:02Z" << Q_INT64_C(-1);
        QTest::newRow("empty") << "" << Q_INT64_C(-1);
    }
    void rfc3339Times()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const std::optional<qint64> parsed = RulesListParser::parseTimeMs(text);
        QCOMPARE(parsed.value_or(-1), ms);
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
