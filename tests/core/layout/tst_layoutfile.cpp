#include "core/layout/layoutfile.h"

#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

class TestLayoutFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip()
    {
        SavedLayout layout;
        layout.source = QStringLiteral("demo:shop");
        const NodeId cart(QStringLiteral("demo"), QStringLiteral("shop"), QStringLiteral("cart"));
        const NodeId fe(QStringLiteral("demo"), QStringLiteral("shop"), QStringLiteral("frontend"));
        layout.positions.insert(cart, QPointF(12.5, -40));
        layout.positions.insert(fe, QPointF(0, 0));
        layout.pinned.insert(cart);
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("layout.json"));
        QVERIFY(LayoutFile::save(layout, path).ok());
        const Result<SavedLayout> loaded = LayoutFile::load(path);
        QVERIFY2(loaded.ok(), qPrintable(loaded.error()));
        QCOMPARE(loaded->source, layout.source);
        QCOMPARE(loaded->positions, layout.positions);
        QCOMPARE(loaded->pinned, layout.pinned);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("not json") << QByteArray("{\"format\":") << QStringLiteral("not valid JSON");
        QTest::newRow("other format") << QByteArray("{\"format\":\"x\",\"version\":1}")
                                      << QStringLiteral("not a Meshscope layout");
        QTest::newRow("future version")
            << QByteArray("{\"format\":\"meshscope-layout\",\"version\":9}")
            << QStringLiteral("version 9");
        QTest::newRow("node without x")
            << QByteArray("{\"format\":\"meshscope-layout\",\"version\":1,\"nodes\":[{\"id\":\"a/b/"
                          "c\",\"y\":1}]}")
            << QStringLiteral("node 0");
    }

    void rejects()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, messagePart);
        const Result<SavedLayout> r = LayoutFile::fromJson(json, QStringLiteral("saved.json"));
        QVERIFY(!r.ok());
        QVERIFY2(r.error().contains(messagePart) &&
                     r.error().contains(QStringLiteral("saved.json")),
                 qPrintable(r.error()));
    }

    void unreadableFile()
    {
        const Result<SavedLayout> r =
            LayoutFile::load(QStringLiteral("/nonexistent/dir/layout.json"));
        QVERIFY(!r.ok());
        QVERIFY(r.error().contains(QStringLiteral("/nonexistent/dir/layout.json")));
    }
};

QTEST_GUILESS_MAIN(TestLayoutFile)
#include "tst_layoutfile.moc"
