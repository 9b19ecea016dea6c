#include "core/demo/istioexporter.h"

#include "core/demo/meshsimulator.h"

#include <QLoggingCategory>

#include <charconv>
#include <cmath>

Q_DECLARE_LOGGING_CATEGORY(lcSim) // defined in meshsimulator.cpp: one category for the demo mesh

namespace meshscope::core {

namespace {

using Outcome = MeshSimulator::Outcome;
using ServerOutcome = meshscope::core::ServerOutcome;
constexpr int kOutcomes = MeshSimulator::kOutcomeCount;

// Label values come from mesh specs (names, namespaces): escaped as the text format requires.
void appendLabel(std::string &out, const char *name, const QString &value)
{
    if (!out.empty())
        out += ',';
    out += name;
    out += "=\"";
    for (const char c : value.toStdString()) {
        if (c == '\\' || c == '"')
            out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    out += '"';
}

// The exposition is built in a QByteArray in place, so a scrape of hundreds of MB is not
// copied once more; label text (built once) is std::string.
void put(QByteArray &out, const std::string &s)
{
    out.append(s.data(), qsizetype(s.size()));
}

template <typename Out> void appendNumber(Out &out, double v)
{
    // Shortest round-trip digits in fixed notation as Go prints them (le="300000", never
    // "3e+05": le is a label value and users match it as text).
    char buf[64];
    const auto r = std::abs(v) < 1e21
                       ? std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed)
                       : std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, qsizetype(r.ptr - buf));
}

const char *protocolName(Protocol p)
{
    return p == Protocol::Grpc ? "grpc" : p == Protocol::Tcp ? "tcp" : "http";
}

// Request protocol and outcome labels, as Istio sets them (CallModel::labels: on gRPC every
// answer is HTTP 200 with a grpc-status, Envoy's own local replies too).
std::string outcomeSuffix(Protocol protocol, const CallModel::Labels &l)
{
    std::string s = ",request_protocol=\"";
    s += protocolName(protocol);
    s += "\",response_code=\"";
    s += std::to_string(l.responseCode);
    s += "\",grpc_response_status=\"";
    if (l.grpcStatus >= 0)
        s += std::to_string(l.grpcStatus);
    s += "\",response_flags=\"";
    s += l.flags;
    s += '"';
    return s;
}

void appendHeader(QByteArray &out, const char *name, const char *type, const char *help)
{
    out += "# HELP ";
    out += name;
    out += ' ';
    out += help;
    out += "\n# TYPE ";
    out += name;
    out += ' ';
    out += type;
    out += '\n';
}

// One sample line: name{labels suffix} value
void appendSample(QByteArray &out, const char *name, const std::string &labels,
                  const std::string &suffix, double value)
{
    out += name;
    out += '{';
    put(out, labels);
    put(out, suffix);
    out += "} ";
    appendNumber(out, value);
    out += '\n';
}

struct SuffixTable
{
    std::string source[3][kOutcomes];                           // by protocol, CallOutcome
    std::string destination[3][MeshSimulator::kServerOutcomes]; // by protocol, ServerOutcome
    std::string tcp[kOutcomes];                                 // by CallOutcome's flag
    SuffixTable()
    {
        for (int p = 0; p < 3; ++p) {
            for (int o = 0; o < kOutcomes; ++o)
                source[p][o] =
                    outcomeSuffix(Protocol(p), CallModel::labels(Outcome(o), Protocol(p)));
            for (int o = 0; o < MeshSimulator::kServerOutcomes; ++o)
                destination[p][o] = outcomeSuffix(
                    Protocol(p), CallModel::serverLabels(ServerOutcome(o), Protocol(p)));
        }
        for (int o = 0; o < kOutcomes; ++o)
            tcp[o] = std::string(",request_protocol=\"tcp\",response_flags=\"") +
                     CallModel::labels(Outcome(o), Protocol::Tcp).flags + '"';
    }
};

const SuffixTable &suffixes()
{
    static const SuffixTable table;
    return table;
}

} // namespace

IstioExporter::IstioExporter(const MeshSpec &spec)
{
    const QString unknown = QStringLiteral("unknown");
    m_edges.reserve(spec.calls.size());
    for (const CallSpec &call : spec.calls) {
        const ServiceSpec &from = spec.services[size_t(call.from)];
        const ServiceSpec &to = spec.services[size_t(call.to)];
        const bool fromMeshed = from.kind != NodeKind::External;
        const bool toMeshed = to.kind != NodeKind::External;
        // Peer labels: what a sidecar knows of the other end. Unmeshed ends are "unknown", an
        // external destination keeps the host name it was called by (a ServiceEntry).
        std::string common;
        appendLabel(common, "source_workload", fromMeshed ? from.name : unknown);
        appendLabel(common, "source_workload_namespace", fromMeshed ? from.ns : unknown);
        appendLabel(common, "source_canonical_service", fromMeshed ? from.name : unknown);
        appendLabel(common, "source_app", fromMeshed ? from.name : unknown);
        appendLabel(common, "source_version", fromMeshed ? from.version : unknown);
        appendLabel(common, "source_cluster", fromMeshed ? spec.cluster : unknown);
        appendLabel(common, "destination_workload", toMeshed ? to.name : unknown);
        appendLabel(common, "destination_workload_namespace", toMeshed ? to.ns : unknown);
        appendLabel(common, "destination_canonical_service", toMeshed ? to.name : unknown);
        appendLabel(common, "destination_app", toMeshed ? to.name : unknown);
        appendLabel(common, "destination_version", toMeshed ? to.version : unknown);
        appendLabel(common, "destination_service",
                    toMeshed
                        ? to.name + QLatin1Char('.') + to.ns + QLatin1String(".svc.cluster.local")
                        : to.name);
        appendLabel(common, "destination_service_name", to.name);
        appendLabel(common, "destination_service_namespace", to.ns);
        appendLabel(common, "destination_cluster", toMeshed ? spec.cluster : unknown);

        EdgeText e;
        e.protocol = to.protocol;
        if (fromMeshed) {
            // The client's proxy cannot know the server's policy: Istio writes "unknown".
            e.source = "reporter=\"source\"," + common + ",connection_security_policy=\"unknown\"";
        }
        if (toMeshed) {
            const bool mtls = to.mtls && fromMeshed;
            e.destination = "reporter=\"destination\"," + common +
                            ",connection_security_policy=\"" + (mtls ? "mutual_tls" : "none") + '"';
        }
        m_edges.push_back(std::move(e));
    }
    for (int s = 0; s < int(spec.services.size()); ++s) {
        const ServiceSpec &sp = spec.services[size_t(s)];
        if (sp.replicas < 0 || sp.kind == NodeKind::External)
            continue; // not a Deployment of the cluster
        DeploymentText d;
        d.service = s;
        appendLabel(d.labels, "namespace", sp.ns);
        appendLabel(d.labels, "deployment", sp.name);
        m_deployments.push_back(std::move(d));
    }
    for (size_t b = 0; b < kIstioBucketCount; ++b) {
        std::string le = ",le=\"";
        if (b + 1 == kIstioBucketCount)
            le += "+Inf";
        else
            appendNumber(le, kIstioDurationBucketsMs[b]);
        le += '"';
        m_leSuffix[b] = std::move(le);
    }
    qCDebug(lcSim) << "exporter for" << spec.name << m_edges.size() << "edges,"
                   << m_deployments.size() << "deployments";
}

QByteArray IstioExporter::format(const MeshSimulator &simulator) const
{
    QByteArray out;
    out.reserve(qsizetype(m_lastSize + m_lastSize / 8));
    appendRequests(out, simulator);
    appendDurations(out, simulator);
    appendTcp(out, simulator);
    appendDeployments(out, simulator);
    m_lastSize = size_t(out.size());
    return out;
}

void IstioExporter::appendRequests(QByteArray &out, const MeshSimulator &simulator) const
{
    constexpr const char *name = "istio_requests_total";
    appendHeader(out, name, "counter", "Total requests.");
    const auto &counters = simulator.counters();
    for (size_t e = 0; e < m_edges.size(); ++e) {
        const EdgeText &edge = m_edges[e];
        if (edge.protocol == Protocol::Tcp)
            continue; // Istio counts only connections and bytes on plain TCP
        const int p = int(edge.protocol);
        const MeshSimulator::EdgeCounters &k = counters[e];
        // A series appears with its first request, as Envoy creates it. The caller's sidecar
        // counts requests by how they ended for it; the callee's counts the attempts it saw.
        if (!edge.source.empty())
            for (int o = 0; o < kOutcomes; ++o)
                if (k.requests[size_t(o)] > 0.0)
                    appendSample(out, name, edge.source, suffixes().source[p][o],
                                 k.requests[size_t(o)]);
        if (!edge.destination.empty())
            for (int o = 0; o < MeshSimulator::kServerOutcomes; ++o)
                if (k.serverRequests[size_t(o)] > 0.0)
                    appendSample(out, name, edge.destination, suffixes().destination[p][o],
                                 k.serverRequests[size_t(o)]);
    }
}

void IstioExporter::appendHistogram(QByteArray &out, const std::string &labels,
                                    const std::string &suffix,
                                    const std::array<double, kIstioBucketCount> &le,
                                    double sumMs) const
{
    for (size_t b = 0; b < kIstioBucketCount; ++b) {
        out += "istio_request_duration_milliseconds_bucket{";
        put(out, labels);
        put(out, suffix);
        put(out, m_leSuffix[b]);
        out += "} ";
        appendNumber(out, le[b]);
        out += '\n';
    }
    appendSample(out, "istio_request_duration_milliseconds_sum", labels, suffix, sumMs);
    appendSample(out, "istio_request_duration_milliseconds_count", labels, suffix, le.back());
}

void IstioExporter::appendDurations(QByteArray &out, const MeshSimulator &simulator) const
{
    appendHeader(out, "istio_request_duration_milliseconds", "histogram",
                 "Request duration in milliseconds.");
    const auto &counters = simulator.counters();
    for (size_t e = 0; e < m_edges.size(); ++e) {
        const EdgeText &edge = m_edges[e];
        const MeshSimulator::EdgeCounters &k = counters[e];
        if (edge.protocol == Protocol::Tcp)
            continue;
        // One histogram per edge and reporter (all outcomes), exposed on its success series:
        // the caller's wait (capped by the route timeout) and the callee's own time.
        const int p = int(edge.protocol);
        if (!edge.source.empty() && k.durationLe.back() > 0.0)
            appendHistogram(out, edge.source, suffixes().source[p][int(Outcome::Ok)], k.durationLe,
                            k.durationSumMs);
        if (!edge.destination.empty() && k.serverDurationLe.back() > 0.0)
            appendHistogram(out, edge.destination,
                            suffixes().destination[p][int(ServerOutcome::Ok)], k.serverDurationLe,
                            k.serverDurationSumMs);
    }
}

void IstioExporter::appendTcp(QByteArray &out, const MeshSimulator &simulator) const
{
    const auto &counters = simulator.counters();
    const auto &tcp = suffixes().tcp;
    const std::string &ok = tcp[int(Outcome::Ok)];
    // Connections: those that failed carry their flag (UH, UF, DF) and only the caller's
    // sidecar saw them; the rest are "-" on both reporters.
    struct Connections
    {
        const char *name;
        const char *help;
        double MeshSimulator::EdgeCounters::*field;
    };
    static constexpr Connections connections[] = {
        {"istio_tcp_connections_opened_total", "Total TCP connections opened.",
         &MeshSimulator::EdgeCounters::tcpOpened},
        {"istio_tcp_connections_closed_total", "Total TCP connections closed.",
         &MeshSimulator::EdgeCounters::tcpClosed},
    };
    for (const Connections &c : connections) {
        appendHeader(out, c.name, "counter", c.help);
        for (size_t e = 0; e < m_edges.size(); ++e) {
            const EdgeText &edge = m_edges[e];
            const MeshSimulator::EdgeCounters &k = counters[e];
            if (edge.protocol != Protocol::Tcp)
                continue;
            double failed = 0.0;
            for (int o = 0; o < kOutcomes; ++o)
                if (EdgeWindow::failsConnection(Outcome(o)))
                    failed += k.requests[size_t(o)];
            const double good = k.*(c.field) - failed;
            if (good > 0.0) {
                if (!edge.source.empty())
                    appendSample(out, c.name, edge.source, ok, good);
                if (!edge.destination.empty())
                    appendSample(out, c.name, edge.destination, ok, good);
            }
            if (edge.source.empty())
                continue;
            for (int o = 0; o < kOutcomes; ++o)
                if (EdgeWindow::failsConnection(Outcome(o)) && k.requests[size_t(o)] > 0.0)
                    appendSample(out, c.name, edge.source, tcp[o], k.requests[size_t(o)]);
        }
    }
    // Istio's direction is the server's: "sent" is the response (server -> client), "received"
    // the request; the simulator counts bytesSent client -> server.
    static constexpr Connections bytes[] = {
        {"istio_tcp_sent_bytes_total", "Size of total bytes sent in response to a TCP connection.",
         &MeshSimulator::EdgeCounters::bytesReceived},
        {"istio_tcp_received_bytes_total",
         "Size of total bytes received in request to a TCP connection.",
         &MeshSimulator::EdgeCounters::bytesSent},
    };
    for (const Connections &f : bytes) {
        appendHeader(out, f.name, "counter", f.help);
        for (size_t e = 0; e < m_edges.size(); ++e) {
            const EdgeText &edge = m_edges[e];
            const double value = counters[e].*(f.field);
            if (edge.protocol != Protocol::Tcp || !(value > 0.0))
                continue;
            if (!edge.source.empty())
                appendSample(out, f.name, edge.source, ok, value);
            if (!edge.destination.empty())
                appendSample(out, f.name, edge.destination, ok, value);
        }
    }
}

void IstioExporter::appendDeployments(QByteArray &out, const MeshSimulator &simulator) const
{
    const std::string none;
    appendHeader(out, "kube_deployment_status_replicas", "gauge",
                 "The number of replicas per deployment.");
    for (const DeploymentText &d : m_deployments)
        appendSample(out, "kube_deployment_status_replicas", d.labels, none,
                     double(simulator.spec().services[size_t(d.service)].replicas));
    appendHeader(out, "kube_deployment_status_replicas_available", "gauge",
                 "The number of available replicas per deployment.");
    for (const DeploymentText &d : m_deployments)
        appendSample(out, "kube_deployment_status_replicas_available", d.labels, none,
                     double(simulator.replicasReady(d.service)));
}

} // namespace meshscope::core
