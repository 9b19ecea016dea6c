#include "core/demo/demosource.h"
#include "core/session/refreshengine.h"

#include <QTest>

#include <chrono>
#include <cmath>
#include <future>
#include <thread>

using namespace meshscope;
using namespace meshscope::core;

namespace {
constexpr qint64 kNow = 1'795'000'000'000;

// A DNS failure of a shop service for three minutes.
FaultSpec dns(const char *service)
{
    FaultSpec f;
    f.kind = FaultSpec::Kind::DnsFailure;
    f.service =
        NodeId(QStringLiteral("demo"), QStringLiteral("shop"), QString::fromLatin1(service));
    f.durationMs = 3 * 60 * 1000;
    return f;
}

// The share of the calls into `service` that failed, over all its callers.
double errorShareInto(const TelemetrySample &sample, const char *service)
{
    double errors = 0.0, requests = 0.0;
    for (const EdgeSample &e : sample.edges) {
        if (e.destination.name() == QLatin1String(service)) {
            errors += e.errorRate();
            requests += e.requestRate;
        }
    }
    return requests > 0 ? errors / requests : 0.0;
}
} // namespace

class TestDemoSource : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unknownMeshIsAnError()
    {
        const auto source = DemoSource::create(QStringLiteral("moon"), 1, [] { return kNow; });
        QVERIFY(!source.ok());
        QVERIFY(source.error().contains(QStringLiteral("moon")));
    }

    void fetchFollowsTheClock()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto source =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        QCOMPARE(source->name(), QStringLiteral("demo:shop"));
        const TelemetrySample first = source->fetch().value();
        *clock += 30'000;
        const TelemetrySample second = source->fetch().value();
        QVERIFY(second.timestampMs - first.timestampMs >= 25'000);
        QCOMPARE(first.nodes.size(), size_t(12));
    }

    void backfillReplaysTheRecentPast()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto source =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        std::vector<TelemetrySample> past;
        const int count = source->backfill(10 * 60 * 1000, 10'000,
                                           [&](const TelemetrySample &s) { past.push_back(s); });
        QCOMPARE(count, int(past.size()));
        QVERIFY(past.size() >= 55 && past.size() <= 60);
        for (size_t i = 1; i < past.size(); ++i)
            QVERIFY(past[i].timestampMs > past[i - 1].timestampMs);
        QVERIFY(past.front().timestampMs >= kNow - 10 * 60 * 1000);
        const TelemetrySample now = source->fetch().value();
        QVERIFY(past.back().timestampMs < now.timestampMs);
        QCOMPARE(source->backfill(10 * 60 * 1000, 10'000, [](const TelemetrySample &) {}),
                 0); // the past is used up
    }

    // The menu injects faults on the GUI thread while the first refresh backfills on a worker;
    // the backfill's consumer (build and score, seconds at 5,000 services) must not hold the
    // source's lock, or the window freezes until it is done.
    void injectingDuringABackfillDoesNotWaitForIt()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto source =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        FaultSpec fault;
        fault.kind = FaultSpec::Kind::DnsFailure;
        fault.service = NodeId(QStringLiteral("demo"), QStringLiteral("shop"),
                               QStringLiteral("paymentservice"));
        fault.durationMs = 3 * 60 * 1000;
        std::promise<Result<int>> injected;
        std::future<Result<int>> injectedFuture = injected.get_future();
        std::thread gui;
        bool returnedWhileConsuming = false;
        int consumed = 0;
        source->backfill(10 * 60 * 1000, 10'000, [&](const TelemetrySample &) {
            if (consumed++ == 0) {
                // Like the GUI thread: inject while this consumer is still busy with a sample.
                gui = std::thread([&] { injected.set_value(source->injectFault(fault)); });
                // A latch, not a measure: with the lock held through the consumer the inject
                // can only return after this callback, so the wait runs out.
                returnedWhileConsuming =
                    injectedFuture.wait_for(std::chrono::seconds(20)) == std::future_status::ready;
            }
        });
        gui.join();
        QVERIFY2(returnedWhileConsuming, "injectFault waited for the backfill's consumer");
        const Result<int> id = injectedFuture.get();
        QVERIFY2(id.ok(), qPrintable(id.error()));
        // The fault starts at the user's now, not in the replayed past: the first live sample
        // shows it.
        *clock += 60'000;
        const TelemetrySample live = source->fetch().value();
        double paymentErrors = 0.0;
        for (const EdgeSample &e : live.edges) {
            if (e.destination == fault.service)
                paymentErrors += e.requestRate > 0 ? e.errorRate() / e.requestRate : 0.0;
        }
        QVERIFY2(paymentErrors > 0.5, qPrintable(QString::number(paymentErrors)));
    }

    // Faults are validated at once and queued for the simulator (which may be stepping on a
    // worker): an invalid one is refused at once, and a clear-all between two injections
    // removes only the first.
    void faultsApplyInTheOrderGiven()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto source =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        FaultSpec bad = dns("nosuchservice");
        const Result<int> refused = source->injectFault(bad);
        QVERIFY(!refused.ok());
        QVERIFY2(refused.error().contains(QStringLiteral("no such service")),
                 qPrintable(refused.error()));

        const Result<int> first = source->injectFault(dns("paymentservice"));
        source->clearAllFaults();
        const Result<int> second = source->injectFault(dns("currencyservice"));
        QVERIFY(first.ok() && second.ok());
        QCOMPARE(second.value(), first.value() + 1);
        *clock += 60'000;
        const TelemetrySample live = source->fetch().value();
        QVERIFY2(errorShareInto(live, "paymentservice") < 0.01,
                 qPrintable(QString::number(errorShareInto(live, "paymentservice"))));
        QVERIFY2(errorShareInto(live, "currencyservice") > 0.5,
                 qPrintable(QString::number(errorShareInto(live, "currencyservice"))));
    }

    // clearFault ends one fault and leaves the others acting; an unknown or cleared id is
    // refused (false), so a caller learns that there was nothing to end.
    void clearFaultEndsOnlyThatFault()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto source =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        const int payment = source->injectFault(dns("paymentservice")).value();
        const int currency = source->injectFault(dns("currencyservice")).value();
        *clock += 30'000;
        QVERIFY(source->fetch().ok()); // both act for a while
        QVERIFY(source->clearFault(payment));
        QVERIFY(!source->clearFault(payment)); // already ended
        QVERIFY(!source->clearFault(currency + 100));
        *clock += 60'000;
        const TelemetrySample live = source->fetch().value();
        QVERIFY2(errorShareInto(live, "paymentservice") < 0.01,
                 qPrintable(QString::number(errorShareInto(live, "paymentservice"))));
        QVERIFY2(errorShareInto(live, "currencyservice") > 0.5,
                 qPrintable(QString::number(errorShareInto(live, "currencyservice"))));
        // A later fault gets the next id: ids stay the simulator's after a clear.
        QCOMPARE(source->injectFault(dns("paymentservice")).value(), currency + 1);
    }

    void firstRefreshCarriesTheBackfillAndWarmBaselines()
    {
        auto clock = std::make_shared<qint64>(kNow);
        auto source =
            DemoSource::create(QStringLiteral("shop"), 1, [clock] { return *clock; }).value();
        RefreshEngine engine(source);
        const RefreshResult first = engine.refresh(RefreshRequest{}).value();
        QVERIFY(first.backfill);
        QVERIFY(first.backfill->pointCount() >= 55);
        const NodeId frontend(QStringLiteral("demo"), QStringLiteral("shop"),
                              QStringLiteral("frontend"));
        QCOMPARE(int(first.backfill->nodeSeries(frontend).size()), first.backfill->pointCount());
        QVERIFY(first.backfill->nodeSeries(frontend).back().timestampMs <
                first.topology->timestampMs());
        // With ten minutes of baseline the stability factor already has data on the first refresh.
        int withStability = 0;
        for (const HealthVerdict &v : first.scores->nodes)
            withStability += !std::isnan(v.factors.stability);
        QVERIFY(withStability > 5);
        QVERIFY(first.facts && first.facts->generation == first.topology->generation());

        *clock += 5'000;
        const RefreshResult second = engine.refresh(RefreshRequest{}).value();
        QVERIFY(!second.backfill);
        // Unchanged structure: the facts are reused, stamped for the new snapshot.
        QVERIFY(second.facts && second.facts->generation == second.topology->generation());
        QCOMPARE(second.facts->articulationPoint, first.facts->articulationPoint);
    }
};

QTEST_GUILESS_MAIN(TestDemoSource)
#include "tst_demosource.moc"
