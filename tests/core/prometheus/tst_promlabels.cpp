#include "core/prometheus/promlabels.h"

#include <QTest>

using namespace meshscope::core;

// The labels of a series: a flat array behaving as the QMap it replaced (sorted names, one value
// per name, lookups by any string type).
class TstPromLabels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void namesStaySortedAndUnique()
    {
        PromLabels l;
        l.insert(QStringLiteral("response_code"), QStringLiteral("200"));
        l.insert(QStringLiteral("destination_service_name"), QStringLiteral("cart"));
        l.insert(QStringLiteral("le"), QStringLiteral("+Inf"));
        l.insert(QStringLiteral("le"), QStringLiteral("5")); // replaces
        QCOMPARE(l.size(), 3);
        QCOMPARE(l.keys(), (QStringList{"destination_service_name", "le", "response_code"}));
        QCOMPARE(l.value("le"), QStringLiteral("5"));
        QCOMPARE(l.firstKey(), QStringLiteral("destination_service_name"));
        QStringList values;
        for (auto it = l.cbegin(); it != l.cend(); ++it)
            values << it.key() + QLatin1Char('=') + it.value();
        QCOMPARE(values,
                 (QStringList{"destination_service_name=cart", "le=5", "response_code=200"}));
        QStringList byRange;
        for (const QString &v : l)
            byRange << v;
        QCOMPARE(byRange, (QStringList{"cart", "5", "200"}));
    }

    void aHintAppendsOnlyInOrder()
    {
        PromLabels l;
        l.insert(l.cend(), QStringLiteral("a"), QStringLiteral("1"));
        l.insert(l.cend(), QStringLiteral("c"), QStringLiteral("3"));
        l.insert(l.cend(), QStringLiteral("b"), QStringLiteral("2")); // out of order: sorted in
        l.insert(l.cend(), QStringLiteral("c"), QStringLiteral("4")); // a name again: replaced
        QCOMPARE(l.keys(), (QStringList{"a", "b", "c"}));
        QCOMPARE(l.value(QStringLiteral("c")), QStringLiteral("4"));
        QCOMPARE(l, (PromLabels{{"a", "1"}, {"b", "2"}, {"c", "4"}}));
    }

    void lookupsByEveryStringType()
    {
        const PromLabels l{{"meshscope_edge", "a|b"}, {"quantile", "0.95"}, {"zé", "x"}};
        QCOMPARE(l.value(QLatin1String("quantile")), QStringLiteral("0.95"));
        QCOMPARE(l.value(u"quantile"), QStringLiteral("0.95"));
        QCOMPARE(l.value("quantile"), QStringLiteral("0.95"));
        QCOMPARE(l.value(QStringView(u"meshscope_edge")), QStringLiteral("a|b"));
        QCOMPARE(l.value("zé"), QStringLiteral("x")); // UTF-8: its length is in bytes
        QVERIFY(l.contains("zé"));
        QVERIFY(!l.contains("quantil"));
        QVERIFY(!l.contains("quantiles"));
        QCOMPARE(l.value("missing", QStringLiteral("none")), QStringLiteral("none"));
        QVERIFY(l.constFind("missing") == l.cend());
        QCOMPARE(*l.constFind(QLatin1String("meshscope_edge")), QStringLiteral("a|b"));
    }

    void editsAsAMapWould()
    {
        PromLabels l{{"b", "2"}, {"a", "1"}, {"a", "0"}}; // as QMap: the last value wins
        QCOMPARE(l.keys(), (QStringList{"a", "b"}));
        QCOMPARE(l.value("a"), QStringLiteral("0"));
        l[QStringLiteral("c")] = QStringLiteral("3");
        l[QStringLiteral("a")] += QStringLiteral("!");
        QCOMPARE(l, (PromLabels{{"a", "0!"}, {"b", "2"}, {"c", "3"}}));
        QCOMPARE(l.take("b"), QStringLiteral("2"));
        QCOMPARE(l.remove("b"), 0);
        QCOMPARE(l.remove("c"), 1);
        QCOMPARE(l, (PromLabels{{"a", "0!"}}));
        QVERIFY(l != PromLabels{});
        l.clear();
        QVERIFY(l.isEmpty());
    }
};

QTEST_APPLESS_MAIN(TstPromLabels)
#include "tst_promlabels.moc"
