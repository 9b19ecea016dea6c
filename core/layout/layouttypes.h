#pragma once

#include "core/telemetry/telemetrytypes.h"

#include <QHash>
#include <QPointF>
#include <QSet>

namespace meshscope::core {

// Node positions in scene units (1 unit ~ 1 px at zoom 1), keyed by the identity that survives
// refreshes.
using Positions = QHash<NodeId, QPointF>;
using NodeIdSet = QSet<NodeId>;

} // namespace meshscope::core
