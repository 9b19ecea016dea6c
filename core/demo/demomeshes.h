#pragma once

#include "core/demo/meshspec.h"
#include "core/result.h"

#include <QString>

namespace meshscope::core {

// Built-in meshes by name: "shop", "tickets", "generated:N" (1 <= N <= 20000). Deterministic
// for a given seed. Errors name what was wrong ("unknown demo mesh 'x': expected ...").
Result<MeshSpec> loadDemoMesh(const QString &name, quint64 seed);

} // namespace meshscope::core
