#pragma once

#include "core/demo/meshspec.h"

namespace meshscope::core {

// The layered mesh of N services behind "generated:N": gateways -> mid-tier fan-out -> shared
// backends with high in-degree, some cross edges inside a tier; about 3.4 calls per service.
// Calls always go to a later tier or a later index in the same tier, so the graph is acyclic.
MeshSpec generateLayeredMesh(int serviceCount, quint64 seed);

} // namespace meshscope::core
