#pragma once

// Small shared vocabulary of the topology view, its layers and the exporter.

#include <cstdint>

namespace meshscope::widgets {

// What the edge layer writes next to each edge (only when zoomed in far enough to read it).
enum class EdgeLabelMode : std::uint8_t
{
    None,
    RequestRate,
    ErrorPercent,
    P95
};

// Geometry in scene units (1 unit ~ 1 px at zoom 1). Nodes are small so that a 5,000-node
// layout with a median edge of ~60 units stays readable when fitted.
inline constexpr double kNodeRadius = 9.0;
inline constexpr double kLabelPixelSize = 10.0; // node label font, scene units
inline constexpr double kEdgeLabelPixelSize = 8.0;

// Level of detail (scale factor of the painter's world transform) above which finer things are
// drawn. Service labels keep a readable size when zoomed out (LabelPlacer::labelScale); below
// kLodGroupLabels a service name would cover several neighbours, so namespaces are named instead.
inline constexpr double kLodGroupLabels = 0.3;
inline constexpr double kLodArrows = 0.35;
inline constexpr double kLodEdgeLabels = 0.9;
inline constexpr double kLodAntialias = 0.6;
inline constexpr double kLodDetailedNodes = 0.2;

// Edge width by request rate, log scale: 1 px at <= 0.1 req/s, 6 px at >= 1000 req/s.
inline constexpr double kEdgeMinWidth = 1.0;
inline constexpr double kEdgeMaxWidth = 6.0;
inline constexpr double kEdgeRateLow = 0.1;
inline constexpr double kEdgeRateHigh = 1000.0;

} // namespace meshscope::widgets
