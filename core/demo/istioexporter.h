#pragma once

// The demo mesh as Istio's sidecars expose it once Prometheus has scraped them: the simulator's
// cumulative counters in the Prometheus text exposition format (version 0.0.4), with Istio's
// metric names and labels for both reporters, plus kube-state-metrics replica gauges. What each
// number is made of: docs/demo-exporter.md.
//
// The label text of every series depends only on the mesh, so it is built once here; a scrape
// then only appends numbers (generated:5000 stays well under a second).

#include "core/demo/meshspec.h"
#include "core/telemetry/latencyhistogram.h"

#include <QByteArray>

#include <array>
#include <string>
#include <vector>

namespace meshscope::core {

class MeshSimulator;

class IstioExporter
{
public:
    // Content-Type of what format() returns.
    static constexpr const char *kContentType = "text/plain; version=0.0.4; charset=utf-8";

    explicit IstioExporter(const MeshSpec &spec);

    // The exposition of `simulator`'s state now. It must simulate the spec given above.
    QByteArray format(const MeshSimulator &simulator) const;

private:
    // Labels of one call edge as one reporter sees it, without the outcome labels and without
    // the closing brace: `reporter="source",source_workload="a",...,connection_security_policy=
    // "unknown"`. Empty when that reporter has no sidecar (calls to or from external services).
    struct EdgeText
    {
        std::string source;
        std::string destination;
        Protocol protocol = Protocol::Http;
    };
    struct DeploymentText
    {
        int service = -1;
        std::string labels; // namespace="..",deployment=".."
    };

    void appendRequests(QByteArray &out, const MeshSimulator &simulator) const;
    void appendDurations(QByteArray &out, const MeshSimulator &simulator) const;
    void appendHistogram(QByteArray &out, const std::string &labels, const std::string &suffix,
                         const std::array<double, kIstioBucketCount> &le, double sumMs) const;
    void appendTcp(QByteArray &out, const MeshSimulator &simulator) const;
    void appendDeployments(QByteArray &out, const MeshSimulator &simulator) const;

    std::vector<EdgeText> m_edges; // indexed like MeshSpec::calls
    std::vector<DeploymentText> m_deployments;
    // `,le="0.5"} ` ... `,le="+Inf"} `: the bucket suffixes, built once.
    std::array<std::string, kIstioBucketCount> m_leSuffix;
    // Bytes of the last exposition, to reserve the next at once (format() has one caller).
    mutable std::size_t m_lastSize = 0;
};

} // namespace meshscope::core
