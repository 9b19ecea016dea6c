#include "chaos/manifest/yamlcodec.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using namespace meshscope::chaos;

class TestYamlCodec : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void scalarsResolveAsTheApiServerReadsThem_data()
    {
        QTest::addColumn<QByteArray>("yaml");
        QTest::addColumn<QJsonValue>("expected");
        QTest::newRow("plain integer") << QByteArray("v: 15") << QJsonValue(15);
        QTest::newRow("quoted integer is text")
            << QByteArray("v: \"15\"") << QJsonValue(QStringLiteral("15"));
        QTest::newRow("single quoted")
            << QByteArray("v: '100'") << QJsonValue(QStringLiteral("100"));
        QTest::newRow("float") << QByteArray("v: 0.5") << QJsonValue(0.5);
        QTest::newRow("duration is text")
            << QByteArray("v: 800ms") << QJsonValue(QStringLiteral("800ms"));
        QTest::newRow("yaml 1.1 yes") << QByteArray("v: yes") << QJsonValue(true);
        QTest::newRow("false") << QByteArray("v: false") << QJsonValue(false);
        QTest::newRow("null") << QByteArray("v: ~") << QJsonValue(QJsonValue::Null);
        QTest::newRow("empty") << QByteArray("v:") << QJsonValue(QJsonValue::Null);
        QTest::newRow("cron text")
            << QByteArray("v: \"@every 5m\"") << QJsonValue(QStringLiteral("@every 5m"));
    }
    void scalarsResolveAsTheApiServerReadsThem()
    {
        QFETCH(QByteArray, yaml);
        QFETCH(QJsonValue, expected);
        auto doc = YamlCodec::parse(yaml);
        QVERIFY2(doc, qPrintable(doc.error()));
        QCOMPARE(doc->value.toObject().value(QLatin1String("v")), expected);
    }

    void syntaxErrorNamesLineAndColumn()
    {
        auto doc = YamlCodec::parse("spec:\n  delay:\n    latency: [800ms\n  mode: all\n");
        QVERIFY(!doc);
        QVERIFY2(doc.error().startsWith(QLatin1String("line ")), qPrintable(doc.error()));
        QVERIFY2(doc.error().contains(QLatin1Char(':')), qPrintable(doc.error()));
    }

    void duplicateKeyIsRefusedWithItsLine()
    {
        auto doc = YamlCodec::parse("spec:\n  mode: one\n  mode: all\n");
        QVERIFY(!doc);
        QVERIFY2(doc.error().contains(QLatin1String("line 3:3")), qPrintable(doc.error()));
        QVERIFY2(doc.error().contains(QLatin1String("duplicate key \"mode\"")),
                 qPrintable(doc.error()));
    }

    void positionsPointAtFields()
    {
        auto doc = YamlCodec::parse("kind: NetworkChaos\nspec:\n  action: delayy\n  selector:\n    "
                                    "labelSelectors:\n      app.kubernetes.io/name: web\n");
        QVERIFY2(doc, qPrintable(doc.error()));
        QCOMPARE(locateField(doc->positions, QStringLiteral("spec.action")),
                 QStringLiteral("line 3:11"));
        QCOMPARE(
            locateField(doc->positions,
                        QStringLiteral("spec.selector.labelSelectors[app.kubernetes.io/name]")),
            QStringLiteral("line 6:31"));
        // A missing field points at its parent.
        QCOMPARE(locateField(doc->positions, QStringLiteral("spec.mode")),
                 QStringLiteral("line 3:3"));
    }

    void emitReadsBackToTheSameValue()
    {
        const QJsonObject o{{QStringLiteral("value"), QStringLiteral("15")},
                            {QStringLiteral("count"), 3},
                            {QStringLiteral("flag"), QStringLiteral("yes")},
                            {QStringLiteral("schedule"), QStringLiteral("@every 5m")},
                            {QStringLiteral("empty"), QString()},
                            {QStringLiteral("lines"), QStringLiteral("a\nb")},
                            {QStringLiteral("crlf"), QStringLiteral("ne\r\no loss 10 %")},
                            {QStringLiteral("cr"), QStringLiteral("ne\ro")},
                            {QStringLiteral("trailing newline"), QStringLiteral("x\n")},
                            {QStringLiteral("tab"), QStringLiteral("a\tb")},
                            {QStringLiteral("colon end"), QStringLiteral("key:")},
                            {QStringLiteral("unicode"), QStringLiteral("µs → ok")},
                            {QStringLiteral("pattern"), QStringLiteral("*.svc")},
                            {QStringLiteral("list"), QJsonArray{QStringLiteral("a"), 1, true}},
                            {QStringLiteral("app.kubernetes.io/name"), QStringLiteral("web")},
                            {QStringLiteral("nested"), QJsonObject{{QStringLiteral("x"), 0.25}}}};
        const QByteArray text = YamlCodec::dump(o);
        auto back = YamlCodec::parse(text);
        QVERIFY2(back, qPrintable(back.error() + QLatin1Char('\n') + QString::fromUtf8(text)));
        QCOMPARE(back->value.toObject(), o);
        QVERIFY2(text.contains("value: \"15\""), text.constData());
    }

    // Inputs the fuzzer found: yaml-cpp's LoadAll would loop on them forever.
    void inputsThatHangYamlCppAreRefused_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("flow entry at document level") << QByteArray(",kn");
        QTest::newRow("after a document") << QByteArray("a: 1\n---\n,\n");
    }
    void inputsThatHangYamlCppAreRefused()
    {
        QFETCH(QByteArray, text);
        auto docs = YamlCodec::parseAll(text);
        QVERIFY(!docs);
        QVERIFY2(docs.error().startsWith(QLatin1String("line ")), qPrintable(docs.error()));
    }

    void multiDocumentText()
    {
        auto docs = YamlCodec::parseAll("a: 1\n---\nb: 2\n---\n");
        QVERIFY2(docs, qPrintable(docs.error()));
        QCOMPARE(docs->size(), size_t(2));
        QVERIFY(!YamlCodec::parse("a: 1\n---\nb: 2\n"));
    }
};

QTEST_GUILESS_MAIN(TestYamlCodec)
#include "tst_yamlcodec.moc"
