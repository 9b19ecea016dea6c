#include "core/demo/layeredmesh.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace meshscope::core {

namespace {

// Uniform [0,1) from the raw engine output: std::uniform_*_distribution differ between
// standard libraries, and the generated meshes must be the same everywhere for a seed.
class Rng
{
public:
    explicit Rng(quint64 seed) : m_engine(seed) {}
    double uniform() { return double(m_engine() >> 11) * 0x1.0p-53; }
    int below(int n) { return n <= 1 ? 0 : int(uniform() * n); }

private:
    std::mt19937_64 m_engine;
};

} // namespace

MeshSpec generateLayeredMesh(int serviceCount, quint64 seed)
{
    const int n = std::max(serviceCount, 1);
    Rng rng(seed * 0x9E3779B97F4A7C15ULL + 17);
    MeshSpec spec;
    spec.name = QStringLiteral("generated:%1").arg(n);

    // Shares of the roles; the rest forms the mid tiers.
    const int gateways = std::clamp(int(std::lround(n * 0.01)), 1, 40);
    const int backends = n >= 4 ? std::max(1, int(std::lround(n * 0.10))) : 0;
    const int externals = n >= 20 ? std::max(1, int(std::lround(n * 0.02))) : 0;
    const int mid = std::max(0, n - gateways - backends - externals);
    const int tiers = mid == 0 ? 0 : std::clamp(int(std::log2(double(std::max(mid, 2)))) - 2, 1, 7);
    const int namespaces = std::max(1, n / 60);

    // tierOf[i]: 0 = gateways, 1..tiers = mid tiers, tiers+1 = backends, tiers+2 = externals.
    std::vector<int> tierOf;
    std::vector<std::vector<int>> members(size_t(tiers + 3));
    auto add = [&](ServiceSpec s, int tier) {
        const int index = int(spec.services.size());
        spec.services.push_back(std::move(s));
        tierOf.push_back(tier);
        members[size_t(tier)].push_back(index);
        return index;
    };
    for (int g = 0; g < gateways; ++g) {
        ServiceSpec s;
        s.name = QStringLiteral("ingress-%1").arg(g);
        s.ns = QStringLiteral("istio-system");
        s.kind = NodeKind::Gateway;
        s.replicas = 3;
        s.baseLatencyMs = 1.0;
        s.capacityRpsPerReplica = 4000;
        s.entryRps = 200.0 + 600.0 * rng.uniform();
        add(std::move(s), 0);
    }
    for (int m = 0; m < mid; ++m) {
        // Earlier tiers are thinner: tier t holds a share proportional to t.
        const double u = rng.uniform();
        const int tier = 1 + std::min(tiers - 1, int(std::sqrt(u) * tiers));
        ServiceSpec s;
        s.name = QStringLiteral("svc-%1").arg(m, 5, 10, QLatin1Char('0'));
        s.ns = QStringLiteral("team-%1").arg(rng.below(namespaces), 3, 10, QLatin1Char('0'));
        s.protocol = rng.uniform() < 0.35 ? Protocol::Grpc : Protocol::Http;
        s.replicas = 1 + rng.below(4);
        s.baseLatencyMs = 2.0 + 18.0 * rng.uniform();
        s.baseErrorRatio =
            rng.uniform() < 0.01 ? 0.002 : 0.0; // a few flaky services, as in real meshes
        s.flaky = s.baseErrorRatio > 0.0;
        s.capacityRpsPerReplica = 800;
        s.mtls = rng.uniform() > 0.02;
        add(std::move(s), tier);
    }
    for (int b = 0; b < backends; ++b) {
        ServiceSpec s;
        const bool cache = rng.uniform() < 0.4;
        s.name = (cache ? QStringLiteral("cache-%1") : QStringLiteral("db-%1"))
                     .arg(b, 4, 10, QLatin1Char('0'));
        s.ns = QStringLiteral("data");
        s.kind = NodeKind::Database;
        s.protocol = Protocol::Tcp;
        s.replicas = cache ? 1 : 3;
        s.baseLatencyMs = cache ? 0.6 : 3.0 + 5.0 * rng.uniform();
        s.capacityRpsPerReplica = cache ? 20000 : 3000;
        add(std::move(s), tiers + 1);
    }
    for (int e = 0; e < externals; ++e) {
        ServiceSpec s;
        s.name = QStringLiteral("api-%1.example.com").arg(e);
        s.ns = QStringLiteral("external");
        s.kind = NodeKind::External;
        s.replicas = -1;
        s.baseLatencyMs = 40.0 + 80.0 * rng.uniform();
        s.capacityRpsPerReplica = 1e9;
        s.mtls = false;
        add(std::move(s), tiers + 2);
    }

    // Tiers 1..tiers hold mid services; empty ones are skipped when choosing callees.
    auto pick = [&](const std::vector<int> &pool) {
        return pool[size_t(rng.below(int(pool.size())))];
    };
    std::vector<std::vector<int>> out(spec.services.size());
    auto connect = [&](int from, int to) {
        if (from == to || std::find(out[size_t(from)].begin(), out[size_t(from)].end(), to) !=
                              out[size_t(from)].end())
            return false;
        out[size_t(from)].push_back(to);
        return true;
    };

    // Reachability: every mid service has a caller in an earlier non-empty tier (or a gateway).
    for (int t = 1; t <= tiers; ++t) {
        for (int v : members[size_t(t)]) {
            int callerTier = t - 1;
            while (callerTier > 0 && members[size_t(callerTier)].empty())
                --callerTier;
            connect(pick(members[size_t(callerTier)]), v);
        }
    }
    // Backends with preferential attachment: a few hubs get most of the callers.
    std::vector<int> backendPool = members[size_t(tiers + 1)];
    std::vector<int> backendWeighted = backendPool;
    auto callBackend = [&](int from) {
        if (backendPool.empty())
            return;
        const int to = rng.uniform() < 0.6 && !backendWeighted.empty() ? pick(backendWeighted)
                                                                       : pick(backendPool);
        if (connect(from, to))
            backendWeighted.push_back(to);
    };
    for (int t = 0; t <= tiers; ++t) {
        for (int v : members[size_t(t)]) {
            if (t == 0) {
                // Gateways fan out into the first tier.
                const int fan = 2 + rng.below(4);
                for (int k = 0; k < fan && tiers > 0; ++k) {
                    int target = 1;
                    while (target <= tiers && members[size_t(target)].empty())
                        ++target;
                    if (target <= tiers)
                        connect(v, pick(members[size_t(target)]));
                }
                continue;
            }
            // Mid services: fan-out to later tiers, 1-2 backends, rare cross edges and externals.
            const int downstream = t < tiers ? 1 + rng.below(3) : 0;
            for (int k = 0; k < downstream; ++k) {
                const int nextTier = t + 1 + rng.below(std::min(2, tiers - t));
                if (!members[size_t(nextTier)].empty())
                    connect(v, pick(members[size_t(nextTier)]));
            }
            const int dbCalls = 1 + (rng.uniform() < 0.45 ? 1 : 0);
            for (int k = 0; k < dbCalls; ++k)
                callBackend(v);
            if (rng.uniform() < 0.25) {
                // Cross edge to a later service of the same tier keeps the graph acyclic.
                const std::vector<int> &same = members[size_t(t)];
                const auto self = std::find(same.begin(), same.end(), v) - same.begin();
                const int remaining = int(same.size()) - int(self) - 1;
                if (remaining > 0)
                    connect(v, same[size_t(self + 1 + rng.below(remaining))]);
            }
            if (externals > 0 && rng.uniform() < 0.06)
                connect(v, pick(members[size_t(tiers + 2)]));
        }
    }

    // Every backend and external has at least one caller from the mid tiers.
    std::vector<bool> called(spec.services.size(), false);
    for (const auto &targets : out)
        for (int to : targets)
            called[size_t(to)] = true;
    std::vector<int> midPool;
    for (int t = 1; t <= tiers; ++t)
        midPool.insert(midPool.end(), members[size_t(t)].begin(), members[size_t(t)].end());
    if (midPool.empty())
        midPool = members[0];
    for (size_t v = 0; v < spec.services.size(); ++v) {
        if (!called[v] && tierOf[v] > tiers)
            connect(pick(midPool), int(v));
    }

    for (size_t from = 0; from < out.size(); ++from) {
        const double fanOut = double(out[from].size());
        for (int to : out[from]) {
            CallSpec c;
            c.from = int(from);
            c.to = to;
            // Keep traffic bounded through deep fan-out: about one downstream call per request.
            const bool backend = spec.services[size_t(to)].kind == NodeKind::Database;
            c.callsPerRequest = backend ? 0.5 + 1.5 * rng.uniform()
                                        : (0.6 + 0.8 * rng.uniform()) / std::sqrt(fanOut);
            spec.calls.push_back(c);
        }
    }
    return spec;
}

} // namespace meshscope::core
