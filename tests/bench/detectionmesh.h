#pragma once

// A demo mesh as bench_detection reads its verdicts: who calls whom (a fault's blast radius),
// and which services are flaky by design or call one. Header-only, for tests/bench.

#include "core/demo/demomeshes.h"
#include "core/demo/meshspec.h"

#include <QHash>
#include <QString>

#include <cstdio>
#include <optional>
#include <vector>

namespace meshscope::bench {

using namespace meshscope::core;

struct Mesh
{
    QString name;
    QString figureName;
    MeshSpec spec;
    std::vector<bool> flaky;
    std::vector<bool> callsFlaky; // upstream of a flaky-by-design service (inherits its errors)
    std::vector<std::vector<int>> callers;
    QHash<NodeId, int> index;

    // The target and every service that calls it, directly or not.
    std::vector<bool> blastRadius(int target) const
    {
        std::vector<bool> in(spec.services.size(), false);
        std::vector<int> stack{target};
        in[size_t(target)] = true;
        while (!stack.empty()) {
            const int s = stack.back();
            stack.pop_back();
            for (int c : callers[size_t(s)])
                if (!in[size_t(c)]) {
                    in[size_t(c)] = true;
                    stack.push_back(c);
                }
        }
        return in;
    }
};

inline std::optional<Mesh> loadMesh(const QString &name)
{
    // generated:N is seed-dependent; seed 7 is the app's default.
    const meshscope::Result<MeshSpec> spec = loadDemoMesh(name, 7);
    if (!spec.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(spec.error()));
        return std::nullopt;
    }
    Mesh mesh;
    mesh.name = name;
    mesh.figureName = QString(name).remove(QLatin1Char(':'));
    mesh.spec = spec.value();
    const size_t n = mesh.spec.services.size();
    mesh.callers.assign(n, {});
    for (const CallSpec &c : mesh.spec.calls)
        mesh.callers[size_t(c.to)].push_back(c.from);
    for (size_t s = 0; s < n; ++s) {
        mesh.flaky.push_back(mesh.spec.services[s].flaky);
        mesh.index.insert(mesh.spec.nodeId(int(s)), int(s));
    }
    mesh.callsFlaky.assign(n, false);
    for (size_t s = 0; s < n; ++s) {
        if (!mesh.flaky[s])
            continue;
        const std::vector<bool> up = mesh.blastRadius(int(s));
        for (size_t u = 0; u < n; ++u)
            if (up[u] && u != s)
                mesh.callsFlaky[u] = true;
    }
    return mesh;
}

} // namespace meshscope::bench
