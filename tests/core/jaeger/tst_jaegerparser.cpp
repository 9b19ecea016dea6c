#include "core/jaeger/jaegerparser.h"

#include <QFile>
#include <QTest>

using namespace meshscope::core;

namespace {

const QString kFixtures = QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/jaeger/fixtures/");

QByteArray fixture(const QString &name)
{
    QFile f(kFixtures + name);
    if (!f.open(QIODevice::ReadOnly))
        qFatal("missing fixture %s", qPrintable(f.fileName()));
    return f.readAll();
}

HttpResponse response(QByteArray body, int status = 200,
                      QByteArray type = "application/json; charset=utf-8")
{
    HttpResponse r;
    r.status = status;
    r.contentType = std::move(type);
    r.body = std::move(body);
    r.url = QStringLiteral("http://jaeger:16686/api/traces");
    return r;
}

// Fixtures that hold the `data` of an answer, or one trace of it, are sent in the envelope the
// query service wraps them in.
QByteArray inEnvelope(const QByteArray &data)
{
    return "{\"data\":" + data + ",\"total\":0,\"limit\":0,\"offset\":0,\"errors\":null}";
}

using Pairs = QList<QPair<QString, QString>>;

} // namespace

// Every recorded Jaeger answer in ../shared/reference/jaeger/fixtures, and the errors a user
// meets (a proxy's HTML page, Jaeger's own text/plain error envelope, truncated or deeply nested
// JSON, a body over the cap), each with a message that names the URL and what was wrong.
class TstJaegerParser : public QObject
{
    Q_OBJECT

private slots:
    void dependencies()
    {
        const auto links = JaegerParser::parseDependencies(
            response(inEnvelope(fixture("jaeger-ui/dependencies_small.json"))));
        QVERIFY2(links.ok(), qPrintable(links.error()));
        QCOMPARE(links->size(), size_t(7));
        QCOMPARE(links->at(5).parent, QStringLiteral("Service2"));
        QCOMPARE(links->at(5).child, QStringLiteral("Service4"));
        QCOMPARE(links->at(5).callCount, qint64(129216));
        QCOMPARE(links->at(2).callCount, qint64(8560));
    }

    void v1Traces_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("wrap");
        QTest::addColumn<QString>("traceId");
        QTest::addColumn<int>("spans");
        QTest::addColumn<int>("errors");
        QTest::addColumn<QString>("rootService");
        QTest::addColumn<QString>("rootOperation");
        QTest::addColumn<qint64>("durationUs");
        QTest::addColumn<QStringList>("services");
        QTest::addColumn<Pairs>("calls");
        QTest::addColumn<QStringList>("warnings");

        // Error on a client span tagged error="true" (a string under type bool).
        QTest::newRow("jaeger-ui/trace_testTrace")
            << "jaeger-ui/trace_testTrace.json" << true << "trace-123" << 11 << 1 << "service1"
            << "op1" << qint64(1'000'000) << QStringList{"service1", "service2"}
            << Pairs{{"service1", "service2"}} << QStringList{};
        // 31-digit trace id (leading zero dropped) padded back to 32.
        QTest::newRow("jaeger-ui/trace_spansAmongEachOtherGrouped")
            << "jaeger-ui/trace_spansAmongEachOtherGrouped.json" << true
            << "0df84e36b9e2ee3815d07f0867a5be1f" << 15 << 0 << "api-gateway"
            << "GET /api/customer/owners" << qint64(3720)
            << QStringList{"api-gateway", "customers-service"}
            << Pairs{{"api-gateway", "customers-service"}} << QStringList{};
        // Duplicate span ids, a reference to a span outside the trace, warnings of the trace
        // and of a span, error=true as a JSON bool.
        QTest::newRow("jaeger/v1_trace_ui_01")
            << "jaeger/v1_trace_ui_01.json" << true << "0000000000000001" << 5 << 1 << "service-x"
            << "test-general-conversion" << qint64(5) << QStringList{"service-x", "service-y"}
            << Pairs{{"service-x", "service-y"}}
            << QStringList{"some trace warning", "some span warning"};
        QTest::newRow("jaeger/v1_envelope_traces_from_transform")
            << "jaeger/v1_envelope_traces_from_transform.json" << false
            << "83a9efd15c1c98a977e0711cc93ee28b" << 2 << 0 << "telemetrygen"
            << "okey-dokey-0" << qint64(123) << QStringList{"telemetrygen"} << Pairs{}
            << QStringList{};
        QTest::newRow("jaeger-ui/envelope_otlp2jaeger-out")
            << "jaeger-ui/envelope_otlp2jaeger-out.json" << false
            << "83a9efd15c1c98a977e0711cc93ee28b" << 2 << 0 << "telemetrygen"
            << "okey-dokey-0" << qint64(123) << QStringList{"telemetrygen"} << Pairs{}
            << QStringList{};
    }

    void v1Traces()
    {
        QFETCH(QString, file);
        QFETCH(bool, wrap);
        const QByteArray body = fixture(file);
        const auto traces =
            JaegerParser::parseTraces(response(wrap ? inEnvelope("[" + body + "]") : body));
        QVERIFY2(traces.ok(), qPrintable(traces.error()));
        QCOMPARE(traces->size(), size_t(1));
        const TraceSummary &t = traces->front();
        QTEST(t.traceId, "traceId");
        QTEST(t.spanCount, "spans");
        QTEST(t.errorSpanCount, "errors");
        QTEST(t.rootService, "rootService");
        QTEST(t.rootOperation, "rootOperation");
        QTEST(t.durationUs, "durationUs");
        QTEST(t.services, "services");
        QTEST(t.calls, "calls");
        QFETCH(QStringList, warnings);
        for (const QString &w : warnings)
            QVERIFY2(t.warnings.contains(w), qPrintable(t.warnings.join(u'|')));
    }

    void v3Services()
    {
        const auto s =
            JaegerParser::parseServicesV3(response(fixture("jaeger/v3_GetServices.json")));
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(*s, QStringList{"foo"});
        // A v1 list is not a v3 answer (detection relies on it); an empty v3 list is `{}`.
        const auto v1 = JaegerParser::parseServicesV3(response("{\"data\":[\"a\"]}"));
        QVERIFY(!v1.ok());
        QVERIFY2(v1.error().contains(QLatin1String("not a Jaeger v3 answer")),
                 qPrintable(v1.error()));
        const auto none = JaegerParser::parseServicesV3(response("{}"));
        QVERIFY2(none.ok() && none->isEmpty(), qPrintable(none.error()));
    }

    void v3Traces_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("traceId");
        QTest::addColumn<int>("spans");
        QTest::addColumn<int>("errors");
        QTest::addColumn<QString>("rootService");
        QTest::addColumn<QString>("rootOperation");
        QTest::addColumn<qint64>("durationUs");

        // status.code 2 = ERROR; no resource attributes, so no service name.
        QTest::newRow("jaeger/v3_GetTrace") << "jaeger/v3_GetTrace.json"
                                            << "00000000000000000000000000000001" << 1 << 1 << ""
                                            << "foobar" << qint64(0);
        QTest::newRow("jaeger/v3_FindTraces") << "jaeger/v3_FindTraces.json"
                                              << "00000000000000000000000000000001" << 1 << 1 << ""
                                              << "foobar" << qint64(0);
        // TracesData without the gateway's "result" wrapper (generic OTLP/JSON).
        QTest::newRow("jaeger/otlp_json_traces_input")
            << "jaeger/otlp_json_traces_input.json"
            << "83a9efd15c1c98a977e0711cc93ee28b" << 2 << 0 << "telemetrygen"
            << "okey-dokey-0" << qint64(123);
        // Four resourceSpans of one trace; "main" is the root (its parent is not in the trace).
        QTest::newRow("jaeger-ui/otlp_json_multi_in_combined")
            << "jaeger-ui/otlp_json_multi_in_combined.json"
            << "c620759e5d60fafb8ee0922b30e06bc6" << 4 << 0 << "example-trace"
            << "main" << qint64(176321);
    }

    void v3Traces()
    {
        QFETCH(QString, file);
        const auto traces = JaegerParser::parseTracesV3(response(fixture(file)));
        QVERIFY2(traces.ok(), qPrintable(traces.error()));
        QCOMPARE(traces->size(), size_t(1));
        const TraceSummary &t = traces->front();
        QTEST(t.traceId, "traceId");
        QTEST(t.spanCount, "spans");
        QTEST(t.errorSpanCount, "errors");
        QTEST(t.rootService, "rootService");
        QTEST(t.rootOperation, "rootOperation");
        QTEST(t.durationUs, "durationUs");
    }

    void v3StreamedChunks()
    {
        // The gateway streams one {"result":...} per chunk; spans of one trace may span chunks.
        const QByteArray a = fixture("jaeger/otlp_json_traces_input.json");
        const QByteArray b = fixture("jaeger/v3_FindTraces.json");
        const auto traces = JaegerParser::parseTracesV3(
            response("{\"result\":" + a + "}\n" + b + "\n{\"result\":" + a + "}\n"));
        QVERIFY2(traces.ok(), qPrintable(traces.error()));
        QCOMPARE(traces->size(), size_t(2));
        QCOMPARE(traces->at(0).spanCount, 4); // both chunks of trace 83a9...
        QCOMPARE(traces->at(1).traceId, QStringLiteral("00000000000000000000000000000001"));
    }

    void normaliseIds_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("expected");
        QTest::newRow("short 64-bit") << "ff"
                                      << "00000000000000ff";
        QTest::newRow("upper case") << "ABCDEF0123456789"
                                    << "abcdef0123456789";
        QTest::newRow("31 digits") << "df84e36b9e2ee3815d07f0867a5be1f"
                                   << "0df84e36b9e2ee3815d07f0867a5be1f";
        QTest::newRow("base64 128-bit") << "g6nv0VwcmKl34HEcyT7iiw=="
                                        << "83a9efd15c1c98a977e0711cc93ee28b";
        QTest::newRow("synthetic") << "trace-123"
                                   << "trace-123";
    }

    void normaliseIds()
    {
        QFETCH(QString, id);
        QTEST(JaegerParser::normaliseTraceId(id), "expected");
    }

    void errors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");

        QTest::newRow("proxy HTML")
            << 502 << QByteArray("text/html")
            << QByteArray("<html><head><title>502 Bad Gateway</title></head>"
                          "<body>nginx</body></html>")
            << "HTTP 502 from http://jaeger:16686/api/traces is not JSON "
               "(text/html): \"<html><head><title>502 Bad Gateway";
        QTest::newRow("text 404") << 404 << QByteArray("text/plain")
                                  << QByteArray("404 page not found\n")
                                  << "HTTP 404 from http://jaeger:16686/api/traces is not JSON "
                                     "(text/plain): \"404 page not found";
        // Go's http.Error sends the JSON envelope as text/plain.
        QTest::newRow("v1 error envelope")
            << 400 << QByteArray("text/plain; charset=utf-8")
            << QByteArray(
                   "{\"data\":null,\"total\":0,\"limit\":0,\"offset\":0,\"errors\":[{\"code\":"
                   "400,\"msg\":\"parameter 'service' is required\"}]}\n")
            << "Jaeger at http://jaeger:16686/api/traces answered HTTP 400: parameter 'service' "
               "is required";
        QTest::newRow("truncated") << 200 << QByteArray("application/json")
                                   << QByteArray("{\"data\":[{\"traceID\":\"ab\",\"spans\":[")
                                   << "Invalid JSON from http://jaeger:16686/api/traces (HTTP 200, "
                                      "34 bytes): unterminated array at byte 34";
        QTest::newRow("deep") << 200 << QByteArray("application/json")
                              << QByteArray("{\"data\":") + QByteArray(100000, '[') +
                                     QByteArray(100000, ']') + "}"
                              << "nested too deeply";
        QTest::newRow("empty 200")
            << 200 << QByteArray("application/json") << QByteArray()
            << "HTTP 200 from http://jaeger:16686/api/traces has an empty body";
        QTest::newRow("bad startTime")
            << 200 << QByteArray("application/json")
            << inEnvelope("[{\"traceID\":\"1\",\"spans\":[{\"spanID\":\"1\",\"startTime\":\"x\","
                          "\"duration\":1}],\"processes\":{}}]")
            << "Unexpected answer from http://jaeger:16686/api/traces: data[0].spans[0].startTime "
               "is not a time in µs";
        QTest::newRow("500 with a JSON list")
            << 500 << QByteArray("application/json") << QByteArray("[\"storage down\"]")
            << "Jaeger at http://jaeger:16686/api/traces answered HTTP 500: [\"storage down\"]";
        QTest::newRow("data not array") << 200 << QByteArray("application/json")
                                        << QByteArray("{\"data\":{}}") << "data is not an array";
    }

    void errors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const auto traces = JaegerParser::parseTraces(response(body, status, type));
        QVERIFY(!traces.ok());
        QVERIFY2(traces.error().contains(message), qPrintable(traces.error()));
    }

    void dependencyShapeError()
    {
        const auto links = JaegerParser::parseDependencies(
            response(inEnvelope("[{\"parent\":\"a\",\"child\":\"b\",\"callCount\":1},"
                                "{\"parent\":\"a\",\"child\":\"c\",\"callCount\":\"many\"}]")));
        QVERIFY(!links.ok());
        QVERIFY2(
            links.error().contains(QLatin1String("data[1].callCount is not a non-negative number")),
            qPrintable(links.error()));
    }

    void v3ErrorsAndEmpty()
    {
        const auto none = JaegerParser::parseTracesV3(
            response("{\"error\":{\"httpCode\":404,\"message\":\"No traces found\"}}", 404));
        QVERIFY2(none.ok(), qPrintable(none.error()));
        QVERIFY(none->empty());
        const auto failed = JaegerParser::parseTracesV3(
            response("{\"error\":{\"httpCode\":500,\"message\":\"storage unavailable\"}}", 500));
        QVERIFY(!failed.ok());
        QCOMPARE(failed.error(), QStringLiteral("Jaeger at http://jaeger:16686/api/traces answered "
                                                "HTTP 500: storage unavailable"));
        const auto bad = JaegerParser::parseTracesV3(
            response("{\"result\":{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":"
                     "\"01\",\"startTimeUnixNano\":\"soon\"}]}]}]}}"));
        QVERIFY(!bad.ok());
        QVERIFY2(bad.error().contains(
                     QLatin1String("result.resourceSpans[0].scopeSpans[0].spans[0] has a start")),
                 qPrintable(bad.error()));
    }

    void hugeBodyRefused()
    {
        QByteArray body(JaegerParser::kMaxBodyBytes + 16, ' ');
        body[0] = '{';
        const auto traces = JaegerParser::parseTraces(response(std::move(body)));
        QVERIFY(!traces.ok());
        QVERIFY2(traces.error().contains(QLatin1String("over the 64 MiB the parser accepts")),
                 qPrintable(traces.error()));
    }
};

QTEST_GUILESS_MAIN(TstJaegerParser)
#include "tst_jaegerparser.moc"
