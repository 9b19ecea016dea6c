// A chaos CR's status as the experiment runner sees it, in the order Chaos Mesh's dashboard
// derives it (deleting, paused, failed, finished, running, injecting), with the targets of its
// records and the newest Event.

#include "chaos/kube/chaosstatusreader.h"

#include <QJsonDocument>
#include <QTest>

using namespace meshscope::chaos;

Q_DECLARE_METATYPE(meshscope::chaos::InjectionPhase)

class TestChaosStatusReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void phases_data()
    {
        QTest::addColumn<QByteArray>("cr");
        QTest::addColumn<InjectionPhase>("phase");
        const QByteArray injectedRecord =
            R"({"id":"shop/web-1/nginx","selectorKey":".","phase":"Injected","injectedCount":1,"recoveredCount":0})";
        const QByteArray idleRecord =
            R"({"id":"shop/web-1","selectorKey":".","phase":"Not Injected","injectedCount":0,"recoveredCount":0})";
        QTest::newRow("just created")
            << QByteArray(R"({"metadata":{}})") << InjectionPhase::Pending;
        QTest::newRow("selected, not yet injected")
            << QByteArray(
                   R"({"status":{"conditions":[{"type":"Selected","status":"True"},{"type":"AllRecovered","status":"True"}],
                 "experiment":{"desiredPhase":"Run","containerRecords":[)" +
                   idleRecord + "]}}}")
            << InjectionPhase::Selected;
        QTest::newRow("injected")
            << QByteArray(
                   R"({"status":{"conditions":[{"type":"Selected","status":"True"},{"type":"AllInjected","status":"True"}],
                 "experiment":{"desiredPhase":"Run","containerRecords":[)" +
                   injectedRecord + "]}}}")
            << InjectionPhase::Injected;
        QTest::newRow("recovered after the duration")
            << QByteArray(
                   R"({"status":{"conditions":[{"type":"Selected","status":"True"},{"type":"AllRecovered","status":"True"}],
                 "experiment":{"desiredPhase":"Stop","containerRecords":[{"id":"shop/web-1","selectorKey":".","phase":"Not Injected","injectedCount":1,"recoveredCount":1}]}}})")
            << InjectionPhase::Recovered;
        QTest::newRow("paused wins over recovered")
            << QByteArray(
                   R"({"status":{"conditions":[{"type":"Paused","status":"True"},{"type":"AllRecovered","status":"True"}],
                 "experiment":{"desiredPhase":"Stop","containerRecords":[)" +
                   idleRecord + "]}}}")
            << InjectionPhase::Paused;
        QTest::newRow("deleting wins over all")
            << QByteArray(
                   R"({"metadata":{"deletionTimestamp":"2026-11-29T22:00:00Z","finalizers":["chaos-mesh/records"]},
                 "status":{"conditions":[{"type":"Paused","status":"True"}],"experiment":{}}})")
            << InjectionPhase::Deleting;
        QTest::newRow("apply failed")
            << QByteArray(R"({"status":{"conditions":[{"type":"Selected","status":"True"}],
                 "experiment":{"desiredPhase":"Run","containerRecords":[{"id":"shop/web-1","phase":"Not Injected","injectedCount":0,"recoveredCount":0,"selectorKey":".",
                 "events":[{"type":"Failed","operation":"Apply","message":"chaos-daemon unreachable"}]}]}}})")
            << InjectionPhase::Failed;
    }
    void phases()
    {
        QFETCH(QByteArray, cr);
        QFETCH(InjectionPhase, phase);
        const QJsonDocument doc = QJsonDocument::fromJson(cr);
        QVERIFY2(doc.isObject(), cr.constData());
        const InjectionStatus s = ChaosStatusReader::read(doc.object());
        QCOMPARE(s.phase, phase);
        if (phase == InjectionPhase::Deleting)
            QCOMPARE(s.finalizers, QStringList{QStringLiteral("chaos-mesh/records")});
        if (phase == InjectionPhase::Failed)
            QCOMPARE(s.message,
                     QStringLiteral("Apply on shop/web-1 failed: chaos-daemon unreachable"));
        if (phase == InjectionPhase::Injected)
            QCOMPARE(s.targets, QStringList{QStringLiteral("shop/web-1")}); // the container's pod
    }

    void newestEventWins()
    {
        const QJsonObject list = QJsonDocument::fromJson(R"({"items":[
            {"reason":"Started","message":"Experiment has started","lastTimestamp":"2026-11-29T22:00:00Z"},
            {"reason":"TimeUp","message":"Time up according to the duration","lastTimestamp":"2026-11-29T22:05:00Z"},
            {"reason":"Applied","message":"Successfully apply chaos for shop/web-1","lastTimestamp":"2026-11-29T22:00:02Z"}]})")
                                     .object();
        QCOMPARE(ChaosStatusReader::latestEventText(list),
                 QStringLiteral("TimeUp: Time up according to the duration"));
        QVERIFY(ChaosStatusReader::latestEventText({}).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestChaosStatusReader)
#include "tst_chaosstatusreader.moc"
