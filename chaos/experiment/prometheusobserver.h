#pragma once

// A live mesh as an experiment's observer: a telemetry source (a PrometheusSource over the
// active metric profile, in practice) through a TopologyBuilder and a HealthModel, as the
// window's refresh pipeline uses them. Time is real: next(step) waits until `step` after the
// previous refresh, then reads the store at that instant. The first call replays the recent
// past first (TelemetrySource::backfill), so the health baselines are warm when the run's own
// baseline starts, like a window that has been open a while. Blocking; the runner's thread.

#include "chaos/experiment/meshobserver.h"
#include "core/health/healthmodel.h"
#include "core/prometheus/prometheussource.h"
#include "core/topology/topologybuilder.h"

#include <functional>
#include <memory>

namespace meshscope::chaos {

class PrometheusObserver : public MeshObserver
{
public:
    using Clock = std::function<qint64()>;       // ms since the epoch
    using Wait = std::function<void(qint64 ms)>; // blocks for ms (injectable for tests)

    static constexpr qint64 kBackfillSpanMs = 10 * 60 * 1000;
    static constexpr qint64 kBackfillStepMs = 10 * 1000;

    // A PrometheusSource for `options`; every request ends by `deadlineMs` (0 = no deadline).
    static Result<std::unique_ptr<PrometheusObserver>> create(core::PrometheusSourceOptions options,
                                                              core::HealthSettings settings = {},
                                                              qint64 deadlineMs = 0);
    // Any source (tests); the clock and the wait default to real time.
    static Result<std::unique_ptr<PrometheusObserver>>
    create(std::shared_ptr<core::TelemetrySource> source, core::HealthSettings settings = {},
           Clock clock = {}, Wait wait = {});

    Result<MeshObservation> next(qint64 stepMs) override;
    qint64 nowMs() const override { return m_clock(); }

    const core::TelemetrySource &source() const { return *m_source; }
    // How many past samples the first refresh replayed into the baselines.
    int backfilled() const { return m_backfilled; }

private:
    PrometheusObserver() = default;

    std::shared_ptr<core::TelemetrySource> m_source;
    Clock m_clock;
    Wait m_wait;
    core::TopologyBuilder m_builder;
    core::HealthModel m_model;
    bool m_started = false;
    qint64 m_lastMs = 0; // of the previous refresh
    int m_backfilled = 0;
};

} // namespace meshscope::chaos
