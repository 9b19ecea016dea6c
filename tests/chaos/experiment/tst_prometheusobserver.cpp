// PrometheusObserver over a scripted telemetry source and a manual clock: the first refresh
// replays the past into the baselines and does not wait; later ones wait until one step after
// the previous refresh (and not when the fetch already took that long); a failed fetch names
// the source; warm baselines make a latency shift right after the start visible.

#include "chaos/experiment/prometheusobserver.h"
#include "tests/common/shopmesh.h"

#include <QTest>

#include <cmath>

using namespace meshscope;
using namespace meshscope::chaos;
namespace shop = meshscope::testing::shop;

namespace {

// Steady shop traffic in the past; now, checkout's p95 is `p95Now`.
class ScriptedSource : public core::TelemetrySource
{
public:
    qint64 *clock = nullptr;
    double p95Now = 84.0;
    bool canLookBack = true;
    QString failWith;
    int fetches = 0;
    qint64 backfillSpanMs = 0;
    qint64 backfillStepMs = 0;
    qint64 fetchCostMs = 0; // how far the clock moves during a fetch

    QString name() const override { return QStringLiteral("prometheus:http://scripted"); }
    Result<core::TelemetrySample> fetch() override
    {
        ++fetches;
        *clock += fetchCostMs;
        if (!failWith.isEmpty())
            return Error{failWith};
        return shop::shopSample(*clock, p95Now);
    }
    int backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume) override
    {
        backfillSpanMs = spanMs;
        backfillStepMs = stepMs;
        if (!canLookBack)
            return 0;
        int n = 0;
        for (qint64 t = *clock - spanMs; t < *clock; t += stepMs, ++n)
            consume(shop::shopSample(t, 84.0 + (n % 3))); // a little jitter, like real data
        return n;
    }
};

double scoreOf(const MeshObservation &o, const QString &name)
{
    const auto &nodes = o.topology->nodes();
    for (size_t i = 0; i < nodes.size(); ++i)
        if (nodes[i].name == name)
            return o.scores.nodes.at(i).score;
    return std::nan("");
}

} // namespace

class TestPrometheusObserver : public QObject
{
    Q_OBJECT

    struct Rig
    {
        std::shared_ptr<qint64> clock = std::make_shared<qint64>(shop::kT0);
        std::shared_ptr<ScriptedSource> source = std::make_shared<ScriptedSource>();
        std::vector<qint64> waits;
        std::unique_ptr<PrometheusObserver> observer;

        Rig()
        {
            source->clock = clock.get();
            auto o = PrometheusObserver::create(
                source, {}, [c = clock] { return *c; },
                [this](qint64 ms) {
                    waits.push_back(ms);
                    *clock += ms;
                });
            if (!o)
                qFatal("%s", qPrintable(o.error()));
            observer = std::move(o.value());
        }
    };

private Q_SLOTS:
    void refreshesAtTheStepInRealTime()
    {
        Rig rig;
        auto first = rig.observer->next(5000);
        QVERIFY2(first, qPrintable(first.error()));
        QVERIFY(rig.waits.empty()); // the first refresh is at once
        QCOMPARE(rig.source->backfillSpanMs, PrometheusObserver::kBackfillSpanMs);
        QCOMPARE(rig.source->backfillStepMs, PrometheusObserver::kBackfillStepMs);
        QCOMPARE(rig.observer->backfilled(), 60);
        QCOMPARE(first->timestampMs, shop::kT0);
        QCOMPARE(first->topology->nodes().size(), size_t(6));
        QCOMPARE(first->scores.nodes.size(), size_t(6));

        // 1.5 s of the step went by elsewhere (the runner's own work): the rest is waited.
        *rig.clock += 1500;
        auto second = rig.observer->next(5000);
        QVERIFY2(second, qPrintable(second.error()));
        QVERIFY(rig.waits == std::vector<qint64>{3500});
        QCOMPARE(second->timestampMs, shop::kT0 + 5000);

        // A fetch slower than the step: no extra wait, the next one is read at once.
        rig.source->fetchCostMs = 6000;
        auto slow = rig.observer->next(5000);
        QVERIFY2(slow, qPrintable(slow.error()));
        rig.waits.clear();
        auto after = rig.observer->next(5000);
        QVERIFY2(after, qPrintable(after.error()));
        QVERIFY(rig.waits.empty());
        QCOMPARE(rig.observer->nowMs(), *rig.clock);
        QCOMPARE(rig.source->fetches, 4);
    }

    void aFailedFetchNamesTheSource()
    {
        Rig rig;
        rig.source->failWith = QStringLiteral("connection refused");
        auto o = rig.observer->next(5000);
        QVERIFY(!o);
        QCOMPARE(o.error(), QStringLiteral("prometheus:http://scripted: connection refused"));
    }

    // The stability term needs a baseline: replayed, a shift 84 -> 400 ms at the first refresh
    // of the run already costs checkout points; without the replay it cannot be judged yet.
    void warmBaselinesSeeAShiftAtOnce()
    {
        Rig warm;
        warm.source->p95Now = 400.0;
        Rig cold;
        cold.source->p95Now = 400.0;
        cold.source->canLookBack = false;
        auto w = warm.observer->next(5000);
        auto c = cold.observer->next(5000);
        QVERIFY(w && c);
        const double warmScore = scoreOf(*w, QStringLiteral("checkout"));
        const double coldScore = scoreOf(*c, QStringLiteral("checkout"));
        QVERIFY2(std::isfinite(warmScore) && std::isfinite(coldScore),
                 qPrintable(QStringLiteral("%1 %2").arg(warmScore).arg(coldScore)));
        QVERIFY2(warmScore < coldScore - 5.0,
                 qPrintable(QStringLiteral("warm %1, cold %2").arg(warmScore).arg(coldScore)));
    }
};

QTEST_GUILESS_MAIN(TestPrometheusObserver)
#include "tst_prometheusobserver.moc"
