#include "core/jaeger/jaegerclient.h"
#include "tests/core/jaeger/tracefactory.h"
#include "tests/servers/jaegertestserver.h"

#include <QTest>

#include <algorithm>

using namespace meshscope;
using namespace meshscope::core;
using namespace meshscope::tests;

namespace {

const QString kFixtures = QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/jaeger/fixtures");
constexpr qint64 kBaseUs = 1'800'000'000'000'000; // 2027-01-15, after every recorded trace
constexpr qint64 kSecond = 1'000'000;

QString id(int n)
{
    return QStringLiteral("aaaaaaaaaaaaaaaa%1").arg(n, 16, 16, QLatin1Char('0'));
}

// Seven traces of "frontend": calls to checkout and to cart, some failing, one outside the
// window the tests ask for (the slowest error of all, so a window bug shows).
void addShopTraces(JaegerTestServer &server)
{
    server.addTrace(makeTrace(id(1), kBaseUs, 100'000, "frontend", "checkout", true));
    server.addTrace(
        makeTrace(id(2), kBaseUs + 10 * kSecond, 500'000, "frontend", "checkout", false));
    server.addTrace(makeTrace(id(3), kBaseUs + 20 * kSecond, 50'000, "frontend", "checkout", true));
    server.addTrace(makeTrace(id(4), kBaseUs + 30 * kSecond, 900'000, "frontend", "cart", false));
    server.addTrace(makeTrace(id(5), kBaseUs + 40 * kSecond, 300'000, "frontend", "cart", true));
    server.addTrace(
        makeTrace(id(6), kBaseUs - 3 * 3600 * kSecond, 5'000'000, "frontend", "checkout", true));
    server.addTrace(
        makeTrace(id(7), kBaseUs + 50 * kSecond, 200'000, "frontend", "checkout", true));
}

QStringList ids(const std::vector<TraceSummary> &traces)
{
    QStringList out;
    for (const TraceSummary &t : traces)
        out.append(t.traceId.right(2));
    return out;
}

constexpr qint64 kEndMs = kBaseUs / 1000 + 3600 * 1000;
constexpr qint64 kTwoHoursMs = 2 * 3600 * 1000;

} // namespace

// The Jaeger client against our Jaeger test server in each API generation users run: the API
// is detected, and the trace lists a user sees for a service or an edge (newest errors, slowest)
// are the same whether they came over v1 or v3.
class TstJaegerClient : public QObject
{
    Q_OBJECT

private slots:
    void detectsApi_data()
    {
        QTest::addColumn<int>("apis");
        QTest::addColumn<int>("expected");
        QTest::newRow("Jaeger 1.x (v3 path is the UI page)")
            << int(JaegerTestServer::Apis::V1Only) << int(JaegerApi::V1);
        QTest::newRow("Jaeger after 2.20 (v1 search removed)")
            << int(JaegerTestServer::Apis::V3Only) << int(JaegerApi::V3);
        QTest::newRow("both") << int(JaegerTestServer::Apis::Both) << int(JaegerApi::V3);
    }

    void detectsApi()
    {
        QFETCH(int, apis);
        JaegerTestServer server{JaegerTestServer::Apis(apis)};
        server.loadRecordedTraces(kFixtures);
        const JaegerClient client({server.url(), {}, {}});
        const auto api = client.detectApi();
        QVERIFY2(api.ok(), qPrintable(api.error()));
        QTEST(int(*api), "expected");
        const auto services = client.services();
        QVERIFY2(services.ok(), qPrintable(services.error()));
        QCOMPARE(*services, (QStringList{"api-gateway", "customers-service", "service-x",
                                         "service-y", "service1", "service2", "telemetrygen"}));
    }

    void tracesForServiceAndEdge_data()
    {
        QTest::addColumn<int>("apis");
        QTest::addColumn<bool>("chunks");
        QTest::newRow("v1") << int(JaegerTestServer::Apis::V1Only) << false;
        QTest::newRow("v3") << int(JaegerTestServer::Apis::V3Only) << false;
        QTest::newRow("v3 streamed chunks") << int(JaegerTestServer::Apis::V3Only) << true;
    }

    void tracesForServiceAndEdge()
    {
        QFETCH(int, apis);
        QFETCH(bool, chunks);
        JaegerTestServer server{JaegerTestServer::Apis(apis)};
        server.setV3ChunkPerTrace(chunks);
        addShopTraces(server);
        const JaegerClient client({server.url(), {}, {}});

        const auto service = client.tracesFor("frontend", {}, kEndMs, kTwoHoursMs, 3);
        QVERIFY2(service.ok(), qPrintable(service.error()));
        QCOMPARE(ids(service->newestErrors), (QStringList{"07", "05", "03"}));
        QCOMPARE(ids(service->slowest), (QStringList{"04", "02", "05"}));
        QCOMPARE(service->slowest.front().durationUs, qint64(900'000));
        QCOMPARE(service->slowest.front().spanCount, 2);
        QVERIFY(!service->slowest.front().hasError());

        const auto edge = client.tracesFor("frontend", "checkout", kEndMs, kTwoHoursMs, 3);
        QVERIFY2(edge.ok(), qPrintable(edge.error()));
        QCOMPARE(ids(edge->newestErrors), (QStringList{"07", "03", "01"}));
        QCOMPARE(ids(edge->slowest), (QStringList{"02", "07", "01"}));
        QCOMPARE(edge->slowest.front().traceId, id(2));
        QCOMPARE(int(edge->api),
                 int(apis == int(JaegerTestServer::Apis::V1Only) ? JaegerApi::V1 : JaegerApi::V3));

        // A window with nothing in it is an empty list, not an error (v3 answers 404 then).
        const auto empty = client.tracesFor("frontend", {}, kBaseUs / 1000 - 86400'000, 1000, 3);
        QVERIFY2(empty.ok(), qPrintable(empty.error()));
        QVERIFY(empty->slowest.empty() && empty->newestErrors.empty());
    }

    void v1FindsErrorsBeyondTheSample()
    {
        // 150 newer successful traces fill the window's sample (100); the server's error search
        // still finds the older failing one.
        JaegerTestServer server{JaegerTestServer::Apis::V1Only};
        server.addTrace(makeTrace(id(999), kBaseUs, 80'000, "frontend", "checkout", true));
        for (int i = 1; i <= 150; ++i)
            server.addTrace(
                makeTrace(id(i), kBaseUs + i * kSecond, 1000 + i, "frontend", "checkout", false));
        const JaegerClient client({server.url(), {}, {}});
        const auto s = client.tracesFor("frontend", {}, kEndMs, kTwoHoursMs, 3);
        QVERIFY2(s.ok(), qPrintable(s.error()));
        QCOMPARE(s->newestErrors.size(), size_t(1));
        QCOMPARE(s->newestErrors.front().traceId, id(999));
        QCOMPARE(s->slowest.front().durationUs, qint64(80'000));
        const auto search = server.server().requests();
        QVERIFY(std::any_of(search.begin(), search.end(), [](const auto &r) {
            return r.query.contains("tags=%7B%22error%22%3A%22true%22%7D");
        }));
    }

    void recordedTracesOverBothApis()
    {
        // The recorded trace with an error span, found through v1 and v3 alike.
        for (auto apis : {JaegerTestServer::Apis::V1Only, JaegerTestServer::Apis::V3Only}) {
            JaegerTestServer server{apis};
            server.loadRecordedTraces(kFixtures);
            const JaegerClient client({server.url(), {}, {}});
            const auto s =
                client.tracesFor("service1", "service2", 1542666452979 + 60'000, 3600'000, 5);
            QVERIFY2(s.ok(), qPrintable(s.error()));
            QCOMPARE(s->newestErrors.size(), size_t(1));
            QCOMPARE(s->newestErrors.front().traceId, QStringLiteral("trace-123"));
            QCOMPARE(s->newestErrors.front().spanCount, 11);
            QCOMPARE(s->newestErrors.front().durationUs, qint64(1'000'000));
            QCOMPARE(s->newestErrors.front().rootOperation, QStringLiteral("op1"));
        }
    }

    void dependenciesWindow()
    {
        JaegerTestServer server;
        const qint64 now = kBaseUs / 1000;
        server.addDependencies(
            QJsonArray{QJsonObject{{"parent", "a"}, {"child", "b"}, {"callCount", 10}}},
            now - 60'000);
        server.addDependencies(
            QJsonArray{QJsonObject{{"parent", "a"}, {"child", "b"}, {"callCount", 5}},
                       QJsonObject{{"parent", "b"}, {"child", "c"}, {"callCount", 2}}},
            now - 30 * 60'000);
        server.addDependencies(
            QJsonArray{QJsonObject{{"parent", "x"}, {"child", "y"}, {"callCount", 99}}},
            now - 3 * 3600'000); // outside an hour's lookback
        const JaegerClient client({server.url(), {}, {}});
        const auto links = client.dependencies(now, 3600'000);
        QVERIFY2(links.ok(), qPrintable(links.error()));
        QCOMPARE(links->size(), size_t(2));
        QCOMPARE(links->at(0).callCount, qint64(15));
        QCOMPARE(links->at(1).child, QStringLiteral("c"));
        const auto query = server.server().requests().last().query;
        QVERIFY2(query.contains(QByteArray("endTs=" + QByteArray::number(now))) &&
                     query.contains("lookback=3600000"),
                 query.constData());
    }

    void errorsNameTheServer()
    {
        const QUrl down(QStringLiteral("http://127.0.0.1:%1").arg(MisbehavingServer::closedPort()));
        const JaegerClient client({down, {}, {}});
        const auto api = client.detectApi();
        QVERIFY(!api.ok());
        QVERIFY2(
            api.error().startsWith(QStringLiteral("No Jaeger query API at ") + down.toString()),
            qPrintable(api.error()));
        QVERIFY2(api.error().contains(QLatin1String("Could not connect")), qPrintable(api.error()));

        // A proxy's HTML page instead of the API.
        MisbehavingServer proxy;
        proxy.setRoute("/api/dependencies", [](const MisbehavingServer::Request &) {
            return MisbehavingServer::Reply{
                502, "text/html", {}, "<html><title>502 Bad Gateway</title></html>", false};
        });
        const auto links = JaegerClient({proxy.url({}), {}, {}}).dependencies(kEndMs, 3600'000);
        QVERIFY(!links.ok());
        QVERIFY2(links.error().startsWith(QStringLiteral("HTTP 502 from %1/api/dependencies is not "
                                                         "JSON (text/html)")
                                              .arg(proxy.url({}).toString())),
                 qPrintable(links.error()));
    }

    void openInJaegerUrls()
    {
        const JaegerClient client({QUrl("http://jaeger.example:16686/jaeger/"), {}, {}});
        QCOMPARE(client.traceUrl("ff").toString(),
                 QStringLiteral("http://jaeger.example:16686/jaeger/trace/00000000000000ff"));
        QCOMPARE(
            client.searchUrl("reviews.bookinfo").toString(),
            QStringLiteral("http://jaeger.example:16686/jaeger/search?service=reviews.bookinfo"));
        const JaegerClient withUi(
            {QUrl("http://jaeger-query:16686"), {}, QUrl("https://tracing.example.com")});
        QCOMPARE(withUi.traceUrl("trace-123").toString(),
                 QStringLiteral("https://tracing.example.com/trace/trace-123"));
    }
};

QTEST_GUILESS_MAIN(TstJaegerClient)
#include "tst_jaegerclient.moc"
