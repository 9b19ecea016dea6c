#include "chaos/experiment/demoobserver.h"

#include "core/demo/demosource.h"

namespace meshscope::chaos {

Result<std::unique_ptr<DemoObserver>> DemoObserver::create(const QString &meshName, quint64 seed,
                                                           qint64 startMs,
                                                           core::HealthSettings settings,
                                                           int warmupRefreshes)
{
    constexpr qint64 kWarmupStepMs = 10'000;
    std::unique_ptr<DemoObserver> o(new DemoObserver);
    o->m_clock = std::make_shared<qint64>(startMs - warmupRefreshes * kWarmupStepMs);
    auto source = core::DemoSource::create(meshName, seed, [c = o->m_clock] { return *c; });
    if (!source)
        return Error{source.error()};
    o->m_source = *source;
    if (auto applied = o->m_model.setSettings(settings); !applied)
        return Error{applied.error()};
    for (int i = 0; i < warmupRefreshes; ++i)
        if (auto warm = o->next(kWarmupStepMs); !warm)
            return Error{warm.error()};
    return o;
}

Result<MeshObservation> DemoObserver::next(qint64 stepMs)
{
    *m_clock += stepMs;
    auto sample = m_source->fetch();
    if (!sample)
        return Error{sample.error()};
    MeshObservation o;
    o.timestampMs = *m_clock;
    o.topology = m_builder.build(*sample);
    o.scores = m_model.score(*o.topology);
    return o;
}

} // namespace meshscope::chaos
