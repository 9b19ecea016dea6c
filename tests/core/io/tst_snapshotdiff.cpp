#include "core/history/historystore.h"
#include "core/io/snapshotdiff.h"
#include "core/io/snapshotio.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::sampleFromCalls;
using meshscope::testing::svc;

namespace {

HealthScores scored(const Topology &t, const QHash<QString, double> &scores)
{
    HealthScores out;
    out.generation = t.generation();
    for (const TopologyNode &node : t.nodes()) {
        HealthVerdict v;
        v.score = scores.value(node.name, 95.0);
        v.band = v.score < 50   ? HealthBand::Failing
                 : v.score < 75 ? HealthBand::Degraded
                                : HealthBand::Healthy;
        out.nodes.push_back(v);
    }
    out.edges.resize(t.edges().size());
    return out;
}

const SnapshotDiff::Service &service(const SnapshotDiff &diff, const char *name)
{
    for (const SnapshotDiff::Service &s : diff.services()) {
        if (s.id == svc(name))
            return s;
    }
    static const SnapshotDiff::Service none;
    return none;
}

} // namespace

class TestSnapshotDiff : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addedRemovedAndChanged()
    {
        TopologyBuilder b0, b1;
        const TopologyPtr before = b0.build(sampleFromCalls("web>cart cart>redis web>ads"));
        const TopologyPtr after = b1.build(sampleFromCalls("web>cart cart>pg web>ads ads>pg"));
        const HealthScores s0 = scored(*before, {{"cart", 90.4}, {"ads", 80.0}});
        const HealthScores s1 = scored(*after, {{"cart", 40.0}, {"ads", 80.9}});
        const Positions p0{{svc("redis"), QPointF(10, 20)}};
        const SnapshotDiff diff =
            SnapshotDiff::compare({before.get(), &s0, &p0, "before.json", 1000},
                                  {after.get(), &s1, nullptr, "now", 2000});
        QCOMPARE(diff.count(SnapshotDiff::Status::Added), 1);   // pg
        QCOMPARE(diff.count(SnapshotDiff::Status::Removed), 1); // redis
        QCOMPARE(diff.count(SnapshotDiff::Status::Changed), 1); // cart 90 -> 40
        QVERIFY(service(diff, "pg").status == SnapshotDiff::Status::Added);
        QVERIFY(service(diff, "redis").status == SnapshotDiff::Status::Removed);
        QCOMPARE(service(diff, "cart").delta(), 40.0 - 90.4);
        QVERIFY(service(diff, "cart").bandAfter == HealthBand::Failing);
        // 80.0 and 80.9 both read "80": not a change a user sees.
        QVERIFY(service(diff, "ads").status == SnapshotDiff::Status::Unchanged);
        QCOMPARE(diff.addedCalls().size(), size_t(2)); // cart>pg, ads>pg
        QCOMPARE(diff.removedCalls().size(), size_t(1));
        QCOMPARE(diff.removedCalls().front().target, svc("redis"));
        QCOMPARE(diff.removedPositions().value(svc("redis")), QPointF(10, 20));
        QVERIFY(!diff.isEmpty());
        const SnapshotDiff same = SnapshotDiff::compare({after.get(), &s1, nullptr, "a", 0},
                                                        {after.get(), &s1, nullptr, "b", 0});
        QVERIFY(same.isEmpty());
    }

    // The File menu path: a snapshot written by Export Data, read back, compared with now.
    void againstASavedJsonSnapshotAndExported()
    {
        QTemporaryDir dir;
        TopologyBuilder b0, b1;
        const TopologyPtr before = b0.build(sampleFromCalls("web>cart cart>redis"));
        const HealthScores s0 = scored(*before, {{"cart", 30.0}});
        const QString path = dir.filePath("before.json");
        QVERIFY(writeSnapshotFile({before.get(), &s0, nullptr, nullptr, {}}, path));
        const Result<LoadedSnapshot> loaded = readSnapshotFile(path);
        QVERIFY2(loaded, qPrintable(loaded.error()));
        const TopologyPtr now = b1.build(sampleFromCalls("web>cart"));
        const HealthScores s1 = scored(*now, {{"cart", 97.0}});
        const SnapshotDiff diff = SnapshotDiff::compare(
            {loaded.value().topology.get(), &loaded.value().scores, &loaded.value().positions,
             "before.json", loaded.value().timestampMs},
            {now.get(), &s1, nullptr, "now", 0});
        QCOMPARE(service(diff, "cart").before, 30.0);
        QVERIFY(service(diff, "cart").status == SnapshotDiff::Status::Changed);
        QVERIFY(service(diff, "redis").status == SnapshotDiff::Status::Removed);

        QVERIFY(diff.write(dir.filePath("diff.json")));
        QFile json(dir.filePath("diff.json"));
        QVERIFY(json.open(QIODevice::ReadOnly));
        const QJsonObject root = QJsonDocument::fromJson(json.readAll()).object();
        QCOMPARE(root.value("format").toString(), "meshscope-diff");
        QCOMPARE(root.value("summary").toObject().value("removed").toInt(), 1);
        QCOMPARE(root.value("removedCalls").toArray().size(), 1);
        const QJsonArray services = root.value("services").toArray();
        QCOMPARE(services.size(), 3);
        QVERIFY(diff.write(dir.filePath("diff.csv")));
        QFile csv(dir.filePath("diff.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        const QString text = QString::fromUtf8(csv.readAll());
        QVERIFY(text.startsWith("kind,id,name,namespace,status,before,after,change"));
        QVERIFY2(text.contains("service,c1/shop/cart,cart,shop,changed,30.0,97.0,67.0,failing,"
                               "healthy\n"),
                 qPrintable(text));
        QVERIFY(text.contains("call,c1/shop/cart -> c1/shop/redis,,,removed"));
        const Result<void> bad = diff.write(dir.filePath("diff.xlsx"));
        QVERIFY(!bad);
        QVERIFY(bad.error().contains("diff.xlsx"));
    }

    void againstAHistoryMoment()
    {
        TopologyBuilder builder;
        HistoryStore history;
        const TopologyPtr t0 = builder.build(sampleFromCalls("web>cart", 1.0, kNaN, 1000));
        history.append(*t0, scored(*t0, {{"cart", 92.0}}));
        const TopologyPtr t1 = builder.build(sampleFromCalls("web>cart", 1.0, kNaN, 2000));
        history.append(*t1, scored(*t1, {{"cart", 91.0}}));
        const TopologyPtr now = builder.build(sampleFromCalls("web>cart cart>pg", 1.0, kNaN, 3000));
        const HealthScores s = scored(*now, {{"cart", 60.0}});
        const Result<SnapshotDiff> diff =
            SnapshotDiff::compareWithHistory(history, 1500, {now.get(), &s, nullptr, "now", 3000});
        QVERIFY2(diff, qPrintable(diff.error()));
        QCOMPARE(diff.value().beforeMs(), qint64(1000)); // the point at or before the moment
        QCOMPARE(service(diff.value(), "cart").before, 92.0);
        QVERIFY(service(diff.value(), "cart").status == SnapshotDiff::Status::Changed);
        QVERIFY(service(diff.value(), "pg").status == SnapshotDiff::Status::Added);
        QCOMPARE(diff.value().addedCalls().size(), size_t(1));
        QVERIFY(!diff.value().removedKnown());
        const Result<SnapshotDiff> tooEarly =
            SnapshotDiff::compareWithHistory(history, 10, {now.get(), &s, nullptr, "now", 3000});
        QVERIFY(!tooEarly);
        QVERIFY2(tooEarly.error().contains("oldest point"), qPrintable(tooEarly.error()));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotDiff)
#include "tst_snapshotdiff.moc"
