// Detection benchmark (issue 7 item 9; method: docs/detection-benchmark.md). Drives the demo
// mesh simulator and the health model directly on a simulated clock (no GUI, no sleeps):
//  - fault-free: false_alarm_pct_<mesh>, the share of service-refreshes not shown Healthy;
//  - one fault at a time on random targets: recall_pct_<mesh> (the target shown within two
//    refreshes), precision_pct_<mesh> (flagged services that are the target or upstream of it),
//    detect_refreshes_<mesh> (median refreshes to show the target);
// each for the Meshscope model and for Kiali-exact mode (..._kiali).
//
//   bench_detection [--quick] [--mesh shop|tickets|generated:1000]

#include "core/demo/meshsimulator.h"
#include "core/health/healthmodel.h"
#include "core/health/healthtypes.h"
#include "core/topology/topologybuilder.h"
#include "tests/bench/detectionmesh.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QLoggingCategory>
#include <QStringList>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <vector>

using namespace meshscope::core;
using meshscope::bench::loadMesh;
using meshscope::bench::Mesh;

namespace {

constexpr qint64 kRefreshMs = 10000;     // one refresh every 10 s (the settings' assumption)
constexpr int kWarmupRefreshes = 60;     // 10 min: the stability baseline's window
constexpr int kFaultFreeRefreshes = 180; // 30 simulated minutes, counted
constexpr int kRecallWithin = 2;         // refreshes after the start
constexpr int kObserveRefreshes = 6;     // "during the fault": its first minute
constexpr qint64 kDayMs = 24LL * 3600 * 1000;
constexpr qint64 kDay = 20000LL * kDayMs; // an arbitrary UTC midnight (2024-10-04)

enum Mode
{
    Ours,
    Kiali,
    ModeCount
};
const char *const kSuffix[ModeCount] = {"", "_kiali"};

struct Case
{
    const char *name;
    FaultSpec::Kind kind;
    double latencyMs = 0.0;
    double jitterMs = 0.0;
    double errorRatio = 0.0;
    double lossRatio = 0.0;
    double dnsRatio = 1.0;
};

const std::vector<Case> &cases()
{
    using K = FaultSpec::Kind;
    static const std::vector<Case> all{
        {"latency+100ms", K::Latency, 100, 25},
        {"latency+300ms", K::Latency, 300, 75},
        {"latency+800ms", K::Latency, 800, 200},
        {"errors1%", K::Errors, 0, 0, 0.01},
        {"errors5%", K::Errors, 0, 0, 0.05},
        {"errors20%", K::Errors, 0, 0, 0.20},
        {"kill1of3", K::KillReplicas},
        {"dns15%", K::DnsFailure, 0, 0, 0, 0, 0.15},
        {"loss5%", K::PacketLoss, 0, 0, 0, 0.05},
    };
    return all;
}

// One refresh pipeline: the simulator, the builder and both models, copied whole to start
// every fault run from the same warmed-up state.
struct Pipeline
{
    MeshSimulator sim;
    TopologyBuilder builder;
    HealthModel models[ModeCount];

    Pipeline(const MeshSpec &spec, quint64 seed, qint64 startMs) : sim(spec, seed, startMs)
    {
        HealthSettings kiali;
        kiali.mode = HealthSettings::Mode::KialiExact;
        if (auto applied = models[Kiali].setSettings(kiali); !applied)
            qFatal("bench_detection: Kiali-exact settings refused: %s",
                   qPrintable(applied.error()));
    }

    // Advances one refresh; returns the topology and, per mode, the flagged nodes' indices.
    TopologyPtr refresh(std::vector<HealthVerdict> (&verdicts)[ModeCount])
    {
        sim.advance(kRefreshMs);
        TopologyPtr t = builder.build(sim.sample());
        for (int m = 0; m < ModeCount; ++m)
            verdicts[m] = models[m].score(*t).nodes;
        return t;
    }
};

bool flagged(const HealthVerdict &v)
{
    return v.band == HealthBand::Degraded || v.band == HealthBand::Failing;
}

struct Tally
{
    double alarms = 0, serviceRefreshes = 0;
    double alarmsUpstreamOfFlaky = 0;
    int runs = 0, recalled = 0;
    double flaggedRight = 0, flaggedAll = 0;
    std::vector<int> detectRefreshes;
    std::map<QString, int> falseFlags; // "service reason" -> refreshes
    std::map<QString, int> strayFlags; // flagged during a fault outside its blast radius
    std::map<QString, int> recalledByCase, runsByCase;
    std::vector<QString> missed; // "case target (protocol)" not shown within kRecallWithin
};

quint64 lcg(quint64 &state)
{
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return state >> 33;
}

std::optional<FaultSpec> makeFault(const Case &c, const Mesh &mesh, int target)
{
    const ServiceSpec &s = mesh.spec.services[size_t(target)];
    // Istio measures neither latency nor errors inside a plain TCP connection: on a database
    // such a fault shows only on its callers (docs/detection-benchmark.md).
    if (s.protocol == Protocol::Tcp &&
        (c.kind == FaultSpec::Kind::Latency || c.kind == FaultSpec::Kind::Errors))
        return std::nullopt;
    FaultSpec f;
    f.kind = c.kind;
    f.service = mesh.spec.nodeId(target);
    f.durationMs = 10 * 60 * 1000;
    f.latencyMs = c.latencyMs;
    f.jitterMs = c.jitterMs;
    f.errorRatio = c.errorRatio;
    f.lossRatio = c.lossRatio;
    f.dnsFailureRatio = c.dnsRatio;
    if (c.kind == FaultSpec::Kind::KillReplicas) {
        if (s.replicas < 3)
            return std::nullopt;
        f.replicas = s.replicas / 3; // one of three
    }
    return f;
}

void runMesh(const Mesh &mesh, bool quick)
{
    QElapsedTimer clock;
    clock.start();
    const std::vector<quint64> seeds =
        quick ? std::vector<quint64>{1} : std::vector<quint64>{1, 2, 3};
    const std::vector<int> hours = quick ? std::vector<int>{3, 15} : std::vector<int>{3, 9, 15, 21};
    const int targetsPerCase = quick ? 3 : 12;
    Tally tally[ModeCount];
    std::vector<Pipeline> warm;
    std::vector<HealthVerdict> verdicts[ModeCount];

    // Fault-free runs; their end states start the fault runs.
    for (quint64 seed : seeds) {
        for (int hour : hours) {
            const qint64 start =
                kDay + hour * 3600000LL - (kWarmupRefreshes + kFaultFreeRefreshes) * kRefreshMs;
            Pipeline p(mesh.spec, seed, start);
            for (int r = 0; r < kWarmupRefreshes + kFaultFreeRefreshes; ++r) {
                const TopologyPtr t = p.refresh(verdicts);
                if (r < kWarmupRefreshes)
                    continue;
                for (int m = 0; m < ModeCount; ++m) {
                    for (int i = 0; i < t->nodeCount(); ++i) {
                        const int s = mesh.index.value(t->nodes()[size_t(i)].id, -1);
                        if (s < 0 || mesh.flaky[size_t(s)])
                            continue;
                        tally[m].serviceRefreshes += 1;
                        const HealthVerdict &v = verdicts[m][size_t(i)];
                        if (!flagged(v))
                            continue;
                        tally[m].alarms += 1;
                        if (mesh.callsFlaky[size_t(s)])
                            tally[m].alarmsUpstreamOfFlaky += 1;
                        tally[m].falseFlags[mesh.spec.services[size_t(s)].name + QLatin1Char(' ') +
                                            reasonKey(v.reason.code)] += 1;
                    }
                }
            }
            warm.push_back(std::move(p));
        }
    }
    const qint64 faultFreeMs = clock.restart();

    // Eligible targets: meshed services with callers, not flaky by design.
    std::vector<int> eligible;
    for (int s = 0; s < int(mesh.spec.services.size()); ++s) {
        const ServiceSpec &sp = mesh.spec.services[size_t(s)];
        if (sp.kind != NodeKind::External && sp.kind != NodeKind::Gateway &&
            !mesh.flaky[size_t(s)] && !mesh.callers[size_t(s)].empty())
            eligible.push_back(s);
    }
    quint64 rng = 0x9E3779B97F4A7C15ULL ^ quint64(mesh.spec.services.size());
    int runIndex = 0;
    for (const Case &c : cases()) {
        for (int j = 0; j < targetsPerCase; ++j) {
            std::optional<FaultSpec> fault;
            int target = -1;
            for (int attempt = 0; attempt < 50 && !fault; ++attempt) {
                target = eligible[size_t(lcg(rng) % eligible.size())];
                fault = makeFault(c, mesh, target);
            }
            if (!fault)
                break; // no service of this mesh can take it (kill needs 3 replicas)
            Pipeline p = warm[size_t(runIndex++ % int(warm.size()))];
            if (!p.sim.injectFault(*fault).ok())
                continue;
            const std::vector<bool> radius = mesh.blastRadius(target);
            int detected[ModeCount] = {0, 0};
            std::map<int, ReasonCode> flaggedDuring[ModeCount]; // service -> first reason
            for (int r = 1; r <= kObserveRefreshes; ++r) {
                const TopologyPtr t = p.refresh(verdicts);
                for (int m = 0; m < ModeCount; ++m) {
                    for (int i = 0; i < t->nodeCount(); ++i) {
                        if (!flagged(verdicts[m][size_t(i)]))
                            continue;
                        const int s = mesh.index.value(t->nodes()[size_t(i)].id, -1);
                        if (s < 0 || mesh.flaky[size_t(s)])
                            continue;
                        flaggedDuring[m].emplace(s, verdicts[m][size_t(i)].reason.code);
                        if (s == target && detected[m] == 0)
                            detected[m] = r;
                    }
                }
            }
            for (int m = 0; m < ModeCount; ++m) {
                Tally &k = tally[m];
                ++k.runs;
                ++k.runsByCase[QString::fromLatin1(c.name)];
                if (detected[m] > 0 && detected[m] <= kRecallWithin) {
                    ++k.recalled;
                    ++k.recalledByCase[QString::fromLatin1(c.name)];
                } else {
                    const ServiceSpec &t = mesh.spec.services[size_t(target)];
                    k.missed.push_back(
                        QStringLiteral("%1 %2 (%3, %4 replicas)")
                            .arg(QString::fromLatin1(c.name), t.name, toString(t.protocol))
                            .arg(t.replicas));
                }
                if (detected[m] > 0)
                    k.detectRefreshes.push_back(detected[m]);
                for (const auto &[s, reason] : flaggedDuring[m]) {
                    k.flaggedAll += 1;
                    if (radius[size_t(s)])
                        k.flaggedRight += 1;
                    else
                        k.strayFlags[mesh.spec.services[size_t(s)].name + QLatin1Char(' ') +
                                     reasonKey(reason)] += 1;
                }
            }
        }
    }
    const qint64 faultMs = clock.elapsed();

    std::printf("mesh %s: %zu services, %zu calls; fault-free %lld ms, %d fault runs %lld ms\n",
                qPrintable(mesh.name), mesh.spec.services.size(), mesh.spec.calls.size(),
                static_cast<long long>(faultFreeMs), tally[Ours].runs,
                static_cast<long long>(faultMs));
    for (int m = 0; m < ModeCount; ++m) {
        const Tally &k = tally[m];
        const char *mode = m == Ours ? "meshscope" : "kiali";
        for (const Case &c : cases()) {
            const QString name = QString::fromLatin1(c.name);
            const auto runs = k.runsByCase.find(name);
            if (runs == k.runsByCase.end())
                continue;
            const auto hit = k.recalledByCase.find(name);
            std::printf("recall %s %s %-14s %d/%d\n", qPrintable(mesh.figureName), mode, c.name,
                        hit == k.recalledByCase.end() ? 0 : hit->second, runs->second);
        }
        const auto printWorst = [&](const std::map<QString, int> &counts, const char *what,
                                    const char *unit) {
            std::vector<std::pair<int, QString>> worst;
            for (const auto &[key, count] : counts)
                worst.emplace_back(count, key);
            std::sort(worst.rbegin(), worst.rend());
            for (size_t i = 0; i < std::min<size_t>(8, worst.size()); ++i)
                std::printf("%s %s %s %s %d %s\n", what, qPrintable(mesh.figureName), mode,
                            qPrintable(worst[i].second), worst[i].first, unit);
        };
        std::printf("false-alarms %s %s upstream-of-flaky %.1f %%\n", qPrintable(mesh.figureName),
                    mode, k.alarms > 0 ? 100.0 * k.alarmsUpstreamOfFlaky / k.alarms : 0.0);
        for (const QString &miss : k.missed)
            std::printf("missed %s %s %s\n", qPrintable(mesh.figureName), mode, qPrintable(miss));
        printWorst(k.falseFlags, "false-alarm", "service-refreshes");
        printWorst(k.strayFlags, "imprecise", "fault runs");
    }
    for (int m = 0; m < ModeCount; ++m) {
        const Tally &k = tally[m];
        const QString suffix = mesh.figureName + QLatin1String(kSuffix[m]);
        std::vector<int> d = k.detectRefreshes;
        std::sort(d.begin(), d.end());
        const double median = d.empty()      ? -1.0
                              : d.size() % 2 ? d[d.size() / 2]
                                             : 0.5 * (d[d.size() / 2 - 1] + d[d.size() / 2]);
        std::printf("figure false_alarm_pct_%s %.3f %%\n", qPrintable(suffix),
                    k.serviceRefreshes > 0 ? 100.0 * k.alarms / k.serviceRefreshes : 0.0);
        std::printf("figure recall_pct_%s %.1f %%\n", qPrintable(suffix),
                    k.runs > 0 ? 100.0 * k.recalled / k.runs : 0.0);
        std::printf("figure precision_pct_%s %.1f %%\n", qPrintable(suffix),
                    k.flaggedAll > 0 ? 100.0 * k.flaggedRight / k.flaggedAll : 100.0);
        std::printf("figure detect_refreshes_%s %.1f refreshes\n", qPrintable(suffix), median);
    }
    std::fflush(stdout);
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QLoggingCategory::setFilterRules(
        QStringLiteral("meshscope.*.debug=false\nmeshscope.*.info=false"));
    const QStringList args = app.arguments().mid(1);
    bool quick = false;
    QStringList meshes{QStringLiteral("shop"), QStringLiteral("tickets"),
                       QStringLiteral("generated:1000")};
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--quick")) {
            quick = true;
        } else if (args[i] == QLatin1String("--mesh") && i + 1 < args.size()) {
            meshes = {args[++i]};
        } else {
            std::fprintf(stderr,
                         "usage: bench_detection [--quick] [--mesh NAME]\n"
                         "unknown argument '%s'\n",
                         qPrintable(args[i]));
            return 2;
        }
    }
    for (const QString &name : meshes) {
        const std::optional<Mesh> mesh = loadMesh(name);
        if (!mesh)
            return 1;
        runMesh(*mesh, quick);
    }
    return 0;
}
