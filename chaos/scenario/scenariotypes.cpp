#include "chaos/scenario/scenariotypes.h"

#include <array>
#include <utility>

namespace meshscope::chaos {

namespace {

struct KindRow
{
    FaultKind kind;
    const char *name;
    const char *chaosKind;
    const char *action;
};

constexpr std::array<KindRow, 13> kKinds{{
    {FaultKind::NetworkDelay, "network-delay", "NetworkChaos", "delay"},
    {FaultKind::NetworkLoss, "network-loss", "NetworkChaos", "loss"},
    {FaultKind::NetworkPartition, "network-partition", "NetworkChaos", "partition"},
    {FaultKind::NetworkBandwidth, "network-bandwidth", "NetworkChaos", "bandwidth"},
    {FaultKind::PodKill, "pod-kill", "PodChaos", "pod-kill"},
    {FaultKind::PodFailure, "pod-failure", "PodChaos", "pod-failure"},
    {FaultKind::ContainerKill, "container-kill", "PodChaos", "container-kill"},
    {FaultKind::DnsError, "dns-error", "DNSChaos", "error"},
    {FaultKind::DnsRandom, "dns-random", "DNSChaos", "random"},
    {FaultKind::HttpAbort, "http-abort", "HTTPChaos", ""},
    {FaultKind::HttpDelay, "http-delay", "HTTPChaos", ""},
    {FaultKind::StressCpu, "stress-cpu", "StressChaos", ""},
    {FaultKind::StressMemory, "stress-memory", "StressChaos", ""},
}};

const KindRow &row(FaultKind kind)
{
    for (const KindRow &r : kKinds) {
        if (r.kind == kind)
            return r;
    }
    return kKinds.front();
}

constexpr std::array<std::pair<SelectorMode, const char *>, 5> kModes{{
    {SelectorMode::One, "one"},
    {SelectorMode::All, "all"},
    {SelectorMode::Fixed, "fixed"},
    {SelectorMode::FixedPercent, "fixed-percent"},
    {SelectorMode::RandomMaxPercent, "random-max-percent"},
}};

constexpr std::array<std::pair<NetworkDirection, const char *>, 3> kDirections{{
    {NetworkDirection::To, "to"},
    {NetworkDirection::From, "from"},
    {NetworkDirection::Both, "both"},
}};

} // namespace

QString faultKindName(FaultKind kind)
{
    return QString::fromLatin1(row(kind).name);
}

std::optional<FaultKind> faultKindFromString(const QString &text)
{
    for (const KindRow &r : kKinds) {
        if (text == QLatin1String(r.name))
            return r.kind;
    }
    return std::nullopt;
}

QStringList allFaultKindNames()
{
    QStringList names;
    for (const KindRow &r : kKinds)
        names << QString::fromLatin1(r.name);
    return names;
}

QString chaosKind(FaultKind kind)
{
    return QString::fromLatin1(row(kind).chaosKind);
}

QString chaosAction(FaultKind kind)
{
    return QString::fromLatin1(row(kind).action);
}

bool isOneShot(FaultKind kind)
{
    return kind == FaultKind::PodKill || kind == FaultKind::ContainerKill;
}

QString selectorModeName(SelectorMode mode)
{
    for (const auto &[m, name] : kModes) {
        if (m == mode)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<SelectorMode> selectorModeFromString(const QString &text)
{
    for (const auto &[m, name] : kModes) {
        if (text == QLatin1String(name))
            return m;
    }
    return std::nullopt;
}

QString directionName(NetworkDirection direction)
{
    for (const auto &[d, name] : kDirections) {
        if (d == direction)
            return QString::fromLatin1(name);
    }
    return {};
}

std::optional<NetworkDirection> networkDirectionFromString(const QString &text)
{
    for (const auto &[d, name] : kDirections) {
        if (text == QLatin1String(name))
            return d;
    }
    return std::nullopt;
}

} // namespace meshscope::chaos
