// Graphviz DOT and GraphML writers of snapshotio.h, through Boost.Graph's writers.
// Attributes and units: docs/export-formats.md.

#include "core/io/graphwriters.h"

#include "core/io/snapshotio_p.h"
#include "core/topology/topologygraph_p.h"

#include <boost/graph/graphml.hpp>
#include <boost/graph/graphviz.hpp>
#include <boost/property_map/dynamic_property_map.hpp>
#include <boost/property_map/function_property_map.hpp>

#include <QIODevice>
#include <QLocale>

#include <cmath>
#include <exception>
#include <sstream>
#include <string>

namespace meshscope::core {

namespace {

using Vertex = boost::graph_traits<BoostTopologyGraph>::vertex_descriptor;
using Edge = boost::graph_traits<BoostTopologyGraph>::edge_descriptor;

// Fill colours of the bands, kept local and tiny: the view's palette lives in widgets.
const char *bandColour(HealthBand band)
{
    switch (band) {
    case HealthBand::Healthy:
        return "#2e9e44";
    case HealthBand::Degraded:
        return "#e8a317";
    case HealthBand::Failing:
        return "#d1342f";
    case HealthBand::NoData:
        return "#9e9e9e";
    }
    return "#9e9e9e";
}

// A DOT double-quoted string: quotes and backslashes escaped, line breaks as the \n escape.
std::string dotQuoted(const QString &text)
{
    std::string out = "\"";
    for (char c : text.toStdString()) {
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            break;
        default:
            out += c;
        }
    }
    out += '"';
    return out;
}

// Numbers in DOT attributes: shortest round-trip text, "nan" never (the attribute is left out).
std::string dotNumber(double v)
{
    return QByteArray::number(v, 'g', QLocale::FloatingPointShortest).toStdString();
}

std::string encodeVerdict(const HealthVerdict *v)
{
    std::string out;
    if (v && std::isfinite(v->score))
        out += ", score=" + dotNumber(v->score);
    out += ", band=" + dotQuoted(snapshotio::bandKey(v ? v->band : HealthBand::NoData));
    return out;
}

class DotVertexWriter
{
public:
    explicit DotVertexWriter(const SnapshotView &view) : m_view(view) {}
    void operator()(std::ostream &out, Vertex v) const
    {
        const int index = int(v);
        const TopologyNode &n = m_view.topology->nodes()[size_t(index)];
        const HealthVerdict *verdict = snapshotio::nodeVerdict(m_view, index);
        const HealthBand band = verdict ? verdict->band : HealthBand::NoData;
        out << " [label=" << dotQuoted(n.name + QLatin1Char('\n') + n.ns)
            << ", id=" << dotQuoted(n.id.key()) << ", kind=" << dotQuoted(toString(n.kind))
            << encodeVerdict(verdict)
            << ", fillcolor=" << dotQuoted(QLatin1String(bandColour(band)));
        if (const auto pos = snapshotio::positionOf(m_view, n.id)) {
            // Graphviz's y axis points up, the scene's down: flip so neato -n2 draws what the
            // app shows. '!' pins the node.
            out << ", pos=\"" << dotNumber(pos->x()) << ',' << dotNumber(-pos->y() + 0.0) << "!\"";
        }
        if (m_view.pinned && m_view.pinned->contains(n.id))
            out << ", pinned=true";
        out << ']';
    }

private:
    const SnapshotView &m_view;
};

class DotEdgeWriter
{
public:
    explicit DotEdgeWriter(const SnapshotView &view) : m_view(view) {}
    void operator()(std::ostream &out, Edge e) const
    {
        const BoostTopologyGraph &g = m_view.topology->graph().g;
        const int index = boost::get(boost::edge_index, g, e);
        const EdgeSample &m = m_view.topology->edges()[size_t(index)].metrics;
        const HealthVerdict *verdict = snapshotio::edgeVerdict(m_view, index);
        out << "[rps=" << dotNumber(m.requestRate);
        if (std::isfinite(m.errorRatio()))
            out << ", errorRatio=" << dotNumber(m.errorRatio());
        if (std::isfinite(m.latency.p95Ms))
            out << ", p95Ms=" << dotNumber(m.latency.p95Ms);
        out << ", protocol=" << dotQuoted(toString(m.protocol)) << encodeVerdict(verdict)
            << ", color="
            << dotQuoted(QLatin1String(bandColour(verdict ? verdict->band : HealthBand::NoData)))
            << ']';
    }

private:
    const SnapshotView &m_view;
};

class DotGraphWriter
{
public:
    explicit DotGraphWriter(const SnapshotView &view) : m_view(view) {}
    void operator()(std::ostream &out) const
    {
        out << "graph [label=" << dotQuoted(m_view.topology->sourceName())
            << ", generation=" << m_view.topology->generation()
            << ", timestamp=" << m_view.topology->timestampMs() << "];\n"
            << "node [shape=ellipse, style=filled, fontname=\"sans-serif\"];\n";
    }

private:
    const SnapshotView &m_view;
};

// GraphML's double is XML Schema's, which spells these NaN, INF and -INF; iostreams print nan
// and inf. Only whole <data> values are replaced.
void fixNonFinite(std::string &xml)
{
    static const std::pair<const char *, const char *> replacements[] = {
        {">-nan<", ">NaN<"}, {">nan<", ">NaN<"}, {">-inf<", ">-INF<"}, {">inf<", ">INF<"}};
    for (const auto &[from, to] : replacements) {
        const std::string f = from;
        const std::string t = to;
        for (size_t at = xml.find(f); at != std::string::npos; at = xml.find(f, at + t.size()))
            xml.replace(at, f.size(), t);
    }
}

} // namespace

Result<void> writeDot(const SnapshotView &view, QIODevice &device)
{
    if (Result<void> ok = snapshotio::checkWritable(view, device, "DOT"); !ok)
        return ok;
    std::ostringstream out;
    try {
        boost::write_graphviz(out, view.topology->graph().g, DotVertexWriter(view),
                              DotEdgeWriter(view), DotGraphWriter(view));
    } catch (const std::exception &e) {
        return Result<void>::failure(
            QStringLiteral("writing DOT failed: %1").arg(QString::fromUtf8(e.what())));
    }
    return snapshotio::writeAll(device, QByteArray::fromStdString(out.str()), "DOT");
}

Result<void> writeGraphMl(const SnapshotView &view, QIODevice &device)
{
    if (Result<void> ok = snapshotio::checkWritable(view, device, "GraphML"); !ok)
        return ok;
    const Topology &t = *view.topology;
    const BoostTopologyGraph &g = t.graph().g;
    auto node = [&t](Vertex v) -> const TopologyNode & { return t.nodes()[size_t(v)]; };
    auto edgeIndex = [&g](Edge e) { return boost::get(boost::edge_index, g, e); };
    auto nodeScore = [&view](Vertex v) {
        const HealthVerdict *verdict = snapshotio::nodeVerdict(view, int(v));
        return verdict ? verdict->score : kNaN;
    };
    auto nodeBand = [&view](Vertex v) {
        const HealthVerdict *verdict = snapshotio::nodeVerdict(view, int(v));
        return snapshotio::bandKey(verdict ? verdict->band : HealthBand::NoData).toStdString();
    };
    auto coordinate = [&view, node](Vertex v, bool x) {
        const auto pos = snapshotio::positionOf(view, node(v).id);
        return pos ? (x ? pos->x() : pos->y()) : kNaN;
    };
    auto metrics = [&t, edgeIndex](Edge e) -> const EdgeSample & {
        return t.edges()[size_t(edgeIndex(e))].metrics;
    };

    boost::dynamic_properties dp;
    dp.property("nodeId", boost::make_function_property_map<Vertex, std::string>(
                              [node](Vertex v) { return node(v).id.key().toStdString(); }));
    dp.property("name", boost::make_function_property_map<Vertex, std::string>(
                            [node](Vertex v) { return node(v).name.toStdString(); }));
    dp.property("namespace", boost::make_function_property_map<Vertex, std::string>(
                                 [node](Vertex v) { return node(v).ns.toStdString(); }));
    dp.property("kind", boost::make_function_property_map<Vertex, std::string>(
                            [node](Vertex v) { return toString(node(v).kind).toStdString(); }));
    dp.property("score", boost::make_function_property_map<Vertex, double>(nodeScore));
    dp.property("band", boost::make_function_property_map<Vertex, std::string>(nodeBand));
    dp.property("x", boost::make_function_property_map<Vertex, double>(
                         [coordinate](Vertex v) { return coordinate(v, true); }));
    dp.property("y", boost::make_function_property_map<Vertex, double>(
                         [coordinate](Vertex v) { return coordinate(v, false); }));
    dp.property("protocol", boost::make_function_property_map<Edge, std::string>([metrics](Edge e) {
                    return toString(metrics(e).protocol).toStdString();
                }));
    dp.property("rps", boost::make_function_property_map<Edge, double>(
                           [metrics](Edge e) { return metrics(e).requestRate; }));
    dp.property("errorRatio", boost::make_function_property_map<Edge, double>(
                                  [metrics](Edge e) { return metrics(e).errorRatio(); }));
    dp.property("p95Ms", boost::make_function_property_map<Edge, double>(
                             [metrics](Edge e) { return metrics(e).latency.p95Ms; }));
    dp.property("score",
                boost::make_function_property_map<Edge, double>([&view, edgeIndex](Edge e) {
                    const HealthVerdict *verdict = snapshotio::edgeVerdict(view, edgeIndex(e));
                    return verdict ? verdict->score : kNaN;
                }));

    std::ostringstream out;
    try {
        boost::write_graphml(out, g, dp, true);
    } catch (const std::exception &e) {
        return Result<void>::failure(
            QStringLiteral("writing GraphML failed: %1").arg(QString::fromUtf8(e.what())));
    }
    std::string xml = out.str();
    fixNonFinite(xml);
    return snapshotio::writeAll(device, QByteArray::fromStdString(xml), "GraphML");
}

} // namespace meshscope::core
