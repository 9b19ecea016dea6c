#include "chaos/manifest/manifestreader.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

QString text(const QJsonValue &v)
{
    // go-yaml reads `correlation: 100` as a number; the form keeps Chaos Mesh's strings.
    if (v.isDouble())
        return QString::number(v.toDouble());
    return v.toString();
}

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    for (const QJsonValue &item : v.toArray())
        out << text(item);
    return out;
}

Result<TargetSelector> readSelector(const QJsonObject &spec, const QString &path)
{
    TargetSelector t;
    const QJsonObject selector = spec.value(QLatin1String("selector")).toObject();
    const QJsonObject pods = selector.value(QLatin1String("pods")).toObject();
    if (!pods.isEmpty()) {
        t.ns = pods.begin().key();
        t.pods = strings(pods.begin().value());
    } else {
        const QStringList namespaces = strings(selector.value(QLatin1String("namespaces")));
        if (namespaces.size() > 1)
            return Error{QStringLiteral("%1.selector.namespaces: the form targets one namespace, "
                                        "this selects %2")
                             .arg(path)
                             .arg(namespaces.size())};
        t.ns = namespaces.value(0);
        const QJsonObject labels = selector.value(QLatin1String("labelSelectors")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            t.labels.insert(it.key(), text(it.value()));
    }
    if (t.ns.isEmpty())
        return Error{QStringLiteral("%1.selector: no namespace (namespaces or pods)").arg(path)};
    const QString mode = spec.value(QLatin1String("mode")).toString();
    const auto parsed = selectorModeFromString(mode);
    if (!parsed)
        return Error{QStringLiteral("%1.mode: \"%2\" is not a selector mode").arg(path, mode)};
    t.mode = *parsed;
    t.value = text(spec.value(QLatin1String("value")));
    // The service the selector names: the workload label TargetMapper writes (Istio's `app`, or
    // the Kubernetes one), else any label's value, else the first pod.
    if (!t.pods.isEmpty())
        t.displayName = t.pods.first();
    else if (!t.labels.isEmpty())
        t.displayName = t.labels.value(
            QStringLiteral("app"),
            t.labels.value(QStringLiteral("app.kubernetes.io/name"), t.labels.first()));
    return t;
}

Result<FaultKind> readKind(const QString &kind, const QJsonObject &spec, const QString &path)
{
    const QString action = spec.value(QLatin1String("action")).toString();
    if (kind == QLatin1String("StressChaos")) {
        const QJsonObject stressors = spec.value(QLatin1String("stressors")).toObject();
        if (stressors.contains(QLatin1String("cpu")))
            return FaultKind::StressCpu;
        if (stressors.contains(QLatin1String("memory")))
            return FaultKind::StressMemory;
        return Error{QStringLiteral("%1.stressors: needs cpu or memory").arg(path)};
    }
    if (kind == QLatin1String("HTTPChaos")) {
        if (spec.value(QLatin1String("abort")).toBool())
            return FaultKind::HttpAbort;
        if (spec.contains(QLatin1String("delay")))
            return FaultKind::HttpDelay;
        return Error{QStringLiteral("%1: the form knows HTTP abort and delay").arg(path)};
    }
    for (const QString &name : allFaultKindNames()) {
        const FaultKind k = *faultKindFromString(name);
        if (chaosKind(k) == kind && chaosAction(k) == action)
            return k;
    }
    return Error{QStringLiteral("%1.action: %2 \"%3\" is not one the form can show")
                     .arg(path, kind, action)};
}

int intOr(const QJsonValue &v, int fallback)
{
    return v.isDouble() ? v.toInt() : fallback;
}

Result<void> readParameters(const QJsonObject &spec, const QString &path, Scenario *s)
{
    FaultParameters &p = s->parameters;
    const QJsonObject delay = spec.value(QLatin1String("delay")).toObject();
    const QJsonObject loss = spec.value(QLatin1String("loss")).toObject();
    const QJsonObject bandwidth = spec.value(QLatin1String("bandwidth")).toObject();
    switch (s->kind) {
    case FaultKind::NetworkDelay:
        p.latency = text(delay.value(QLatin1String("latency")));
        p.jitter = text(delay.value(QLatin1String("jitter")));
        p.correlation = text(delay.value(QLatin1String("correlation")));
        break;
    case FaultKind::NetworkLoss:
        p.loss = text(loss.value(QLatin1String("loss")));
        p.correlation = text(loss.value(QLatin1String("correlation")));
        break;
    case FaultKind::NetworkBandwidth:
        p.rate = text(bandwidth.value(QLatin1String("rate")));
        p.limit = intOr(bandwidth.value(QLatin1String("limit")), p.limit);
        p.buffer = intOr(bandwidth.value(QLatin1String("buffer")), p.buffer);
        break;
    case FaultKind::PodKill:
        p.gracePeriod = intOr(spec.value(QLatin1String("gracePeriod")), 0);
        break;
    case FaultKind::ContainerKill:
    case FaultKind::DnsError:
    case FaultKind::DnsRandom:
        p.containerNames = strings(spec.value(QLatin1String("containerNames")));
        p.patterns = strings(spec.value(QLatin1String("patterns")));
        break;
    case FaultKind::HttpAbort:
    case FaultKind::HttpDelay:
        p.httpTarget = spec.value(QLatin1String("target")).toString(p.httpTarget);
        p.port = intOr(spec.value(QLatin1String("port")), p.port);
        p.path = spec.value(QLatin1String("path")).toString(p.path);
        p.method = spec.value(QLatin1String("method")).toString();
        if (s->kind == FaultKind::HttpDelay)
            p.httpDelay = text(spec.value(QLatin1String("delay")));
        break;
    case FaultKind::StressCpu:
    case FaultKind::StressMemory: {
        const QJsonObject stressors = spec.value(QLatin1String("stressors")).toObject();
        const QJsonObject cpu = stressors.value(QLatin1String("cpu")).toObject();
        const QJsonObject memory = stressors.value(QLatin1String("memory")).toObject();
        const QJsonObject &one = s->kind == FaultKind::StressCpu ? cpu : memory;
        p.workers = intOr(one.value(QLatin1String("workers")), p.workers);
        p.load = intOr(cpu.value(QLatin1String("load")), p.load);
        p.memorySize = text(memory.value(QLatin1String("size")));
        break;
    }
    case FaultKind::NetworkPartition:
    case FaultKind::PodFailure:
        break;
    }
    if (chaosKind(s->kind) == QLatin1String("NetworkChaos")) {
        const QString direction = spec.value(QLatin1String("direction")).toString();
        if (!direction.isEmpty()) {
            const auto d = networkDirectionFromString(direction);
            if (!d)
                return Error{QStringLiteral("%1.direction: \"%2\" is not to, from or both")
                                 .arg(path, direction)};
            p.direction = *d;
        }
        const QJsonObject target = spec.value(QLatin1String("target")).toObject();
        if (!target.isEmpty()) {
            auto peer = readSelector(target, path + QLatin1String(".target"));
            if (!peer)
                return Error{peer.error()};
            p.peer = peer.value();
        }
    }
    return Result<void>::success();
}

// A Schedule embeds the fault's spec under a field named after its type (networkChaos...).
QString embeddedField(const QString &type)
{
    if (type == QLatin1String("DNSChaos"))
        return QStringLiteral("dnsChaos");
    if (type == QLatin1String("HTTPChaos"))
        return QStringLiteral("httpChaos");
    return type.left(1).toLower() + type.mid(1);
}

} // namespace

Result<Scenario> ManifestReader::toScenario(const Manifest &manifest)
{
    Scenario s;
    QString kind = manifest.kind();
    QJsonObject spec = manifest.spec();
    QString path = QStringLiteral("spec");
    if (kind == QLatin1String("Schedule")) {
        s.schedule = spec.value(QLatin1String("schedule")).toString();
        kind = spec.value(QLatin1String("type")).toString();
        path = QStringLiteral("spec.") + embeddedField(kind);
        spec = spec.value(embeddedField(kind)).toObject();
        s.duration = manifest.metadata()
                         .value(QLatin1String("annotations"))
                         .toObject()
                         .value(QLatin1String(kDurationAnnotation))
                         .toString();
        if (s.duration.isEmpty())
            s.duration = text(spec.value(QLatin1String("duration")));
        if (spec.isEmpty())
            return Error{QStringLiteral("%1: the Schedule has no %2 to run").arg(path, kind)};
    } else {
        s.duration = text(spec.value(QLatin1String("duration")));
    }
    auto faultKind = readKind(kind, spec, path);
    if (!faultKind)
        return Error{faultKind.error()};
    s.kind = faultKind.value();
    auto target = readSelector(spec, path);
    if (!target)
        return Error{target.error()};
    s.target = target.value();
    auto params = readParameters(spec, path, &s);
    if (!params)
        return Error{params.error()};
    return s;
}

} // namespace meshscope::chaos
