#include "chaos/experiment/prometheusobserver.h"

#include <QDateTime>

#include <chrono>
#include <thread>

namespace meshscope::chaos {

Result<std::unique_ptr<PrometheusObserver>>
PrometheusObserver::create(core::PrometheusSourceOptions options, core::HealthSettings settings,
                           qint64 deadlineMs)
{
    auto source = core::PrometheusSource::create(std::move(options));
    if (!source)
        return Error{source.error()};
    if (deadlineMs > 0)
        source.value()->setDeadline(deadlineMs);
    return create(std::shared_ptr<core::TelemetrySource>(std::move(source).value()),
                  std::move(settings));
}

Result<std::unique_ptr<PrometheusObserver>>
PrometheusObserver::create(std::shared_ptr<core::TelemetrySource> source,
                           core::HealthSettings settings, Clock clock, Wait wait)
{
    if (!source)
        return Error{QStringLiteral("no telemetry source to observe the mesh with")};
    std::unique_ptr<PrometheusObserver> o(new PrometheusObserver);
    o->m_source = std::move(source);
    o->m_clock =
        clock ? std::move(clock) : Clock([] { return QDateTime::currentMSecsSinceEpoch(); });
    o->m_wait =
        wait ? std::move(wait)
             : Wait([](qint64 ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); });
    if (auto applied = o->m_model.setSettings(settings); !applied)
        return Error{applied.error()};
    return o;
}

Result<MeshObservation> PrometheusObserver::next(qint64 stepMs)
{
    if (!m_started) {
        m_started = true;
        // Scored, not kept: the replay only warms the baselines the stability term needs.
        m_backfilled =
            m_source->backfill(kBackfillSpanMs, kBackfillStepMs, [this](const auto &sample) {
                (void)m_model.score(*m_builder.build(sample));
            });
    } else if (const qint64 due = m_lastMs + stepMs; m_clock() < due) {
        m_wait(due - m_clock());
    }
    // The refresh is the instant the store is asked about (its evaluation time), so a slow
    // answer shortens the wait for the next one instead of shifting every later refresh.
    MeshObservation o;
    o.timestampMs = m_clock();
    m_lastMs = o.timestampMs;
    auto sample = m_source->fetch();
    if (!sample)
        return Error{QStringLiteral("%1: %2").arg(m_source->name(), sample.error())};
    o.topology = m_builder.build(*sample);
    o.scores = m_model.score(*o.topology);
    return o;
}

} // namespace meshscope::chaos
