#pragma once

#include "core/jaeger/jaegerclient.h"
#include "core/telemetry/telemetrysource.h"

#include <functional>
#include <memory>

namespace meshscope::core {

// A graph from traces alone: Jaeger's dependency links (`/api/dependencies`) as edges marked
// EdgeSample::FromTraces, with the link's call count and, as request rate, that count spread
// over the lookback (traces carry no error or latency figures per link, so those stay empty).
// Used on its own (no Prometheus) or merged into a mesh sample with mergeTraceEdges().
class JaegerSource : public TelemetrySource
{
public:
    struct Options
    {
        qint64 lookbackMs = 60 * 60 * 1000;
        // Node identity: Istio names a service's spans "<app>.<namespace>", so the part after
        // the last dot is the namespace; names without one land in `defaultNamespace`.
        QString cluster;
        QString defaultNamespace = QStringLiteral("default");
        bool namespaceFromServiceName = true;
        // Injectable for tests; wall clock by default.
        std::function<qint64()> nowMs;
    };

    JaegerSource(std::shared_ptr<JaegerClient> client, Options options);

    QString name() const override;
    Result<TelemetrySample> fetch() override;

    // The sample a set of links makes at `timestampMs` (no network).
    TelemetrySample sampleFrom(const std::vector<JaegerDependency> &links,
                               qint64 timestampMs) const;
    NodeId nodeIdFor(const QString &serviceName) const;

    const std::shared_ptr<JaegerClient> &client() const { return m_client; }

private:
    std::shared_ptr<JaegerClient> m_client;
    Options m_options;
};

} // namespace meshscope::core
