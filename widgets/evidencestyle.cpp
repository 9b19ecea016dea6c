#include "widgets/evidencestyle.h"

#include "core/telemetry/telemetrytypes.h"

namespace meshscope::widgets {

namespace {
constexpr std::uint8_t kBoth = core::EdgeSample::FromMesh | core::EdgeSample::FromTraces;
}

Qt::PenStyle EvidenceStyle::penStyle(std::uint8_t evidence, bool tracesInPlay)
{
    if (!tracesInPlay || (evidence & kBoth) == kBoth)
        return Qt::SolidLine;
    return (evidence & core::EdgeSample::FromTraces) ? Qt::DashLine : Qt::DotLine;
}

bool EvidenceStyle::shown(std::uint8_t evidence, EvidenceFilter filter)
{
    const bool mesh = evidence & core::EdgeSample::FromMesh;
    const bool traces = evidence & core::EdgeSample::FromTraces;
    switch (filter) {
    case EvidenceFilter::All:
        return true;
    case EvidenceFilter::Both:
        return mesh && traces;
    case EvidenceFilter::MeshOnly:
        return mesh && !traces;
    case EvidenceFilter::TracesOnly:
        return traces && !mesh;
    case EvidenceFilter::Disagreements:
        return mesh != traces;
    }
    return true;
}

QString EvidenceStyle::filterName(EvidenceFilter filter)
{
    switch (filter) {
    case EvidenceFilter::All:
        return tr("All calls");
    case EvidenceFilter::Both:
        return tr("Seen by mesh and traces");
    case EvidenceFilter::MeshOnly:
        return tr("Mesh only");
    case EvidenceFilter::TracesOnly:
        return tr("Traces only");
    case EvidenceFilter::Disagreements:
        return tr("Disagreements (one source only)");
    }
    return {};
}

} // namespace meshscope::widgets
