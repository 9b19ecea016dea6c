#pragma once

// Chaos Mesh custom resource -> Scenario: the inverse of ManifestBuilder, so that a manifest the
// user edited as YAML (or imported) can be shown in the scenario form again. Only what the form
// can express is read; anything else is an error naming the field, and the caller keeps the
// form as it was (the YAML stays the user's text).

#include "chaos/manifest/manifesttypes.h"
#include "chaos/scenario/scenariotypes.h"
#include "core/result.h"

namespace meshscope::chaos {

class ManifestReader
{
public:
    // The scenario's id, name and description are left empty: a manifest does not carry them.
    static Result<Scenario> toScenario(const Manifest &manifest);
};

} // namespace meshscope::chaos
