#include "core/demo/demomeshes.h"
#include "core/demo/layeredmesh.h"
#include "core/demo/meshspec.h"

#include <QSet>
#include <QTest>

using namespace meshscope::core;

namespace {

// Kahn's algorithm: true when every service can be ordered callers-before-callees.
bool isAcyclic(const MeshSpec &spec)
{
    const size_t n = spec.services.size();
    std::vector<int> inDegree(n, 0);
    std::vector<std::vector<int>> out(n);
    for (const CallSpec &c : spec.calls) {
        out[size_t(c.from)].push_back(c.to);
        ++inDegree[size_t(c.to)];
    }
    std::vector<int> queue;
    for (size_t s = 0; s < n; ++s)
        if (inDegree[s] == 0)
            queue.push_back(int(s));
    for (size_t head = 0; head < queue.size(); ++head)
        for (int t : out[size_t(queue[head])])
            if (--inDegree[size_t(t)] == 0)
                queue.push_back(t);
    return queue.size() == n;
}

bool callsAreValid(const MeshSpec &spec)
{
    QSet<QPair<int, int>> seen;
    for (const CallSpec &c : spec.calls) {
        const int n = int(spec.services.size());
        if (c.from < 0 || c.from >= n || c.to < 0 || c.to >= n || c.from == c.to ||
            !(c.callsPerRequest > 0.0))
            return false;
        if (seen.contains({c.from, c.to}))
            return false;
        seen.insert({c.from, c.to});
    }
    return true;
}

int countKind(const MeshSpec &spec, NodeKind kind)
{
    return int(std::count_if(spec.services.begin(), spec.services.end(),
                             [kind](const ServiceSpec &s) { return s.kind == kind; }));
}

const ServiceSpec *find(const MeshSpec &spec, const char *name)
{
    for (const ServiceSpec &s : spec.services)
        if (s.name == QLatin1String(name))
            return &s;
    return nullptr;
}

bool sameMesh(const MeshSpec &a, const MeshSpec &b)
{
    if (a.services.size() != b.services.size() || a.calls.size() != b.calls.size())
        return false;
    for (size_t i = 0; i < a.services.size(); ++i)
        if (a.services[i].name != b.services[i].name || a.services[i].ns != b.services[i].ns)
            return false;
    for (size_t i = 0; i < a.calls.size(); ++i)
        if (a.calls[i].from != b.calls[i].from || a.calls[i].to != b.calls[i].to ||
            a.calls[i].callsPerRequest != b.calls[i].callsPerRequest)
            return false;
    return true;
}

} // namespace

class TestDemoMeshes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void shopHasTheOnlineBoutiqueShape()
    {
        const auto mesh = loadDemoMesh(QStringLiteral("shop"), 1);
        QVERIFY2(mesh.ok(), qPrintable(mesh.error()));
        const MeshSpec &spec = mesh.value();
        QCOMPARE(int(spec.services.size()), 12);
        QCOMPARE(spec.cluster, QStringLiteral("demo"));
        QCOMPARE(countKind(spec, NodeKind::Gateway), 1);
        QCOMPARE(countKind(spec, NodeKind::Database), 1);
        QVERIFY(isAcyclic(spec));
        QVERIFY(callsAreValid(spec));
        const ServiceSpec *frontend = find(spec, "frontend");
        const ServiceSpec *redis = find(spec, "redis-cart");
        const ServiceSpec *cart = find(spec, "cartservice");
        QVERIFY(frontend && redis && cart);
        QVERIFY(frontend->protocol == Protocol::Http);
        QVERIFY(cart->protocol == Protocol::Grpc);
        QVERIFY(redis->protocol == Protocol::Tcp);
        QCOMPARE(frontend->ns, QStringLiteral("shop"));
        // Traffic enters only through the gateway.
        for (const ServiceSpec &s : spec.services)
            QCOMPARE(s.entryRps > 0.0, s.kind == NodeKind::Gateway);
        QVERIFY(spec.calls.size() >= 14);
    }

    void ticketsHasTheTrainTicketShape()
    {
        const auto mesh = loadDemoMesh(QStringLiteral("tickets"), 1);
        QVERIFY2(mesh.ok(), qPrintable(mesh.error()));
        const MeshSpec &spec = mesh.value();
        QVERIFY(spec.services.size() >= 36 && spec.services.size() <= 44);
        QVERIFY(isAcyclic(spec));
        QVERIFY(callsAreValid(spec));
        QCOMPARE(countKind(spec, NodeKind::Gateway), 1);
        QVERIFY(countKind(spec, NodeKind::Database) >= 4);
        QCOMPARE(countKind(spec, NodeKind::External), 1);
        for (const char *name :
             {"ts-ui-dashboard", "ts-auth", "ts-order", "ts-travel", "ts-preserve", "ts-payment"})
            QVERIFY2(find(spec, name), name);
        QCOMPARE(find(spec, "ts-order")->ns, QStringLiteral("train-ticket"));
        // Every service is reached from the gateway (no orphan left by a typo in a call list).
        std::vector<int> inDegree(spec.services.size(), 0);
        for (const CallSpec &c : spec.calls)
            ++inDegree[size_t(c.to)];
        for (size_t s = 0; s < spec.services.size(); ++s)
            QVERIFY2(inDegree[s] > 0 || spec.services[s].kind == NodeKind::Gateway,
                     qPrintable(spec.services[s].name));
    }

    void generatedHasTheRequestedSize_data()
    {
        QTest::addColumn<int>("n");
        QTest::newRow("1") << 1;
        QTest::newRow("12") << 12;
        QTest::newRow("500") << 500;
        QTest::newRow("5000") << 5000;
    }
    void generatedHasTheRequestedSize()
    {
        QFETCH(int, n);
        const auto mesh = loadDemoMesh(QStringLiteral("generated:%1").arg(n), 7);
        QVERIFY2(mesh.ok(), qPrintable(mesh.error()));
        QCOMPARE(int(mesh->services.size()), n);
        QVERIFY(isAcyclic(mesh.value()));
        QVERIFY(callsAreValid(mesh.value()));
        if (n >= 500) {
            const double perService = double(mesh->calls.size()) / n;
            QVERIFY2(perService >= 3.0 && perService <= 5.0,
                     qPrintable(QString::number(perService)));
        }
    }

    void generatedKeepsTheGeneratorsShapeAndIsProvisioned()
    {
        const auto mesh = loadDemoMesh(QStringLiteral("generated:2000"), 11);
        QVERIFY(mesh.ok());
        const MeshSpec raw = generateLayeredMesh(2000, 11);
        QVERIFY(sameMesh(mesh.value(), raw));
        // Replicas are only ever raised, so that the shared backends can take their callers.
        int raised = 0;
        for (size_t s = 0; s < raw.services.size(); ++s) {
            QVERIFY(mesh->services[s].replicas >= raw.services[s].replicas);
            raised += mesh->services[s].replicas > raw.services[s].replicas ? 1 : 0;
        }
        QVERIFY(raised > 0);
    }

    void generatedIsDeterministicBySeed()
    {
        const auto a = loadDemoMesh(QStringLiteral("generated:300"), 42);
        const auto b = loadDemoMesh(QStringLiteral("generated:300"), 42);
        const auto c = loadDemoMesh(QStringLiteral("generated:300"), 43);
        QVERIFY(a.ok() && b.ok() && c.ok());
        QVERIFY(sameMesh(a.value(), b.value()));
        QVERIFY(!sameMesh(a.value(), c.value()));
        // The hand-written meshes do not depend on the seed.
        QVERIFY(sameMesh(loadDemoMesh(QStringLiteral("shop"), 1).value(),
                         loadDemoMesh(QStringLiteral("shop"), 2).value()));
    }

    void badNamesAreRejected_data()
    {
        QTest::addColumn<QString>("name");
        QTest::newRow("empty") << QString();
        QTest::newRow("foo") << QStringLiteral("foo");
        QTest::newRow("generated:") << QStringLiteral("generated:");
        QTest::newRow("generated:0") << QStringLiteral("generated:0");
        QTest::newRow("generated:20001") << QStringLiteral("generated:20001");
        QTest::newRow("generated:abc") << QStringLiteral("generated:abc");
        QTest::newRow("Shop") << QStringLiteral("Shop");
    }
    void badNamesAreRejected()
    {
        QFETCH(QString, name);
        const auto mesh = loadDemoMesh(name, 1);
        QVERIFY(!mesh.ok());
        QVERIFY2(mesh.error().contains(QLatin1Char('\'') + name + QLatin1Char('\'')),
                 qPrintable(mesh.error()));
        QVERIFY2(mesh.error().contains(QLatin1String("20000")), qPrintable(mesh.error()));
    }

    void largestGeneratedMeshLoads()
    {
        const auto mesh = loadDemoMesh(QStringLiteral("generated:20000"), 3);
        QVERIFY2(mesh.ok(), qPrintable(mesh.error()));
        QCOMPARE(int(mesh->services.size()), 20000);
        QVERIFY(isAcyclic(mesh.value()));
    }
};

QTEST_GUILESS_MAIN(TestDemoMeshes)
#include "tst_demomeshes.moc"
