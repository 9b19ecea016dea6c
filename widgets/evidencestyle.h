#pragma once

// How the view shows where a call is known from (core::EdgeSample::evidence): the mesh's
// metrics, Jaeger's traces, or both. One place for the pen styles, so that the graph, the
// legend and the filter always agree.

#include <QCoreApplication>
#include <QString>

#include <cstdint>

namespace meshscope::widgets {

// Which calls the graph shows. "Disagreements" are the calls only one source knows: a call the
// mesh sees but traces never sampled, or one traces show that the mesh does not report.
enum class EvidenceFilter
{
    All,
    Both,
    MeshOnly,
    TracesOnly,
    Disagreements
};

class EvidenceStyle
{
    Q_DECLARE_TR_FUNCTIONS(EvidenceStyle)
public:
    // Solid: known from the mesh (or both); dashed: traces only; dotted: the mesh only while
    // traces are in play (`tracesInPlay`: some edge of the graph comes from traces). Without
    // traces everything is solid, as before Jaeger was added.
    static Qt::PenStyle penStyle(std::uint8_t evidence, bool tracesInPlay);
    static bool shown(std::uint8_t evidence, EvidenceFilter filter);
    static QString filterName(EvidenceFilter filter);
};

} // namespace meshscope::widgets
