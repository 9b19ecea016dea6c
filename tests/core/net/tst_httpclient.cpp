#include "core/net/httpclient.h"
#include "tests/servers/misbehavingserver.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

#include <mutex>
#include <thread>

namespace {

// Everything the transport logs while a test runs (messages come from the worker thread).
std::mutex g_logMutex;
QStringList g_log;

void captureLog(QtMsgType, const QMessageLogContext &, const QString &message)
{
    std::lock_guard lock(g_logMutex);
    g_log.append(message);
}

} // namespace

using namespace meshscope;
using namespace meshscope::core;
using meshscope::tests::MisbehavingServer;

// The transport against a loopback server that misbehaves on purpose: every failure must come
// back as an error that says what happened and names the URL.
class TstHttpClient : public QObject
{
    Q_OBJECT

private:
    static QJsonObject json(const HttpResponse &r)
    {
        return QJsonDocument::fromJson(r.body).object();
    }

    MisbehavingServer m_server;
    HttpClient m_client;

private slots:
    void getSendsQueryPercentEncoded()
    {
        const QString promql = QStringLiteral("sum(rate(a[1m])) + b{c=\"d&e\"} # x");
        auto r = m_client.fetch(HttpRequest::get(m_server.url("/echo"), {{"query", promql}}));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->status, 200);
        const QString raw = json(*r).value("query").toString();
        QVERIFY2(raw.contains("%2B"), qPrintable(raw)); // a literal + would decode as a space
        QCOMPARE(QUrl::fromPercentEncoding(raw.toUtf8()), QStringLiteral("query=") + promql);
    }

    void postSendsFormBody()
    {
        auto r = m_client.fetch(HttpRequest::postForm(
            m_server.url("/echo"), {{"query", "a + b"}, {"time", "1795301916.547"}}));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const QJsonObject o = json(*r);
        QCOMPARE(o.value("method").toString(), QStringLiteral("POST"));
        QCOMPARE(o.value("body").toString(),
                 QStringLiteral("query=a%20%2B%20b&time=1795301916.547"));
        QCOMPARE(o.value("headers").toObject().value("content-type").toString(),
                 QStringLiteral("application/x-www-form-urlencoded"));
    }

    void postSendsRawBody()
    {
        auto r = m_client.fetch(
            HttpRequest::postBody(m_server.url("/echo"), "up 1 1000\n", "text/plain"));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const QJsonObject o = json(*r);
        QCOMPARE(o.value("body").toString(), QStringLiteral("up 1 1000\n"));
        QCOMPARE(o.value("headers").toObject().value("content-type").toString(),
                 QStringLiteral("text/plain"));
    }

    // The REST verbs the Kubernetes client needs; the body goes with PUT and PATCH, and with
    // DELETE when there is one (DeleteOptions).
    void restMethodsSendTheirBody_data()
    {
        QTest::addColumn<int>("method");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("expected");
        QTest::newRow("PUT") << int(HttpRequest::Method::Put) << QByteArray("{\"a\":1}") << "PUT";
        QTest::newRow("PATCH") << int(HttpRequest::Method::Patch) << QByteArray("{\"b\":2}")
                               << "PATCH";
        QTest::newRow("DELETE with options")
            << int(HttpRequest::Method::Delete) << QByteArray("{\"dryRun\":[\"All\"]}") << "DELETE";
        QTest::newRow("DELETE") << int(HttpRequest::Method::Delete) << QByteArray() << "DELETE";
    }
    void restMethodsSendTheirBody()
    {
        QFETCH(int, method);
        QFETCH(QByteArray, body);
        QFETCH(QString, expected);
        HttpRequest request =
            HttpRequest::postBody(m_server.url("/echo"), body, "application/merge-patch+json");
        request.method = HttpRequest::Method(method);
        QCOMPARE(QString::fromLatin1(request.methodName()), expected);
        auto r = m_client.fetch(request);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        const QJsonObject o = json(*r);
        QCOMPARE(o.value("method").toString(), expected);
        QCOMPARE(o.value("body").toString(), QString::fromUtf8(body));
        if (!body.isEmpty())
            QCOMPARE(o.value("headers").toObject().value("content-type").toString(),
                     QStringLiteral("application/merge-patch+json"));
    }

    void authAndExtraHeadersAreSent()
    {
        {
            std::lock_guard lock(g_logMutex);
            g_log.clear();
        }
        const QtMessageHandler previous = qInstallMessageHandler(captureLog);
        HttpOptions bearer;
        bearer.bearerToken = QStringLiteral("s3cret-token");
        bearer.extraHeaders = {{"X-Scope-OrgID", "tenant-a"}};
        auto r = m_client.fetch(HttpRequest::get(m_server.url("/echo"), {}, bearer));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QJsonObject headers = json(*r).value("headers").toObject();
        QCOMPARE(headers.value("authorization").toString(), QStringLiteral("Bearer s3cret-token"));
        QCOMPARE(headers.value("x-scope-orgid").toString(), QStringLiteral("tenant-a"));

        HttpOptions basic;
        basic.basicUser = QStringLiteral("grafana");
        basic.basicPassword = QStringLiteral("pw");
        r = m_client.fetch(HttpRequest::get(m_server.url("/echo"), {}, basic));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        headers = json(*r).value("headers").toObject();
        QCOMPARE(headers.value("authorization").toString(),
                 QStringLiteral("Basic ") + QByteArray("grafana:pw").toBase64());

        qInstallMessageHandler(previous);
        std::lock_guard lock(g_logMutex);
        QVERIFY(!g_log.isEmpty());                       // the transfers were logged...
        for (const QString &line : std::as_const(g_log)) // ...without their secrets
            QVERIFY2(!line.contains("s3cret") && !line.contains("Z3JhZmFuYTpwdw") &&
                         !line.contains(":pw"),
                     qPrintable(line));
    }

    void proxyComesFromTheEnvironment()
    {
        MisbehavingServer proxy;
        qputenv("http_proxy", proxy.url(QString()).toString().toUtf8());
        const auto r = m_client.fetch(HttpRequest::get(QUrl("http://backend.meshscope.invalid/q")));
        qunsetenv("http_proxy");
        QVERIFY2(r.ok(), qPrintable(r.error())); // the proxy answered (its 404)
        QCOMPARE(proxy.requestsReceived(), 1);
        // A proxy gets the absolute URL as the request target.
        QCOMPARE(proxy.requests().first().path, QByteArray("http://backend.meshscope.invalid/q"));
    }

    void gzipIsRequestedAndDecoded()
    {
        auto r = m_client.fetch(HttpRequest::get(m_server.url("/gzip")));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(json(*r).value("data").toObject().value("compressed").toBool(), true);
        QVERIFY(m_server.requests().last().header("Accept-Encoding").contains("gzip"));
    }

    void connectionIsReused()
    {
        MisbehavingServer server;
        for (int i = 0; i < 3; ++i)
            QVERIFY(m_client.fetch(HttpRequest::get(server.url("/echo"))).ok());
        QCOMPARE(server.requestsReceived(), 3);
        QCOMPARE(server.connectionsAccepted(), 1);
    }

    void batchRunsConcurrently()
    {
        // /hold answers only when all three are pending at once: a sequential client would
        // time out on the first one.
        HttpOptions o;
        o.totalTimeoutMs = 20'000;
        std::vector<HttpRequest> batch(3, HttpRequest::get(m_server.url("/hold?n=3"), {}, o));
        const auto results = m_client.runBatch(batch);
        QCOMPARE(results.size(), size_t(3));
        for (const auto &r : results) {
            QVERIFY2(r.ok(), qPrintable(r.error()));
            QCOMPARE(r->status, 200);
        }
    }

    void cancelEndsABatch()
    {
        MisbehavingServer server;
        CancelToken cancel;
        std::vector<Result<HttpResponse>> results;
        std::vector<HttpRequest> batch(2, HttpRequest::get(server.url("/slow")));
        std::thread worker([&] { results = m_client.runBatch(batch, cancel); });
        QTRY_COMPARE(server.requestsReceived(), 2);
        cancel.cancel();
        worker.join();
        QCOMPARE(results.size(), size_t(2));
        for (const auto &r : results) {
            QVERIFY(!r.ok());
            QVERIFY2(r.error().contains("cancelled") &&
                         r.error().contains(server.url("/slow").toString()),
                     qPrintable(r.error()));
        }
    }

    void httpErrorStatusIsAResponse()
    {
        auto r = m_client.fetch(HttpRequest::get(m_server.url("/status/503")));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->status, 503);
        QCOMPARE(r->bodyExcerpt(), QStringLiteral("error 503"));
        r = m_client.fetch(HttpRequest::get(m_server.url("/html")));
        QVERIFY(r.ok());
        QCOMPARE(r->status, 502);
        QVERIFY(!r->isJson());
        QVERIFY2(r->bodyExcerpt().startsWith("<html> <head><title>502 Bad Gateway"),
                 qPrintable(r->bodyExcerpt()));
    }

    void failures_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<int>("timeoutMs");
        QTest::addColumn<qint64>("cap");
        QTest::addColumn<QStringList>("expected");

        const qint64 defaultCap = HttpOptions().maxResponseBytes;
        QTest::newRow("timeout") << "/slow" << 1500 << defaultCap
                                 << QStringList{"Timed out",
                                                "did not answer completely within 1.5 s", "/slow"};
        QTest::newRow("closed mid-body")
            << "/close-mid-body" << 10'000 << defaultCap
            << QStringList{"closed before the whole body arrived", "100 bytes of 10000 bytes",
                           "/close-mid-body"};
        QTest::newRow("body over the cap")
            << "/big?bytes=3000000" << 10'000 << qint64(1024 * 1024)
            << QStringList{"larger than the size cap of 1 MiB", "after decompression", "/big"};
        QTest::newRow("gzip bomb") << "/gzip-bomb" << 30'000 << defaultCap
                                   << QStringList{"larger than the size cap of 64 MiB",
                                                  "after decompression", "/gzip-bomb"};
        QTest::newRow("redirect loop")
            << "/redirect-loop" << 10'000 << defaultCap
            << QStringList{"redirected more than 5 times", "/redirect-loop"};
    }

    void failures()
    {
        QFETCH(QString, path);
        QFETCH(int, timeoutMs);
        QFETCH(qint64, cap);
        QFETCH(QStringList, expected);
        HttpOptions o;
        o.totalTimeoutMs = timeoutMs;
        o.maxResponseBytes = cap;
        const auto r = m_client.fetch(HttpRequest::get(m_server.url(path), {}, o));
        QVERIFY2(!r.ok(), "expected an error");
        for (const QString &part : expected)
            QVERIFY2(r.error().contains(part), qPrintable(r.error() + " lacks: " + part));
    }

    void serverDown()
    {
        const QUrl url(QStringLiteral("http://127.0.0.1:%1/api/v1/query")
                           .arg(MisbehavingServer::closedPort()));
        const auto r = m_client.fetch(HttpRequest::get(url));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains("Could not connect") && r.error().contains(url.toString()),
                 qPrintable(r.error()));
    }

    void dnsFailure()
    {
        // .invalid never resolves (RFC 6761).
        HttpOptions o;
        o.totalTimeoutMs = 20'000;
        const auto r = m_client.fetch(
            HttpRequest::get(QUrl("http://prometheus.meshscope.invalid/api/v1/query"), {}, o));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains("Could not resolve host 'prometheus.meshscope.invalid'"),
                 qPrintable(r.error()));
    }

    void tlsIsVerifiedUnlessInsecure()
    {
        MisbehavingServer tls(MisbehavingServer::Transport::Tls);
        const QUrl url = tls.url("/echo");
        QCOMPARE(url.scheme(), QStringLiteral("https"));

        // Self-signed: refused by default, with a hint at the fix.
        auto r = m_client.fetch(HttpRequest::get(url));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().startsWith("The TLS certificate of " + url.toString() +
                                      " could not be verified") &&
                     r.error().contains("Set the CA file"),
                 qPrintable(r.error()));

        HttpOptions withCa;
        withCa.caFile = MisbehavingServer::tlsCertificateFile();
        r = m_client.fetch(HttpRequest::get(url, {}, withCa));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->status, 200);

        HttpOptions insecure;
        insecure.insecure = true;
        r = m_client.fetch(HttpRequest::get(url, {}, insecure));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->status, 200);
    }

    void clientCertificateForMutualTls()
    {
        MisbehavingServer mtls(MisbehavingServer::Transport::MutualTls);
        HttpOptions o;
        o.caFile = MisbehavingServer::tlsCertificateFile();
        auto r = m_client.fetch(HttpRequest::get(mtls.url("/echo"), {}, o));
        QVERIFY2(!r.ok(), "served without a client certificate");
        QVERIFY2(r.error().contains(mtls.url("/echo").toString()), qPrintable(r.error()));

        o.clientCertFile = MisbehavingServer::tlsCertificateFile();
        o.clientKeyFile = MisbehavingServer::tlsKeyFile();
        r = m_client.fetch(HttpRequest::get(mtls.url("/echo"), {}, o));
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QCOMPARE(r->status, 200);
    }

    void badUrlAndCredentialsStayOutOfMessages()
    {
        auto r = m_client.fetch(HttpRequest::get(QUrl("ftp://example.org/x")));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains("Not a usable http(s) URL"), qPrintable(r.error()));

        QUrl withSecret(QStringLiteral("http://admin:hunter2@127.0.0.1:%1/x")
                            .arg(MisbehavingServer::closedPort()));
        r = m_client.fetch(HttpRequest::get(withSecret));
        QVERIFY(!r.ok());
        QVERIFY2(!r.error().contains("hunter2") && !r.error().contains("admin"),
                 qPrintable(r.error()));
    }
};

QTEST_GUILESS_MAIN(TstHttpClient)
#include "tst_httpclient.moc"
