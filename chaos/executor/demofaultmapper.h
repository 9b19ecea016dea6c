#pragma once

// Chaos Mesh manifest -> the demo simulator's faults (the mapping is in docs/experiments.md
// "The demo executor"). Pure: no simulator is touched, so a dry run is the same call.

#include "chaos/manifest/manifesttypes.h"
#include "core/demo/faultspec.h"
#include "core/demo/meshspec.h"
#include "core/result.h"

#include <vector>

namespace meshscope::chaos {

class DemoFaultMapper
{
public:
    struct Plan
    {
        std::vector<core::FaultSpec> faults; // start resolved to absolute simulated ms
        qint64 endMs = 0;                    // the CR's whole life (a Schedule's included)
    };
    // `now` is the simulated time of creation; errors name the field or what cannot be simulated.
    static Result<Plan> map(const Manifest &manifest, const core::MeshSpec &mesh,
                            const QString &meshName, qint64 now);
};

} // namespace meshscope::chaos
