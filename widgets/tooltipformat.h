#pragma once

// The hover texts of the topology view (rich text): who, the verdict as everywhere else (score
// as shown, band under the active bands, driver and worded reason), and the traffic figures.

#include "core/health/healthsettings.h"
#include "core/health/healthtypes.h"
#include "core/topology/topology.h"

#include <QCoreApplication>
#include <QString>

namespace meshscope::widgets {

class TooltipFormat
{
    Q_DECLARE_TR_FUNCTIONS(TooltipFormat)
public:
    static QString node(const core::TopologyNode &node, const core::HealthVerdict &verdict,
                        const core::HealthSettings::Bands &bands);
    static QString edge(const core::Topology &topology, int edgeIndex,
                        const core::HealthVerdict &verdict,
                        const core::HealthSettings::Bands &bands);
};

} // namespace meshscope::widgets
