#pragma once

// A built-in demo mesh ("tickets", "generated:1000" ...) refreshed and laid out as the window
// does it (RefreshEngine over the DemoSource, force layout), loaded into a TopologyScene.
// Header-only; widgets tests include it as "tests/widgets/demoscene.h".

#include "core/demo/demosource.h"
#include "core/session/refreshengine.h"
#include "widgets/topologyscene.h"

#include <QTest>

#include <memory>

namespace meshscope::testing {

inline bool loadDemoScene(widgets::TopologyScene &scene, const QString &mesh, int refreshes = 3)
{
    auto clock = std::make_shared<qint64>(1'700'000'000'000);
    auto source = core::DemoSource::create(mesh, 7, [clock] { return *clock; });
    if (!source)
        return false;
    core::RefreshEngine engine(source.value());
    core::RefreshRequest request;
    request.analytics = false;
    request.historyCapacity = 0;
    std::optional<core::RefreshResult> last;
    for (int i = 0; i < refreshes; ++i) {
        auto result = engine.refresh(request);
        if (!result)
            return false;
        request.previous = *result->positions;
        last = std::move(result).value();
        *clock += 10'000;
    }
    scene.setSnapshot(last->topology, last->scores, *last->positions);
    return true;
}

} // namespace meshscope::testing
