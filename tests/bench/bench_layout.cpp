// Layout benchmark: our force layout against Graphviz sfdp on generated:1000/5000/10000 (seed 7),
// both measured with the same normalised stress (shared/reference/LAYOUT-QUALITY.md), plus the
// incremental refresh (1 % new nodes) at 5000. Prints "figure <name> <value> <unit>" lines.
// Usage: bench_layout [sizes...]   (default 1000 5000 10000)

#include "core/demo/meshspec.h"
#include "core/layout/layoutengine.h"
#include "core/layout/layoutquality.h"
#include "core/layout/layoutrandom.h"
#include "tests/common/meshfixtures.h"

#include <benchmark/benchmark.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

using namespace meshscope::core;

namespace {

constexpr quint64 kSeed = 7;

LayoutGraph meshGraph(int n)
{
    return meshscope::testing::generatedLayoutGraph(n, kSeed);
}

void figure(const char *name, int n, double value, const char *unit)
{
    std::printf("figure %s_%d %.4g %s\n", name, n, value, unit);
    std::fflush(stdout);
}

// sfdp with default settings on the same graph; nullopt when sfdp is missing or fails.
std::optional<std::vector<QPointF>> runSfdp(const LayoutGraph &g, double &ms)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("graph.dot"));
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return std::nullopt;
    QByteArray dot = "graph G {\n";
    for (int v = 0; v < g.nodeCount; ++v)
        dot += QByteArray::number(v) + ";\n";
    for (const auto &[a, b] : g.edges)
        dot += QByteArray::number(a) + " -- " + QByteArray::number(b) + ";\n";
    dot += "}\n";
    file.write(dot);
    file.close();

    QElapsedTimer timer;
    timer.start();
    QProcess sfdp;
    sfdp.start(QStringLiteral("/usr/bin/sfdp"), {QStringLiteral("-Tdot"), path});
    if (!sfdp.waitForFinished(600000) || sfdp.exitCode() != 0)
        return std::nullopt;
    const QString out = QString::fromUtf8(sfdp.readAllStandardOutput());
    ms = double(timer.nsecsElapsed()) / 1e6;

    std::vector<QPointF> pos(size_t(g.nodeCount));
    std::vector<bool> seen(size_t(g.nodeCount), false);
    static const QRegularExpression node(QStringLiteral(R"(^\s*(\d+)\s+\[([^\]]*)\])"),
                                         QRegularExpression::MultilineOption);
    static const QRegularExpression posAttr(
        QStringLiteral(R"re(pos="([-0-9.e+]+),([-0-9.e+]+)")re"));
    for (auto it = node.globalMatch(out); it.hasNext();) {
        const QRegularExpressionMatch m = it.next();
        const int v = m.captured(1).toInt();
        const QRegularExpressionMatch p = posAttr.match(m.captured(2));
        if (v < 0 || v >= g.nodeCount || !p.hasMatch())
            continue;
        pos[size_t(v)] = QPointF(p.captured(1).toDouble(), p.captured(2).toDouble());
        seen[size_t(v)] = true;
    }
    for (bool s : seen) {
        if (!s)
            return std::nullopt;
    }
    return pos;
}

void compareWithSfdp(int n)
{
    const LayoutGraph g = meshGraph(n);
    LayoutOptions options;
    options.seed = kSeed;
    QElapsedTimer timer;
    timer.start();
    std::vector<QPointF> ours = LayoutEngine::initialLayout(g, options);
    benchmark::DoNotOptimize(ours.data());
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    const double stress = normalisedStress(g, ours);
    figure("layout_ms", n, ms, "ms");
    figure("stress", n, stress, "1");
    figure("neighbourhood", n, neighbourhoodPreservation(g, ours), "1");
    if (n <= 2000)
        figure("crossings", n, double(edgeCrossings(g, ours)), "edges");

    double sfdpMs = 0.0;
    const auto sfdp = runSfdp(g, sfdpMs);
    if (!sfdp) {
        std::printf("sfdp failed or missing at %d nodes\n", n);
        return;
    }
    const double sfdpStress = normalisedStress(g, *sfdp);
    figure("sfdp_ms", n, sfdpMs, "ms");
    figure("layout_vs_sfdp", n, ms / sfdpMs, "ratio");
    figure("sfdp_stress", n, sfdpStress, "1");
    figure("stress_vs_sfdp", n, stress / sfdpStress, "ratio");
    figure("sfdp_neighbourhood", n, neighbourhoodPreservation(g, *sfdp), "1");
    if (n <= 2000)
        figure("sfdp_crossings", n, double(edgeCrossings(g, *sfdp)), "edges");
}

// A refresh that adds 1 % new nodes: the "before" graph lacks a seeded 1 % of the nodes (and
// their edges); the refresh lays out the full graph from the before positions.
void incremental(int n)
{
    const LayoutGraph full = meshGraph(n);
    std::vector<bool> known;
    const LayoutGraph before = meshscope::testing::withoutShare(full, known, 0.01, kSeed);
    LayoutOptions options;
    options.seed = kSeed;
    const std::vector<QPointF> start =
        LayoutEngine::initialLayout(before, options); // removed nodes: isolated
    QElapsedTimer timer;
    timer.start();
    const std::vector<QPointF> after =
        LayoutEngine::incrementalLayout(full, start, known, std::vector<bool>(), options);
    const double ms = double(timer.nsecsElapsed()) / 1e6;
    std::vector<QPointF> a, b;
    for (int v = 0; v < full.nodeCount; ++v) {
        if (known[size_t(v)]) {
            a.push_back(start[size_t(v)]);
            b.push_back(after[size_t(v)]);
        }
    }
    figure("incremental_ms", n, ms, "ms");
    figure("stability", n, stability(a, b), "diagonal");
    figure("incremental_stress", n, normalisedStress(full, after), "1");
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::vector<int> sizes;
    for (int i = 1; i < argc; ++i)
        sizes.push_back(QByteArray(argv[i]).toInt());
    if (sizes.empty())
        sizes = {1000, 5000, 10000};
    for (int n : sizes)
        compareWithSfdp(n);
    incremental(5000);
    return 0;
}
