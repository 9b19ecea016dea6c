#include "core/session/layoutmemory.h"
#include "tests/common/samplebuilder.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace meshscope;
using namespace meshscope::core;
using meshscope::testing::svc;

namespace {

} // namespace

class TestLayoutMemory : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void remembersPerSource()
    {
        QTemporaryDir dir;
        const LayoutMemory memory(dir.filePath(QStringLiteral("layouts")));
        SavedLayout shop{QStringLiteral("demo:shop"),
                         {{svc("checkout"), QPointF(4321, -1234)}, {svc("cart"), QPointF(0, 5)}},
                         {svc("checkout")}};
        QVERIFY(memory.remember(shop).ok());
        const auto recalled = memory.recall(QStringLiteral("demo:shop"));
        QVERIFY2(recalled.ok(), qPrintable(recalled.error()));
        QVERIFY(recalled->has_value());
        QCOMPARE((*recalled)->positions.value(svc("checkout")), QPointF(4321, -1234));
        QCOMPARE((*recalled)->pinned, shop.pinned);
        // Another source has no memory yet: a fresh layout, not an error.
        const auto tickets = memory.recall(QStringLiteral("demo:tickets"));
        QVERIFY(tickets.ok() && !tickets->has_value());
    }

    void sourceNamesBecomeSafeFileNames()
    {
        const LayoutMemory memory(QStringLiteral("/x"));
        QCOMPARE(memory.pathFor(QStringLiteral("prometheus:http://host:9090/a")),
                 QStringLiteral("/x/prometheus_http___host_9090_a.json"));
        QVERIFY(memory.pathFor(QStringLiteral("demo:generated:5000")) !=
                memory.pathFor(QStringLiteral("demo:generated:1000")));
    }

    void aDamagedFileIsAnErrorNamingIt()
    {
        QTemporaryDir dir;
        const LayoutMemory memory(dir.path());
        QFile file(memory.pathFor(QStringLiteral("demo:shop")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ not json");
        file.close();
        const auto recalled = memory.recall(QStringLiteral("demo:shop"));
        QVERIFY(!recalled.ok());
        QVERIFY2(recalled.error().contains(QStringLiteral("demo_shop.json")),
                 qPrintable(recalled.error()));
        QVERIFY(!memory.remember(SavedLayout{}).ok()); // no source, no file
    }
};

QTEST_GUILESS_MAIN(TestLayoutMemory)
#include "tst_layoutmemory.moc"
