#include "core/demo/demomeshes.h"
#include "core/demo/faultpresets.h"
#include "core/demo/meshsimulator.h"

#include <QTest>

using namespace meshscope;
using namespace meshscope::core;

namespace {

NodeId shop(const char *name)
{
    return NodeId(QStringLiteral("demo"), QStringLiteral("shop"), QString::fromLatin1(name));
}

const FaultPreset &preset(FaultSpec::Kind kind)
{
    for (const FaultPreset &p : FaultPresets::all()) {
        if (p.kind == kind)
            return p;
    }
    qFatal("no preset");
}

} // namespace

class TestFaultPresets : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    // Every preset the menu offers is accepted by the simulator, on a service and on a call.
    void everyPresetInjects()
    {
        MeshSimulator sim(loadDemoMesh(QStringLiteral("shop"), 1).value(), 1, 1'795'000'000'000);
        QCOMPARE(FaultPresets::all().size(), size_t(5));
        for (const FaultPreset &p : FaultPresets::all()) {
            const auto onService = FaultPresets::build(p, shop("paymentservice"));
            QVERIFY(onService.ok());
            const Result<int> id = sim.injectFault(*onService);
            QVERIFY2(id.ok(), qPrintable(id.error()));
            const auto onCall =
                FaultPresets::build(p, shop("paymentservice"), shop("checkoutservice"), 3);
            QVERIFY(sim.injectFault(*onCall).ok());
            QCOMPARE(onService->durationMs, 3 * 60 * 1000);
        }
    }

    void aCallScopesOnlyLatencyAndLoss()
    {
        const auto latency = FaultPresets::build(preset(FaultSpec::Kind::Latency),
                                                 shop("cartservice"), shop("frontend"));
        QCOMPARE(latency->caller, shop("frontend"));
        QCOMPARE(latency->latencyMs, 400.0);
        QCOMPARE(latency->jitterMs, 100.0);
        const auto dns = FaultPresets::build(preset(FaultSpec::Kind::DnsFailure),
                                             shop("cartservice"), shop("frontend"));
        QVERIFY(!dns->caller.isValid()); // DNS belongs to the callee as a whole
    }

    void killLeavesOneReplica()
    {
        const FaultPreset &kill = preset(FaultSpec::Kind::KillReplicas);
        QCOMPARE(FaultPresets::build(kill, shop("cartservice"), {}, 3)->replicas, 2);
        QCOMPARE(FaultPresets::build(kill, shop("cartservice"), {}, 1)->replicas, 1);
    }

    void noTargetIsAnError()
    {
        const auto none = FaultPresets::build(preset(FaultSpec::Kind::Latency), NodeId{});
        QVERIFY(!none.ok());
        QVERIFY(none.error().contains(QStringLiteral("select")));
    }
};

QTEST_GUILESS_MAIN(TestFaultPresets)
#include "tst_faultpresets.moc"
