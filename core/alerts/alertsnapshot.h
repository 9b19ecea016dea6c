#pragma once

#include "core/alerts/alerttypes.h"
#include "core/telemetry/telemetrytypes.h"

#include <QHash>
#include <QJsonArray>

#include <vector>

namespace meshscope::core {

// The alerts of one refresh, already placed on the graph's nodes (AlertMatcher ran on the
// worker). An immutable value shared by the refresh result, the window and the export.
struct AlertSnapshot
{
    std::vector<Alert> alerts;              // all of Alertmanager's answer, in its order
    QHash<NodeId, std::vector<int>> byNode; // node -> indexes into `alerts`
    // Set when this refresh's request failed: `alerts` are then the last good answer's.
    QString error;

    std::vector<Alert> alertsOf(const NodeId &node) const;
    // Active, neither silenced nor inhibited: what the status bar counts.
    int firingCount() const;
    // Of one node: firing ones, and muted ones (silenced, inhibited or unprocessed).
    int firingCountOf(const NodeId &node) const;
    int mutedCountOf(const NodeId &node) const;

    static bool isFiring(const Alert &alert);
    // For JSON exports: one object per alert of `node` (name, severity, state, summary, labels).
    QJsonArray toJson(const NodeId &node) const;
};

} // namespace meshscope::core
