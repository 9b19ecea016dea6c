#include "chaos/report/experimentfigures.h"

#include "chaos/report/blastradius.h"

#include <algorithm>
#include <cmath>

namespace meshscope::chaos {

namespace {

struct Stats
{
    double mean = core::kNaN;
    double sd = 0.0;
};

template <typename F> Stats baselineStats(const ExperimentRun &run, F reading)
{
    std::vector<double> v;
    for (const ExperimentSample &s : run.samples)
        if (s.phase == ExperimentPhase::Baseline)
            if (const double x = reading(s); std::isfinite(x))
                v.push_back(x);
    Stats st;
    if (v.empty())
        return st;
    double sum = 0.0;
    for (double x : v)
        sum += x;
    st.mean = sum / double(v.size());
    double var = 0.0;
    for (double x : v)
        var += (x - st.mean) * (x - st.mean);
    st.sd = std::sqrt(var / double(v.size()));
    return st;
}

} // namespace

const ServiceFigures *ExperimentFigures::find(const QString &service) const
{
    for (const ServiceFigures &s : services)
        if (s.service == service)
            return &s;
    return nullptr;
}

ExperimentFigures ExperimentFigures::compute(const ExperimentRun &run)
{
    ExperimentFigures f;
    const double tolerance = run.experiment.recoveryTolerance;
    QStringList targets{run.experiment.target};
    if (!run.experiment.peer.isEmpty())
        targets << run.experiment.peer;
    QHash<QString, double> predicted;
    if (!run.snapshots.empty() && run.snapshots.front().topology)
        predicted = BlastRadius::predict(*run.snapshots.front().topology, targets);
    for (const QString &t : targets)
        predicted.insert(t, 1.0);

    QStringList services;
    if (!run.samples.empty())
        services = run.samples.front().services.keys();
    services.sort();
    const qint64 end = run.samples.empty() ? 0 : run.samples.back().atMs;
    const qint64 span = run.injectStartMs ? std::max<qint64>(end - run.injectStartMs, 1) : 1;
    double totalArea = 0.0;

    for (const QString &name : services) {
        ServiceFigures s;
        s.service = name;
        const auto reading = [&name](const ExperimentSample &x) {
            return x.services.value(name).score;
        };
        const Stats score = baselineStats(run, reading);
        if (!std::isfinite(score.mean))
            continue;
        s.baselineMean = score.mean;
        s.predicted = predicted.contains(name);
        s.predictedWeight = predicted.value(name, 0.0);
        const Stats p95 = baselineStats(
            run, [&name](const ExperimentSample &x) { return x.services.value(name).p95Ms; });
        const Stats err = baselineStats(run, [&name](const ExperimentSample &x) {
            return x.services.value(name).errorPercent;
        });

        double prevDrift = 0.0;
        qint64 prevAt = run.injectStartMs;
        qint64 backSince = 0; // start of the within-tolerance stretch that lasts to the end
        for (const ExperimentSample &x : run.samples) {
            if (!run.injectStartMs || x.atMs <= run.injectStartMs)
                continue;
            const ServiceReading r = x.services.value(name);
            const double drift =
                std::isfinite(r.score) ? std::max(0.0, s.baselineMean - r.score) : 0.0;
            s.maxDrift = std::max(s.maxDrift, drift);
            s.driftArea += 0.5 * (prevDrift + drift) * double(x.atMs - prevAt) / 1000.0;
            prevDrift = drift;
            prevAt = x.atMs;
            if (drift >= tolerance && !s.timeToDetectMs)
                s.timeToDetectMs = x.atMs - run.injectStartMs;
            if (run.recoverStartMs && x.atMs >= run.recoverStartMs)
                backSince = drift < tolerance ? (backSince ? backSince : x.atMs) : 0;
            // Ground truth from the raw metrics, independent of the score: p95 up by more than
            // 3 baseline deviations and 20 %, or the error ratio up by a percentage point.
            const bool moved = x.phase == ExperimentPhase::Observe &&
                               ((std::isfinite(r.p95Ms) && std::isfinite(p95.mean) &&
                                 r.p95Ms > p95.mean + std::max(3.0 * p95.sd, 0.2 * p95.mean)) ||
                                (std::isfinite(r.errorPercent) && std::isfinite(err.mean) &&
                                 r.errorPercent > err.mean + std::max(3.0 * err.sd, 1.0)));
            s.metricsMoved = s.metricsMoved || moved;
        }
        s.degraded = s.maxDrift >= tolerance;
        if (s.degraded && backSince)
            s.timeToRecoverMs = backSince - run.recoverStartMs;
        totalArea += s.driftArea;

        const bool target = targets.contains(name);
        if (!target) {
            if (s.predicted && s.degraded)
                f.predictedAndDegraded << name;
            else if (s.predicted)
                f.predictedOnly << name;
            else if (s.degraded)
                f.degradedOnly << name;
        }
        if (s.degraded && s.metricsMoved)
            ++f.detection.truePositives;
        else if (s.degraded)
            ++f.detection.falsePositives;
        else if (s.metricsMoved)
            ++f.detection.falseNegatives;
        f.services.push_back(s);
    }
    const DetectionQuality &d = f.detection;
    f.detection.precision = d.truePositives + d.falsePositives
                                ? double(d.truePositives) / (d.truePositives + d.falsePositives)
                                : 1.0;
    f.detection.recall = d.truePositives + d.falseNegatives
                             ? double(d.truePositives) / (d.truePositives + d.falseNegatives)
                             : 1.0;
    // The share of the mesh's health kept from injection to the end: 100 when no score moved,
    // 0 when every service lost all its points for the whole time.
    if (!f.services.empty())
        f.resilience = std::clamp(
            100.0 * (1.0 - totalArea / (double(f.services.size()) * 100.0 * double(span) / 1000.0)),
            0.0, 100.0);
    if (run.injectStartMs && run.recoverStartMs && !run.recoveredAtMs)
        f.resilience /= 2.0; // not recovered within T: halved, whatever the drift
    std::sort(f.services.begin(), f.services.end(),
              [](const ServiceFigures &a, const ServiceFigures &b) {
                  return a.maxDrift != b.maxDrift ? a.maxDrift > b.maxDrift : a.service < b.service;
              });
    return f;
}

} // namespace meshscope::chaos
