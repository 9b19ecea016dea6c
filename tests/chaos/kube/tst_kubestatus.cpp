// A Kubernetes Status error worded for a user: reason, message and each field cause on its own
// line; a body that is not a Status (a proxy's page) shown as an excerpt.

#include "chaos/kube/kubestatus.h"

#include <QFile>
#include <QTest>

using namespace meshscope::chaos;

class TestKubeStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void referenceNotFound()
    {
        QFile f(QStringLiteral(MESHSCOPE_SHARED_DIR
                               "/reference/kubernetes/status/notfound_from_api_conventions.json"));
        QVERIFY(f.open(QIODevice::ReadOnly));
        const KubeStatus s = KubeStatus::fromResponse(404, f.readAll());
        QCOMPARE(s.reason, QStringLiteral("NotFound"));
        QCOMPARE(s.text(), QStringLiteral("404 NotFound: pods \"grafana\" not found"));
    }

    void invalidListsEveryCause()
    {
        const QByteArray body =
            "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\""
            "NetworkChaos.chaos-mesh.org \\\"x\\\" is invalid: [spec.action: Unsupported valu"
            "e: \\\"delayy\\\", spec.mode: Required value]\",\"reason\":\"Invalid\",\"details"
            "\":{\"name\":\"x\",\"group\":\"chaos-mesh.org\",\"kind\":\"NetworkChaos\",\"caus"
            "es\":[{\"reason\":\"FieldValueNotSupported\",\"message\":\"Unsupported value: \\\""
            "delayy\\\"\",\"field\":\"spec.action\"},{\"reason\":\"FieldValueRequired\",\"mes"
            "sage\":\"Required value\",\"field\":\"spec.mode\"}]},\"code\":422}";
        const KubeStatus s = KubeStatus::fromResponse(422, body);
        QCOMPARE(s.causes.size(), size_t(2));
        QVERIFY2(s.text().startsWith(QLatin1String("422 Invalid: NetworkChaos.chaos-mesh.org")),
                 qPrintable(s.text()));
        QVERIFY2(s.text().endsWith(QLatin1String("\n  - spec.action: Unsupported value: "
                                                 "\"delayy\"\n  - spec.mode: Required value")),
                 qPrintable(s.text()));
    }

    void notAStatusIsAnExcerpt()
    {
        const KubeStatus s = KubeStatus::fromResponse(
            502, "<html>\n<body>  Bad   gateway from the corporate proxy</body></html>");
        QVERIFY(s.reason.isEmpty());
        QCOMPARE(s.text(),
                 QStringLiteral(
                     "502: <html> <body> Bad gateway from the corporate proxy</body></html>"));
    }
};

QTEST_GUILESS_MAIN(TestKubeStatus)
#include "tst_kubestatus.moc"
