#pragma once

// What a chaos experiment injects, where and for how long, independent of Chaos Mesh's wire
// format (ManifestBuilder turns a Scenario into a custom resource). Plain values.

#include <QMap>
#include <QString>
#include <QStringList>

#include <optional>

namespace meshscope::chaos {

enum class FaultKind
{
    NetworkDelay,
    NetworkLoss,
    NetworkPartition,
    NetworkBandwidth,
    PodKill,
    PodFailure,
    ContainerKill,
    DnsError,
    DnsRandom,
    HttpAbort,
    HttpDelay,
    StressCpu,
    StressMemory
};

// The scenario file's spelling ("network-delay", "pod-kill", ...).
QString faultKindName(FaultKind kind);
std::optional<FaultKind> faultKindFromString(const QString &text);
QStringList allFaultKindNames();
// The Chaos Mesh kind and action a fault becomes ("NetworkChaos", "delay").
QString chaosKind(FaultKind kind);
QString chaosAction(FaultKind kind); // empty for kinds without an action (StressChaos, HTTPChaos)
// pod-kill and container-kill act once; Chaos Mesh ignores their duration.
bool isOneShot(FaultKind kind);

// Chaos Mesh's `mode`: how many of the selected pods are hit.
enum class SelectorMode
{
    One,
    All,
    Fixed,
    FixedPercent,
    RandomMaxPercent
};

QString selectorModeName(SelectorMode mode); // "one", "fixed-percent", ...
std::optional<SelectorMode> selectorModeFromString(const QString &text);

// Which pods a fault hits: a namespace plus workload labels, or pods picked by name.
struct TargetSelector
{
    QString ns;
    QMap<QString, QString> labels; // AND of key=value (app / app.kubernetes.io/name)
    QStringList pods;              // chosen pods in `ns`; when set, labels are not used
    SelectorMode mode = SelectorMode::All;
    QString value;       // count or percent for Fixed / FixedPercent / RandomMaxPercent
    QString displayName; // the service the graph showed, used in CR names

    bool isEmpty() const { return ns.isEmpty() && labels.isEmpty() && pods.isEmpty(); }
    friend bool operator==(const TargetSelector &, const TargetSelector &) = default;
};

enum class NetworkDirection
{
    To,
    From,
    Both
};

QString directionName(NetworkDirection direction);
std::optional<NetworkDirection> networkDirectionFromString(const QString &text);

// Parameters of every kind; each kind reads the ones it needs (Go durations and Chaos Mesh's
// percent strings are kept as text, exactly as they go on the wire).
struct FaultParameters
{
    // NetworkChaos
    QString latency;      // delay: "800ms"
    QString jitter;       // delay: "150ms"
    QString correlation;  // delay/loss: percent "0".."100"
    QString loss;         // loss: percent
    QString rate;         // bandwidth: "1mbps"
    int limit = 20971520; // bandwidth: bytes queued
    int buffer = 10000;   // bandwidth: bytes
    NetworkDirection direction = NetworkDirection::To;
    std::optional<TargetSelector> peer; // the other end of a call A->B (NetworkChaos `target`)
    // PodChaos / DNSChaos / StressChaos
    QStringList containerNames;
    int gracePeriod = 0;
    // DNSChaos
    QStringList patterns; // empty = every name
    // HTTPChaos
    QString httpTarget = QStringLiteral("Request"); // Request | Response
    int port = 80;
    QString path = QStringLiteral("*");
    QString method;
    QString httpDelay; // "500ms"
    // StressChaos
    int workers = 1;
    int load = 100;     // cpu percent per worker
    QString memorySize; // "256MB"

    friend bool operator==(const FaultParameters &, const FaultParameters &) = default;
};

struct Scenario
{
    QString id;   // file-stable identifier ("seed-latency")
    QString name; // what the library list shows
    QString description;
    FaultKind kind = FaultKind::NetworkDelay;
    TargetSelector target;
    FaultParameters parameters;
    QString duration = QStringLiteral("5m"); // Go duration; mandatory on every CR
    QString schedule; // cron or "@every 5m": wrap the fault in a Schedule; empty = once

    friend bool operator==(const Scenario &, const Scenario &) = default;
};

} // namespace meshscope::chaos
