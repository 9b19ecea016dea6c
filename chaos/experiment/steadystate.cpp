#include "chaos/experiment/steadystate.h"

#include "core/prometheus/prometheusclient.h"

#include <cmath>
#include <limits>

namespace meshscope::chaos {

namespace {

using Kind = SteadyStateCondition::Kind;

QString offset(const ExperimentRun &run, qint64 atMs)
{
    return QStringLiteral("+%1 s").arg(double(atMs - run.baselineStartMs) / 1000.0, 0, 'f', 0);
}

// Mean of a reading over the samples of `phase`; NaN when none had it.
template <typename F> double meanOf(const ExperimentRun &run, ExperimentPhase phase, F reading)
{
    double sum = 0.0;
    int n = 0;
    for (const ExperimentSample &s : run.samples) {
        if (s.phase != phase)
            continue;
        const double v = reading(s);
        if (std::isfinite(v)) {
            sum += v;
            ++n;
        }
    }
    return n ? sum / n : core::kNaN;
}

} // namespace

ConditionResult SteadyState::evaluate(const SteadyStateCondition &c, int index,
                                      const ExperimentRun &run, ExperimentPhase phase)
{
    ConditionResult r;
    r.text = c.text;
    const auto reading = [&c](const ExperimentSample &s, Kind kind) {
        const auto it = s.services.constFind(c.service);
        if (it == s.services.constEnd())
            return core::kNaN;
        return kind == Kind::Score ? it->score : kind == Kind::P95 ? it->p95Ms : it->errorPercent;
    };

    if (c.kind == Kind::Probe) {
        // A probe belongs to the phase of the refresh it ran with: (from, to].
        const qint64 kNever = std::numeric_limits<qint64>::max();
        const qint64 from =
            phase == ExperimentPhase::Baseline ? run.baselineStartMs - 1 : run.injectStartMs;
        const qint64 to = phase == ExperimentPhase::Baseline
                              ? (run.injectStartMs ? run.injectStartMs : kNever)
                              : (run.recoverStartMs ? run.recoverStartMs : kNever);
        int total = 0;
        int ok = 0;
        double latency = 0.0;
        for (const ProbeResult &p : run.probes) {
            if (p.url != c.url || p.atMs <= from || p.atMs > to)
                continue;
            ++total;
            if (p.success) {
                ++ok;
                latency += p.latencyMs;
            }
        }
        if (total == 0) {
            r.observed = QStringLiteral("no probe ran in this phase");
            return r;
        }
        const double rate = 100.0 * ok / total;
        r.held = rate >= c.threshold;
        r.observed = QStringLiteral("%1 of %2 probes succeeded (%3 %), mean latency %4 ms")
                         .arg(ok)
                         .arg(total)
                         .arg(rate, 0, 'f', 1)
                         .arg(ok ? latency / ok : 0.0, 0, 'f', 1);
        return r;
    }

    if (c.kind == Kind::Robustness) {
        const double scoreBefore = run.baselineMean(c.service);
        if (phase == ExperimentPhase::Baseline) {
            r.held = std::isfinite(scoreBefore);
            r.observed = QStringLiteral("baseline score %1").arg(scoreBefore, 0, 'f', 1);
            return r;
        }
        const auto score = [&](const ExperimentSample &s) { return reading(s, Kind::Score); };
        const auto errors = [&](const ExperimentSample &s) { return reading(s, Kind::ErrorRatio); };
        const auto p95 = [&](const ExperimentSample &s) { return reading(s, Kind::P95); };
        const double scoreDuring = meanOf(run, phase, score);
        const double success = 100.0 - meanOf(run, phase, errors);
        // Δscore on the seed's 0..1 scale: score points / 100.
        const double drift = std::abs(scoreBefore - scoreDuring) / 100.0;
        r.held = success >= 95.0 && drift <= 0.05;
        r.observed = QStringLiteral("success %1 %, mean score drift %2, p95 before %3 ms / "
                                    "during %4 ms")
                         .arg(success, 0, 'f', 2)
                         .arg(drift, 0, 'f', 3)
                         .arg(meanOf(run, ExperimentPhase::Baseline, p95), 0, 'f', 1)
                         .arg(meanOf(run, phase, p95), 0, 'f', 1);
        return r;
    }

    // Every refresh of the phase must hold; the worst one decides and is quoted.
    const bool atLeast = c.comparison == SteadyStateCondition::Comparison::AtLeast;
    double worst = core::kNaN;
    qint64 worstAt = 0;
    int n = 0;
    for (const ExperimentSample &s : run.samples) {
        if (s.phase != phase)
            continue;
        const double v =
            c.kind == Kind::PromQL
                ? (size_t(index) < s.queries.size() ? s.queries[size_t(index)] : core::kNaN)
                : reading(s, c.kind);
        if (!std::isfinite(v))
            continue;
        ++n;
        if (!std::isfinite(worst) || (atLeast ? v < worst : v > worst)) {
            worst = v;
            worstAt = s.atMs;
        }
    }
    if (n == 0) {
        r.observed = QStringLiteral("no data for %1 in this phase")
                         .arg(c.service.isEmpty() ? c.query : c.service);
        return r;
    }
    r.held = atLeast ? worst >= c.threshold : worst <= c.threshold;
    r.observed = QStringLiteral("%1 %2 at %3 (%4 refreshes)")
                     .arg(atLeast ? QStringLiteral("min") : QStringLiteral("max"))
                     .arg(worst, 0, 'f', c.kind == Kind::ErrorRatio ? 2 : 1)
                     .arg(offset(run, worstAt))
                     .arg(n);
    return r;
}

std::vector<double> SteadyState::queryValues(const std::vector<SteadyStateCondition> &conditions,
                                             const QString &prometheusUrl, QStringList *warnings)
{
    std::vector<double> values(conditions.size(), core::kNaN);
    if (prometheusUrl.isEmpty())
        return values;
    const core::PrometheusClient client(
        core::PrometheusEndpoint{QUrl(prometheusUrl), {}, {}, {}, {}});
    for (size_t i = 0; i < conditions.size(); ++i) {
        if (conditions[i].kind != Kind::PromQL)
            continue;
        auto result = client.instantQuery(conditions[i].query);
        if (!result) {
            *warnings << QStringLiteral("%1: %2").arg(conditions[i].query, result.error());
            continue;
        }
        if (result->type == core::PromResultType::Scalar)
            values[i] = result->scalar.value;
        else if (!result->series.empty() && !result->series.front().samples.empty())
            values[i] = result->series.front().samples.back().value;
    }
    return values;
}

} // namespace meshscope::chaos
