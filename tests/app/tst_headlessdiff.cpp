#include "app/commandline.h"
#include "core/io/snapshotio.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::app::CommandLine;
using meshscope::testing::sampleFromCalls;

namespace {

void save(const QString &calls, const QString &path, double cartScore)
{
    TopologyBuilder builder;
    const TopologyPtr t = builder.build(sampleFromCalls(calls));
    HealthScores scores;
    scores.generation = t->generation();
    for (const TopologyNode &node : t->nodes()) {
        HealthVerdict v;
        v.score = node.name == QLatin1String("cart") ? cartScore : 95.0;
        v.band = v.score < 50 ? HealthBand::Failing : HealthBand::Healthy;
        scores.nodes.push_back(v);
    }
    scores.edges.resize(t->edges().size());
    QVERIFY(writeSnapshotFile({t.get(), &scores, nullptr, nullptr, {}}, path));
}

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QStringList &arguments)
{
    QProcess process;
    process.start(QStringLiteral(MESHSCOPE_BINARY), arguments);
    Run r;
    if (!process.waitForFinished(60000))
        return r;
    r.exitCode = process.exitCode();
    r.out = QString::fromUtf8(process.readAllStandardOutput());
    r.err = QString::fromUtf8(process.readAllStandardError());
    return r;
}

} // namespace

class TestHeadlessDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses()
    {
        const CommandLine c =
            CommandLine::parse({"meshscope", "diff", "a.json", "b.json", "-o", "out.csv"});
        QVERIFY(c.mode == CommandLine::Mode::Diff);
        QCOMPARE(c.diffBefore, "a.json");
        QCOMPARE(c.diffAfter, "b.json");
        QCOMPARE(c.output, "out.csv");
        const CommandLine one = CommandLine::parse({"meshscope", "diff", "a.json"});
        QVERIFY(one.mode == CommandLine::Mode::Error);
        QVERIFY2(one.message.contains("two snapshot files"), qPrintable(one.message));
        QVERIFY(CommandLine::parse({"meshscope", "diff", "a", "b", "--bogus"}).mode ==
                CommandLine::Mode::Error);
    }

    void comparesTwoSnapshotFiles()
    {
        QTemporaryDir dir;
        save("web>cart cart>redis", dir.filePath("before.json"), 90.0);
        save("web>cart cart>pg", dir.filePath("after.json"), 30.0);
        const Run r = run({"diff", dir.filePath("before.json"), dir.filePath("after.json"), "-o",
                           dir.filePath("diff.json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("before.json -> after.json: 1 services added, 1 removed, 1 scores "
                                "changed, 1 calls added, 1 removed"),
                 qPrintable(r.out + r.err));
        QFile file(dir.filePath("diff.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(root.value("summary").toObject().value("changed").toInt(), 1);

        // Without -o: CSV on stdout, the summary on stderr.
        const Run csv = run({"diff", dir.filePath("before.json"), dir.filePath("after.json")});
        QCOMPARE(csv.exitCode, 0);
        QVERIFY(csv.out.startsWith("kind,id,name"));
        QVERIFY(csv.out.contains("service,c1/shop/cart,cart,shop,changed,90.0,30.0,-60.0"));
        QVERIFY(csv.err.contains("1 scores changed"));
    }

    void aBadFileIsNamed()
    {
        QTemporaryDir dir;
        save("web>cart", dir.filePath("ok.json"), 90.0);
        QFile broken(dir.filePath("broken.json"));
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{\"format\": \"something-else\"}");
        broken.close();
        const Run r = run({"diff", dir.filePath("ok.json"), dir.filePath("broken.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("broken.json"), qPrintable(r.err));
        QCOMPARE(run({"diff", dir.filePath("ok.json")}).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestHeadlessDiff)
#include "tst_headlessdiff.moc"
