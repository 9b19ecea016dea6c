#include "core/alerts/alertparser.h"

#include <QTest>

using namespace meshscope::core;

namespace {

HttpResponse response(QByteArray body, int status = 200, QByteArray type = "application/json")
{
    HttpResponse r;
    r.status = status;
    r.contentType = std::move(type);
    r.body = std::move(body);
    r.url = QStringLiteral("http://am:9093/api/v2/alerts");
    return r;
}

} // namespace

// Alertmanager's v2 alert list (the shape its OpenAPI spec gives gettableAlert) and its errors.
class TstAlertParser : public QObject
{
    Q_OBJECT

private slots:
    void alerts()
    {
        const auto alerts = AlertParser::parseAlerts(response(
            "["
            " {\"annotations\":{\"description\":\"p95 2.4 "
            "s\"},\"endsAt\":\"2026-11-29T23:10:00.000Z\","
            "  "
            "\"fingerprint\":\"0a1b\",\"receivers\":[{\"name\":\"nobody\"}],\"startsAt\":\"2026-11-"
            "29T22:05:00.123Z\","
            "  \"status\":{\"inhibitedBy\":[],\"silencedBy\":[\"5f0e\"],\"state\":\"suppressed\"},"
            "  \"updatedAt\":\"2026-11-29T22:05:00.123Z\",\"generatorURL\":\"http://prom/graph\","
            "  "
            "\"labels\":{\"alertname\":\"LatencyHigh\",\"severity\":\"warning\",\"service\":"
            "\"checkout\"}},"
            " {\"annotations\":{},\"fingerprint\":\"0c\",\"startsAt\":\"2026-11-29T22:06:00Z\","
            "  \"status\":{\"inhibitedBy\":[\"0a1b\"],\"silencedBy\":[],\"state\":\"suppressed\"},"
            "  \"labels\":{\"alertname\":\"X\"}},"
            " {\"annotations\":{\"summary\":\"s\"},\"status\":{\"state\":\"unprocessed\"},"
            "\"labels\":{\"alertname\":\"Y\"}}"
            "]"));
        QVERIFY2(alerts.ok(), qPrintable(alerts.error()));
        QCOMPARE(alerts->size(), size_t(3));
        const Alert &a = alerts->at(0);
        QCOMPARE(a.name, QStringLiteral("LatencyHigh"));
        QCOMPARE(a.severity, QStringLiteral("warning"));
        QCOMPARE(a.summary, QStringLiteral("p95 2.4 s")); // description when no summary
        QVERIFY(a.silenced() && !a.inhibited());
        QCOMPARE(a.startsAt, QDateTime(QDate(2026, 11, 29), QTime(22, 5, 0, 123), Qt::UTC));
        QCOMPARE(a.generatorUrl, QStringLiteral("http://prom/graph"));
        QVERIFY(alerts->at(1).inhibited() && !alerts->at(1).silenced());
        QCOMPARE(toString(alerts->at(2).state), toString(Alert::State::Unprocessed));
        QCOMPARE(alerts->at(2).severity, QString());
    }

    void errors_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("bad matcher") << 400 << QByteArray("application/json")
                                     << QByteArray("\"bad matcher format: severity==\"\n")
                                     << "Alertmanager at http://am:9093/api/v2/alerts answered "
                                        "HTTP 400: bad matcher format: severity==";
        QTest::newRow("proxy")
            << 502 << QByteArray("text/html")
            << QByteArray("<html><title>502 Bad Gateway</title></html>")
            << "HTTP 502 from http://am:9093/api/v2/alerts is not JSON (text/html)";
        QTest::newRow("truncated")
            << 200 << QByteArray("application/json") << QByteArray("[{\"labels\":{\"alertname\":")
            << "Invalid JSON from http://am:9093/api/v2/alerts (HTTP 200";
        QTest::newRow("not a list") << 200 << QByteArray("application/json") << QByteArray("{}")
                                    << "the body is not a list of alerts";
        QTest::newRow("no labels")
            << 200 << QByteArray("application/json")
            << QByteArray("[{\"labels\":{},\"status\":{\"state\":\"active\"}},"
                          "{\"status\":{}}]")
            << "[1] is not an alert with labels";
        QTest::newRow("odd state")
            << 200 << QByteArray("application/json")
            << QByteArray("[{\"labels\":{},\"status\":{\"state\":\"firing\"}}]")
            << "[0].status.state is \"firing\"";
    }

    void errors()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        const auto alerts = AlertParser::parseAlerts(response(body, status, type));
        QVERIFY(!alerts.ok());
        QVERIFY2(alerts.error().contains(message), qPrintable(alerts.error()));
    }
};

QTEST_GUILESS_MAIN(TstAlertParser)
#include "tst_alertparser.moc"
