#include "chaos/manifest/goduration.h"

#include <QTest>

using namespace meshscope::chaos;
using namespace std::chrono_literals;

class TestGoDuration : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1: refused
        QTest::newRow("seconds") << QStringLiteral("30s") << qint64(30000);
        QTest::newRow("minutes") << QStringLiteral("5m") << qint64(300000);
        QTest::newRow("compound") << QStringLiteral("1h30m") << qint64(5400000);
        QTest::newRow("fraction") << QStringLiteral("1.5h") << qint64(5400000);
        QTest::newRow("ms") << QStringLiteral("800ms") << qint64(800);
        QTest::newRow("us rounds down") << QStringLiteral("1500us") << qint64(1);
        QTest::newRow("bare zero") << QStringLiteral("0") << qint64(0);
        QTest::newRow("no unit") << QStringLiteral("300") << qint64(-1);
        QTest::newRow("days are not Go") << QStringLiteral("1d") << qint64(-1);
        QTest::newRow("words") << QStringLiteral("five minutes") << qint64(-1);
        QTest::newRow("empty") << QString() << qint64(-1);
    }
    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        auto d = GoDuration::parse(text);
        if (ms < 0) {
            QVERIFY(!d);
            QVERIFY2(d.error().contains(QLatin1String("is not a duration")), qPrintable(d.error()));
        } else {
            QVERIFY2(d, qPrintable(d.error()));
            QCOMPARE(d->count(), ms);
        }
    }

    void format()
    {
        QCOMPARE(GoDuration::format(30min), QStringLiteral("30m"));
        QCOMPARE(GoDuration::format(90s), QStringLiteral("1m30s"));
        QCOMPARE(GoDuration::format(2h + 5s), QStringLiteral("2h5s"));
        QCOMPARE(GoDuration::format(1500ms), QStringLiteral("1.5s"));
        QCOMPARE(GoDuration::format(250ms), QStringLiteral("250ms"));
        QCOMPARE(*GoDuration::parse(GoDuration::format(3723004ms)), 3723004ms);
    }
};

QTEST_GUILESS_MAIN(TestGoDuration)
#include "tst_goduration.moc"
