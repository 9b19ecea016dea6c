#pragma once

#include "core/telemetry/telemetrytypes.h"

namespace meshscope::core {

// Merges the trace-derived edges of `traces` (a JaegerSource sample) into the mesh sample
// `mesh`: an edge both know keeps the mesh's figures and gains FromTraces and the trace call
// count; an edge only traces know is added (with its nodes) as FromTraces only; mesh edges the
// traces lack stay FromMesh only. Edges are matched by (source, destination) node identity.
TelemetrySample mergeTraceEdges(TelemetrySample mesh, const TelemetrySample &traces);

} // namespace meshscope::core
