// When a Schedule ticks next (the experiment monitor's "next run"), as Chaos Mesh's cron reads
// spec.schedule; and the rhythm ScheduleStatusReader reads from a Schedule and its children.

#include "chaos/kube/schedulestatusreader.h"
#include "chaos/kube/schedulestatustimes.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace meshscope::chaos;

namespace {
QDateTime utc(const char *iso)
{
    return QDateTime::fromString(QLatin1String(iso), Qt::ISODate).toUTC();
}
} // namespace

class TestScheduleStatusTimes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void nextTick_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QDateTime>("last");
        QTest::addColumn<QDateTime>("now");
        QTest::addColumn<QDateTime>("next");
        QTest::newRow("@every from the last tick")
            << "@every 5m" << utc("2026-11-30T10:00:00Z") << utc("2026-11-30T10:02:10Z")
            << utc("2026-11-30T10:05:00Z");
        QTest::newRow("@every, status.time a few ticks behind")
            << "@every 5m" << utc("2026-11-30T10:00:00Z") << utc("2026-11-30T10:17:00Z")
            << utc("2026-11-30T10:20:00Z");
        QTest::newRow("@every 90s") << "@every 1m30s" << utc("2026-11-30T10:00:00Z")
                                    << utc("2026-11-30T10:00:01Z") << utc("2026-11-30T10:01:30Z");
        QTest::newRow("every five minutes")
            << "*/5 * * * *" << QDateTime() << utc("2026-11-30T10:02:10Z")
            << utc("2026-11-30T10:05:00Z");
        QTest::newRow("on the minute itself: the next one")
            << "*/5 * * * *" << QDateTime() << utc("2026-11-30T10:05:00Z")
            << utc("2026-11-30T10:10:00Z");
        QTest::newRow("ranges and lists")
            << "15,45 9-17 * * *" << QDateTime() << utc("2026-11-30T17:50:00Z")
            << utc("2026-12-01T09:15:00Z");
        QTest::newRow("weekdays at 02:30 (Monday 2026-11-30)")
            << "30 2 * * 1-5" << QDateTime() << utc("2026-12-04T03:00:00Z")
            << utc("2026-12-07T02:30:00Z");
        QTest::newRow("@daily") << "@daily" << QDateTime() << utc("2026-11-30T10:00:00Z")
                                << utc("2026-12-01T00:00:00Z");
        QTest::newRow("day of month or Sunday")
            << "0 0 15 * 0" << QDateTime() << utc("2026-11-30T10:00:00Z")
            << utc("2026-12-06T00:00:00Z");
        QTest::newRow("unreadable: no time")
            << "every five minutes" << QDateTime() << utc("2026-11-30T10:00:00Z") << QDateTime();
        QTest::newRow("never comes")
            << "0 0 31 2 *" << QDateTime() << utc("2026-11-30T10:00:00Z") << QDateTime();
    }
    void nextTick()
    {
        QFETCH(QString, expression);
        QFETCH(QDateTime, last);
        QFETCH(QDateTime, now);
        QFETCH(QDateTime, next);
        QCOMPARE(ScheduleStatusTimes::next(expression, last, now), next);
    }

    // status.time is the last tick, status.active the children acting, the children listed the
    // ones spawned; the next tick follows from spec.schedule.
    void readerReportsTheRhythm()
    {
        const QJsonObject schedule = QJsonDocument::fromJson(R"({
            "metadata":{"name":"kill","creationTimestamp":"2026-11-30T09:50:00Z"},
            "spec":{"schedule":"@every 5m","type":"PodChaos"},
            "status":{"time":"2026-11-30T10:00:00Z","active":[{"kind":"PodChaos","name":"kill-b"}]}})")
                                         .object();
        const QJsonArray children = QJsonDocument::fromJson(R"([
            {"metadata":{"name":"kill-a","creationTimestamp":"2026-11-30T09:55:00Z"}},
            {"metadata":{"name":"kill-b","creationTimestamp":"2026-11-30T10:00:00Z"},
             "status":{"conditions":[{"type":"AllInjected","status":"True"}]}}])")
                                        .array();
        const InjectionStatus s =
            ScheduleStatusReader::read(schedule, children, utc("2026-11-30T10:01:00Z"));
        QVERIFY(s.schedule);
        QCOMPARE(s.schedule->expression, QStringLiteral("@every 5m"));
        QCOMPARE(s.schedule->lastRun, utc("2026-11-30T10:00:00Z"));
        QCOMPARE(s.schedule->nextRun, utc("2026-11-30T10:05:00Z"));
        QCOMPARE(s.schedule->active, 1);
        QCOMPARE(s.schedule->spawned, 2);

        // Before the first tick: counted from the creation; paused: nothing is due.
        const InjectionStatus fresh =
            ScheduleStatusReader::read(QJsonDocument::fromJson(R"({"metadata":{"name":"kill",
                "creationTimestamp":"2026-11-30T09:50:00Z"},"spec":{"schedule":"@every 5m"}})")
                                           .object(),
                                       {}, utc("2026-11-30T09:51:00Z"));
        QVERIFY(!fresh.schedule->lastRun.isValid());
        QCOMPARE(fresh.schedule->nextRun, utc("2026-11-30T09:55:00Z"));
        QJsonObject paused = schedule;
        paused["metadata"] = QJsonDocument::fromJson(R"({"name":"kill","annotations":{
            "experiment.chaos-mesh.org/pause":"true"}})")
                                 .object();
        const InjectionStatus p =
            ScheduleStatusReader::read(paused, children, utc("2026-11-30T10:01:00Z"));
        QVERIFY(p.schedule->paused);
        QVERIFY(!p.schedule->nextRun.isValid());
    }
};

QTEST_GUILESS_MAIN(TestScheduleStatusTimes)
#include "tst_schedulestatustimes.moc"
