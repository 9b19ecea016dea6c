#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::core {

// How fine the graph's nodes are: one per service (Istio's canonical service on the caller's
// side, the called service on the callee's), per workload (Deployment), or per app and version.
enum class Granularity
{
    Service,
    Workload,
    App
};

QString toString(Granularity granularity);
Result<Granularity> granularityFromString(const QString &text);

// Which metric labels name one end of a call. Empty = the store has no such label (Tempo has
// no namespace); such a part of the node identity is then empty.
struct EndpointLabels
{
    QString cluster;
    QString ns;
    QString service;
    QString workload;
    QString app;
    QString version;
};

// A metric profile: how one mesh's metrics (Istio, Linkerd, Tempo's service graph) become the
// graph. A small fixed list of aggregated PromQL queries, each with a role that says how its
// series are read; the number of queries never depends on the size of the mesh. Loaded from
// YAML (built in under :/meshscope/profiles, or the user's profiles folder); the format and every
// built-in query: docs/query-profiles.md.
struct MetricProfile
{
    enum class Role
    {
        Requests,       // request rate per edge and outcome (the caller's view)
        Latency,        // quantiles per edge, label `quantile` (the caller's view)
        ServerRequests, // request rate per edge and security policy (the callee's view)
        ServerLatency,  // quantiles per edge, as the callee measured them
        Tcp,            // connection and byte rates per edge, label meshscope_series
        Replicas        // desired / ready replicas per workload, label meshscope_series
    };
    struct Query
    {
        Role role = Role::Requests;
        QString promql;    // with ${groupBy} ${filter} ${window} ${namespaces} ${prefix}
        QString histogram; // or: a bucket selector, expanded to p50/p95/p99 (latency roles)
        int line = 0;      // in the profile file, for messages
    };

    static constexpr int kMaxQueries = 8;
    // Marks which sub-expression a series of an `or`-joined query came from.
    static constexpr const char *kSeriesLabel = "meshscope_series";

    QString name;
    QString description;
    QString origin; // file the profile came from, for messages
    QString window = QStringLiteral("1m");
    QString probeMetric;         // must have series; exporters may prefix it (found by probing)
    QString probeHint;           // appended to "no <metric> series at <url>"
    QStringList namespaceLabels; // a call is kept when any of these matches the namespaces
    EndpointLabels source;
    EndpointLabels destination;
    QString protocolLabel;
    QString responseCodeLabel;
    QString grpcStatusLabel;
    QString responseFlagsLabel;
    QString securityPolicyLabel;
    QStringList mtlsValues; // values of securityPolicyLabel that mean mutual TLS
    QString unknownValue = QStringLiteral("unknown"); // what a proxy writes for an unknown peer
    double latencyToMs = 1.0;                         // latency histograms in seconds: 1000
    QString replicasNamespaceLabel;
    QString replicasNameLabel;
    std::vector<Query> queries;

    // Errors read "<origin>:<line>: <key>: <what>".
    static Result<MetricProfile> parse(const QByteArray &yaml, const QString &origin);
    static Result<MetricProfile> load(const QString &fileName);
    // By name: the user's folder (userFolder()/NAME.yaml) first, then the built-in ones.
    static Result<MetricProfile> find(const QString &name);
    static QStringList available(); // built-in and user profile names, sorted
    // <AppConfigLocation>/profiles
    static QString userFolder();

    static QString roleName(Role role);
};

} // namespace meshscope::core
