#pragma once

#include "core/alerts/alertmanagerclient.h"
#include "core/alerts/alertsnapshot.h"
#include "core/jaeger/jaegersource.h"
#include "core/telemetry/telemetrysource.h"

#include <QThreadPool>

#include <memory>

namespace meshscope::core {

// One refresh from up to three backends: a mesh source (Prometheus), Jaeger's dependency graph
// and Alertmanager. The mesh and Jaeger edges are merged (mergeTraceEdges) and the alerts placed
// on the merged graph's nodes, all on the refresh worker.
//
// The warnings and alerts of the last fetch() are read by RefreshEngine right after it, on the
// same worker (TelemetrySample stays what every source produces).
//
// Failures follow what the user can still trust: when the graph's primary source fails (the
// mesh, or Jaeger when it is the only one) fetch() fails and the session keeps the last graph,
// marked stale. When a secondary backend fails (Jaeger beside a mesh, Alertmanager), the graph
// is drawn from the rest and the sample carries a warning naming the backend and its error;
// Alertmanager's last good alerts are kept (with the error set on the AlertSnapshot).
class CombinedSource : public TelemetrySource
{
public:
    struct Parts
    {
        std::shared_ptr<TelemetrySource> mesh;      // may be null when Jaeger is given
        std::shared_ptr<JaegerSource> traces;       // may be null
        std::shared_ptr<AlertmanagerClient> alerts; // may be null
        AlertFilter alertFilter;
    };

    explicit CombinedSource(Parts parts);
    ~CombinedSource() override;

    QString name() const override;
    Result<TelemetrySample> fetch() override;
    int backfill(qint64 spanMs, qint64 stepMs, const SampleConsumer &consume) override;

    // Of the last fetch(); read on the thread that called it.
    const QStringList &lastWarnings() const { return m_warnings; }
    const std::shared_ptr<const AlertSnapshot> &lastAlerts() const { return m_alerts; }

    const std::shared_ptr<TelemetrySource> &mesh() const { return m_parts.mesh; }
    const std::shared_ptr<JaegerSource> &traces() const { return m_parts.traces; }
    const std::shared_ptr<AlertmanagerClient> &alertClient() const { return m_parts.alerts; }

    // Jaeger names services without a cluster and often without a namespace ("ts-order"):
    // their nodes are moved onto the mesh node of the same name (same namespace when the
    // trace name has one) when exactly one such node exists, so that both sources meet on one
    // node instead of drawing it twice. No network.
    static TelemetrySample alignTraceNodes(TelemetrySample traces, const TelemetrySample &mesh);

private:
    std::shared_ptr<const AlertSnapshot> fetchAlerts(const TelemetrySample &sample);

    Parts m_parts;
    QThreadPool m_pool;              // the side requests run beside the mesh's on their own threads
    std::vector<Alert> m_lastAlerts; // the last good answer; fetch() is never concurrent
    QStringList m_warnings;
    std::shared_ptr<const AlertSnapshot> m_alerts;
};

} // namespace meshscope::core
