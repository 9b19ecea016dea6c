#pragma once

// A hand-made run whose figures are worked out in docs/experiments.md's example and in the
// tests: gw -> b, b -> a (3 req/s), b -> c (1 req/s); the fault on a; refresh 10 s; baseline
// 0..20 s, fault 20..50 s, recovery from 50 s.

#include "chaos/experiment/experimentrun.h"
#include "core/topology/topologybuilder.h"
#include "tests/common/samplebuilder.h"

namespace meshscope::chaos::fixtures {

inline core::TopologyPtr reportTopology()
{
    using testing::edgeSample;
    using testing::svc;
    core::TelemetrySample s;
    s.edges = {edgeSample(svc("gw"), svc("b"), 4.0), edgeSample(svc("b"), svc("a"), 3.0),
               edgeSample(svc("b"), svc("c"), 1.0)};
    core::TopologyBuilder builder;
    return builder.build(s);
}

inline ExperimentRun reportRun()
{
    ExperimentRun run;
    run.runId = QStringLiteral("hand-made");
    run.executor = QStringLiteral("demo:test");
    run.experiment.id = QStringLiteral("hand");
    run.experiment.name = QStringLiteral("Hand-made run");
    run.experiment.hypothesis = QStringLiteral("b stays healthy");
    run.experiment.target = QStringLiteral("shop/a");
    run.experiment.recoveryTolerance = 10.0;
    run.experiment.refreshMs = 10000;
    run.baselineStartMs = 0;
    run.injectStartMs = 20000;
    run.recoverStartMs = 50000;
    run.recoveredAtMs = 60000;
    run.phase = ExperimentPhase::Done;
    run.outcome = ExperimentOutcome::Held;
    //                 t     a   b   c   gw  p95 a  p95 b  err c
    const double rows[][8] = {{0, 90, 80, 70, 95, 10, 10, 0},    {10, 90, 80, 70, 95, 10, 10, 0},
                              {20, 90, 80, 70, 95, 10, 10, 0},   {30, 60, 75, 70, 95, 900, 500, 5},
                              {40, 50, 70, 70, 95, 900, 500, 5}, {50, 70, 80, 70, 95, 900, 500, 5},
                              {60, 85, 80, 70, 95, 10, 10, 0},   {70, 90, 80, 70, 95, 10, 10, 0}};
    for (const auto &r : rows) {
        ExperimentSample s;
        s.atMs = qint64(r[0] * 1000);
        s.phase = s.atMs <= 20000   ? ExperimentPhase::Baseline
                  : s.atMs <= 50000 ? ExperimentPhase::Observe
                                    : ExperimentPhase::Verify;
        s.services.insert(QStringLiteral("shop/a"), {r[1], 0.0, r[5], 2, 2});
        s.services.insert(QStringLiteral("shop/b"), {r[2], 0.0, r[6], 2, 2});
        s.services.insert(QStringLiteral("shop/c"), {r[3], r[7], 10.0, 2, 2});
        s.services.insert(QStringLiteral("shop/gw"), {r[4], 0.0, 10.0, 2, 2});
        s.meshScore = (r[1] + r[2] + r[3] + r[4]) / 4.0;
        run.samples.push_back(s);
    }
    const core::TopologyPtr t = reportTopology();
    core::HealthScores scores;
    scores.nodes.resize(size_t(t->nodeCount()));
    run.snapshots.push_back({QStringLiteral("before"), 0, t, scores});
    run.timeline = {{0, ExperimentPhase::Baseline, QStringLiteral("measuring")},
                    {20000, ExperimentPhase::Observe, QStringLiteral("fault <injected>")},
                    {50000, ExperimentPhase::Verify, QStringLiteral("removed")},
                    {60000, ExperimentPhase::Done, QStringLiteral("hypothesis held")}};
    run.conditions = {{QStringLiteral("score of shop/b >= 60"), true, QStringLiteral("min 70")}};
    return run;
}

} // namespace meshscope::chaos::fixtures
