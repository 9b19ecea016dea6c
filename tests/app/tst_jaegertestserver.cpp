// The Jaeger test server's dependency links as a client sees them hours after the server
// started: the standalone program (jaeger-testserver, run for screenshots and manual use) and
// the in-process server it is built on.

#include "tests/servers/jaegertestserver.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

#include <memory>

using meshscope::tests::JaegerTestServer;

namespace {

constexpr qint64 kHourMs = 3600 * 1000;

// GET /api/dependencies?endTs=..&lookback=.. as the window's Jaeger source asks it; the
// `data` array of the answer, or an empty one after a failed request.
QJsonArray dependencies(const QUrl &base, qint64 endTs, qint64 lookbackMs)
{
    QNetworkAccessManager network;
    network.setProxy(QNetworkProxy::NoProxy); // loopback, whatever the environment says
    QUrl url = base.resolved(QUrl(QStringLiteral("api/dependencies")));
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("endTs"), QString::number(endTs));
    query.addQueryItem(QStringLiteral("lookback"), QString::number(lookbackMs));
    url.setQuery(query);
    std::unique_ptr<QNetworkReply> reply(network.get(QNetworkRequest(url)));
    QSignalSpy finished(reply.get(), &QNetworkReply::finished);
    if (!finished.wait(20000) || reply->error() != QNetworkReply::NoError) {
        qWarning() << url << reply->errorString();
        return {};
    }
    return QJsonDocument::fromJson(reply->readAll()).object().value("data").toArray();
}

QStringList callsOf(const QJsonArray &links)
{
    QStringList out;
    for (const QJsonValue &l : links)
        out.append(l["parent"].toString() + QStringLiteral("->") + l["child"].toString());
    out.sort();
    return out;
}

} // namespace

class TestJaegerTestServer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // `jaeger-testserver --mesh shop` left running: two hours later the window's request
    // (endTs now, an hour's lookback) still gets the mesh's calls, the same ones as at start.
    void standaloneServerKeepsItsLinksForHours()
    {
        QProcess server;
        server.setProgram(QStringLiteral(JAEGER_TESTSERVER_BINARY));
        server.setArguments({"--port", "0", "--mesh", "shop", "--traces", "20"});
        server.start();
        QVERIFY(server.waitForStarted());
        QByteArray printed;
        QRegularExpressionMatch serving;
        const auto servingLine = [&] {
            printed += server.readAllStandardOutput();
            serving = QRegularExpression(QStringLiteral("serving (\\S+)"))
                          .match(QString::fromUtf8(printed));
            return serving.hasMatch();
        };
        QTRY_VERIFY_WITH_TIMEOUT(servingLine(), 20000);
        const QUrl base(serving.captured(1));
        const qint64 startMs = QDateTime::currentMSecsSinceEpoch();

        const QStringList atStart = callsOf(dependencies(base, startMs, kHourMs));
        QVERIFY2(atStart.size() >= 5, qPrintable(atStart.join(' ')));
        QVERIFY(atStart.contains(QStringLiteral("frontend->cartservice")));
        for (const qint64 later : {2 * kHourMs, 26 * kHourMs})
            QCOMPARE(callsOf(dependencies(base, startMs + later, kHourMs)), atStart);

        server.terminate(); // SIGTERM: the server ends its event loop cleanly
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }

    // In process: a rolling set answers every window ending after it was first observed, counted
    // once; a window that ends before then has none; a set observed once still ages out.
    void rollingLinksAnswerRelativeToTheRequest()
    {
        JaegerTestServer server;
        const qint64 sinceMs = 1'700'000'000'000;
        server.addRollingDependencies(
            QJsonArray{QJsonObject{{"parent", "a"}, {"child", "b"}, {"callCount", 10}}}, sinceMs);
        server.addDependencies(
            QJsonArray{QJsonObject{{"parent", "x"}, {"child", "y"}, {"callCount", 3}}}, sinceMs);

        const QJsonArray now = dependencies(server.url(), sinceMs + 60'000, kHourMs);
        QCOMPARE(callsOf(now), QStringList({"a->b", "x->y"}));
        const QJsonArray later = dependencies(server.url(), sinceMs + 2 * kHourMs, kHourMs);
        QCOMPARE(callsOf(later), QStringList({"a->b"}));
        QCOMPARE(later.at(0)["callCount"].toInteger(), 10);
        QVERIFY(dependencies(server.url(), sinceMs - 60'000, kHourMs).isEmpty());
    }
};

QTEST_MAIN(TestJaegerTestServer)
#include "tst_jaegertestserver.moc"
