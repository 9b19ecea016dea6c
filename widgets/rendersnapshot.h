#pragma once

// What the topology view shows, as plain values: positions, colours, shapes, labels and their
// priority. Captured on the GUI thread from a TopologyScene (QGraphicsScene is not thread-safe)
// and painted anywhere by GraphPainter, e.g. by an export on a worker thread while the user
// keeps working. Immutable once captured; QString/QColor copies are safe across threads.

#include "core/health/healthsettings.h"
#include "core/telemetry/telemetrytypes.h"

#include <QColor>
#include <QPointF>
#include <QRectF>
#include <QSizeF>
#include <QString>

#include <vector>

namespace meshscope::core {
struct AlertSnapshot;
}

namespace meshscope::widgets {

class TopologyScene;

struct RenderSnapshot
{
    struct Node
    {
        QPointF pos; // scene units
        QColor fill; // before fading
        QString label;
        QSizeF labelSize; // at scale 1
        core::NodeKind kind = core::NodeKind::Service;
        bool idle = false;
        bool dimmed = false;
        bool pinned = false;
        bool selected = false;
        // The alert badge the view shows at the node's upper right: firing alerts (red), else
        // muted ones (grey: silenced, inhibited, unprocessed). Both 0: no badge.
        int alertsFiring = 0;
        int alertsMuted = 0;
    };
    struct Edge
    {
        int source = -1; // index into nodes
        int target = -1;
        QColor color; // as drawn (already faded when dimmed)
        double width = 1.0;
        QString label; // empty without an edge label mode
        bool dimmed = false;
        // Where the call is known from, as the view draws it (EvidenceStyle::penStyle): solid
        // (mesh, or mesh and traces), dashed (traces only), dotted (mesh only, traces in play).
        Qt::PenStyle style = Qt::SolidLine;
    };

    // A group's area (an outline around its open members, or the disc behind a collapsed
    // group's node) and its title, as the view draws them (GroupItem).
    struct Group
    {
        QString title;
        QRectF area; // scene units
        QColor accent;
        double titleSize = 13.0; // scene units (screen pixels in the view)
        bool collapsed = false;
        // The title sits above the area's left end, or centred above a disc.
        QPointF titleAnchor() const;
        QRectF titleRect() const; // scene units
    };

    std::vector<Group> groups; // drawn behind the edges
    std::vector<Node> nodes;
    std::vector<Edge> edges;     // in drawing order: dimmed first, failing last
    std::vector<int> labelOrder; // node indices, highest label priority first
    int selectedEdge = -1;       // index into edges
    // Quiet healthy calls left out as the view leaves them out at zoom 1 (an ink budget: beyond
    // it a large mesh is a solid disc, and painting it took most of an export's time).
    int omittedEdges = 0;
    core::HealthSettings::Bands bands;
    QRectF bounds; // nodes with their labels and the groups with their titles, scene units
    QString sourceName;
    qint64 timestampMs = 0;
    // Some call comes from traces: the legend gains the evidence row, as in the view.
    bool evidence = false;

    // Copies what `scene` shows now, with the badges of `alerts` (the snapshot's alerts, as
    // TelemetryFlow puts them on the view) on the nodes shown. GUI thread only.
    static RenderSnapshot capture(const TopologyScene &scene,
                                  const core::AlertSnapshot *alerts = nullptr);
};

} // namespace meshscope::widgets
