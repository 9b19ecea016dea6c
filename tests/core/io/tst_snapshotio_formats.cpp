// Snapshots written as Graphviz DOT and GraphML (read back by the real parsers: dot, an XML
// reader) and written to a file chosen by its extension, with the errors a user sees for a
// wrong name or folder. JSON: tst_snapshotio.

#include "core/io/snapshotio.h"
#include "tests/testsupport/snapshotfixture.h"

#include <QBuffer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

using namespace meshscope::core;
using meshscope::Result;
using namespace meshscope::testing::snapshot;

class TestSnapshotIoFormats : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dotCountsAndEscaping()
    {
        const Fixture f = fixture();
        const QByteArray dot = written(&writeDot, f.view());
        const QString text = QString::fromUtf8(dot);
        QVERIFY(text.startsWith(QLatin1String("digraph G {")));
        // Statements: "<index> [..." for nodes, "<index>-><index> [..." for edges.
        const QRegularExpression nodeLine(QStringLiteral("^(\\d+) \\[label="),
                                          QRegularExpression::MultilineOption);
        const QRegularExpression edgeLine(QStringLiteral("^(\\d+)->(\\d+) \\[rps="),
                                          QRegularExpression::MultilineOption);
        int nodes = 0;
        for (auto it = nodeLine.globalMatch(text); it.hasNext(); it.next())
            ++nodes;
        int edges = 0;
        for (auto it = edgeLine.globalMatch(text); it.hasNext(); it.next())
            ++edges;
        QCOMPARE(nodes, f.topology->nodeCount());
        QCOMPARE(edges, f.topology->edgeCount());
        QVERIFY2(text.contains(QStringLiteral("label=\"pay\\\"ments.v2-<&>\\nshop\"")),
                 qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("pos=\"120.5,40!\""))); // y flipped for Graphviz
        QVERIFY(text.contains(QStringLiteral("band=\"healthy\", fillcolor=\"#2e9e44\"")));
        QVERIFY(!text.contains(QLatin1String("nan")));

        // The real parser, where Graphviz is installed: it must read every node and edge back.
        const QString dotTool = QStandardPaths::findExecutable(QStringLiteral("dot"));
        if (dotTool.isEmpty())
            QSKIP("Graphviz 'dot' not installed: parsed with the line patterns only");
        QProcess process;
        process.start(dotTool, {QStringLiteral("-Tplain")});
        QVERIFY(process.waitForStarted());
        process.write(dot);
        process.closeWriteChannel();
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        const QStringList lines =
            QString::fromUtf8(process.readAllStandardOutput()).split(QLatin1Char('\n'));
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^node "))).size(),
                 f.topology->nodeCount());
        QCOMPARE(lines.filter(QRegularExpression(QStringLiteral("^edge "))).size(),
                 f.topology->edgeCount());
        QVERIFY(lines.filter(QStringLiteral("pay\"ments.v2-<&>\\nshop")).size() == 1 ||
                lines.filter(QStringLiteral("\"pay\\\"ments.v2-<&>\\nshop\"")).size() == 1);
    }

    void graphMlWellFormed()
    {
        const Fixture f = fixture();
        const QByteArray xml = written(&writeGraphMl, f.view());
        QXmlStreamReader reader(xml);
        int nodes = 0;
        int edges = 0;
        QHash<QString, QString> keyName; // key id -> "node:name" / "edge:name"
        QString currentKey;
        QStringList oddNames;
        QStringList edgeScores;
        while (!reader.atEnd()) {
            reader.readNext();
            if (!reader.isStartElement())
                continue;
            const auto name = reader.name();
            if (name == QLatin1String("key")) {
                keyName.insert(
                    reader.attributes().value(QLatin1String("id")).toString(),
                    reader.attributes().value(QLatin1String("for")).toString() + QLatin1Char(':') +
                        reader.attributes().value(QLatin1String("attr.name")).toString());
            } else if (name == QLatin1String("node")) {
                ++nodes;
            } else if (name == QLatin1String("edge")) {
                ++edges;
            } else if (name == QLatin1String("data")) {
                const QString key =
                    keyName.value(reader.attributes().value(QLatin1String("key")).toString());
                const QString value = reader.readElementText();
                if (key == QLatin1String("node:name") && value.startsWith(QLatin1String("pay")))
                    oddNames << value;
                if (key == QLatin1String("edge:score"))
                    edgeScores << value;
            }
        }
        QVERIFY2(!reader.hasError(), qPrintable(reader.errorString()));
        QCOMPARE(nodes, f.topology->nodeCount());
        QCOMPARE(edges, f.topology->edgeCount());
        QStringList keys = keyName.values();
        keys.sort();
        QCOMPARE(
            keys.join(QLatin1Char(' ')),
            QStringLiteral(
                "edge:errorRatio edge:p95Ms edge:protocol edge:rps edge:score node:band node:kind "
                "node:name node:namespace node:nodeId node:score node:x node:y"));
        QCOMPARE(oddNames, QStringList{kOddName});
        edgeScores.sort();
        QCOMPARE(edgeScores,
                 (QStringList{QStringLiteral("70"), QStringLiteral("71"), QStringLiteral("NaN")}));
        QVERIFY(!xml.contains(">nan<"));
    }

    void writeSnapshotFileByExtension_data()
    {
        QTest::addColumn<QString>("fileName");
        QTest::addColumn<QByteArray>("start");
        QTest::newRow("json") << "snap.json" << QByteArray("{");
        QTest::newRow("dot") << "snap.dot" << QByteArray("digraph G {");
        QTest::newRow("gv upper case") << "snap.GV" << QByteArray("digraph G {");
        QTest::newRow("graphml") << "snap.graphml" << QByteArray("<?xml");
    }
    void writeSnapshotFileByExtension()
    {
        QFETCH(QString, fileName);
        QFETCH(QByteArray, start);
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        dir.setAutoRemove(false);
        const Fixture f = fixture();
        const QString path = dir.filePath(fileName);
        const Result<void> r = writeSnapshotFile(f.view(), path);
        QVERIFY2(r.ok(), qPrintable(r.error()));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().startsWith(start));
        if (start == "{") {
            const Result<LoadedSnapshot> back = readSnapshotFile(path);
            QVERIFY2(back.ok(), qPrintable(back.error()));
            QCOMPARE(back->topology->nodeCount(), f.topology->nodeCount());
        }
    }

    void writeSnapshotFileErrors_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QStringList>("mentions");
        QTest::newRow("unknown extension")
            << "/tmp/snap.png"
            << QStringList{QStringLiteral("'/tmp/snap.png'"), QStringLiteral("'.png'"),
                           QStringLiteral(".graphml")};
        QTest::newRow("no extension") << "/tmp/snap" << QStringList{QStringLiteral("no extension")};
        QTest::newRow("missing directory")
            << "/nonexistent-meshscope-dir/snap.json"
            << QStringList{QStringLiteral("'/nonexistent-meshscope-dir/snap.json'"),
                           QStringLiteral("No such file")};
    }
    void writeSnapshotFileErrors()
    {
        QFETCH(QString, path);
        QFETCH(QStringList, mentions);
        const Fixture f = fixture();
        const Result<void> r = writeSnapshotFile(f.view(), path);
        QVERIFY(!r.ok());
        for (const QString &m : mentions)
            QVERIFY2(r.error().contains(m), qPrintable(r.error()));
        QVERIFY(!QFile::exists(path));
    }

    void writersRefuseWithoutTopologyOrDevice()
    {
        QBuffer buffer;
        buffer.open(QIODevice::WriteOnly);
        const Result<void> r = writeJson(SnapshotView{}, buffer);
        QVERIFY(!r.ok());
        QVERIFY(r.error().contains(QLatin1String("no topology")));
        const Fixture f = fixture();
        QBuffer closed;
        const Result<void> c = writeGraphMl(f.view(), closed);
        QVERIFY(!c.ok());
        QVERIFY(c.error().contains(QLatin1String("not open for writing")));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotIoFormats)
#include "tst_snapshotio_formats.moc"
