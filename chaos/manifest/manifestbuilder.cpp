#include "chaos/manifest/manifestbuilder.h"

#include "chaos/manifest/goduration.h"
#include "chaos/manifest/kubenames.h"
#include "chaos/manifest/yamlcodec.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

bool modeNeedsValue(SelectorMode mode)
{
    return mode == SelectorMode::Fixed || mode == SelectorMode::FixedPercent ||
           mode == SelectorMode::RandomMaxPercent;
}

Result<QJsonObject> selectorSpec(const TargetSelector &t, const QString &what)
{
    if (t.isEmpty())
        return Error{
            QStringLiteral("%1 has no target: pick a service or call in the graph").arg(what)};
    if (t.ns.isEmpty())
        return Error{QStringLiteral("%1 has no namespace").arg(what)};
    QJsonObject selector;
    if (!t.pods.isEmpty()) {
        selector.insert(QStringLiteral("pods"), QJsonObject{{t.ns, toArray(t.pods)}});
    } else {
        selector.insert(QStringLiteral("namespaces"), QJsonArray{t.ns});
        QJsonObject labels;
        for (auto it = t.labels.begin(); it != t.labels.end(); ++it)
            labels.insert(it.key(), it.value());
        if (!labels.isEmpty())
            selector.insert(QStringLiteral("labelSelectors"), labels);
    }
    QJsonObject out{{QStringLiteral("selector"), selector},
                    {QStringLiteral("mode"), selectorModeName(t.mode)}};
    if (modeNeedsValue(t.mode)) {
        if (t.value.isEmpty())
            return Error{QStringLiteral("%1: mode %2 needs a value (a count or a percent)")
                             .arg(what, selectorModeName(t.mode))};
        out.insert(QStringLiteral("value"), t.value);
    }
    return out;
}

QString targetLabel(const TargetSelector &t)
{
    if (!t.displayName.isEmpty())
        return t.displayName;
    if (!t.labels.isEmpty())
        return t.labels.first();
    if (!t.pods.isEmpty())
        return t.pods.first();
    return t.ns;
}

// The embedded field a Schedule uses for a kind: NetworkChaos -> networkChaos.
QString scheduleField(const QString &kind)
{
    if (kind == QLatin1String("DNSChaos"))
        return QStringLiteral("dnsChaos");
    if (kind == QLatin1String("HTTPChaos"))
        return QStringLiteral("httpChaos");
    return kind.left(1).toLower() + kind.mid(1);
}

Result<void> addKindFields(const Scenario &s, QJsonObject *spec)
{
    const FaultParameters &p = s.parameters;
    const QString action = chaosAction(s.kind);
    if (!action.isEmpty())
        spec->insert(QStringLiteral("action"), action);

    auto addPeer = [&]() -> Result<void> {
        spec->insert(QStringLiteral("direction"), directionName(p.direction));
        if (p.peer) {
            auto peer = selectorSpec(*p.peer, QStringLiteral("the call's destination"));
            if (!peer)
                return Error{peer.error()};
            spec->insert(QStringLiteral("target"), *peer);
        }
        return Result<void>::success();
    };

    switch (s.kind) {
    case FaultKind::NetworkDelay: {
        if (p.latency.isEmpty())
            return Error{QStringLiteral("network-delay needs a latency (e.g. 800ms)")};
        QJsonObject delay{{QStringLiteral("latency"), p.latency}};
        if (!p.jitter.isEmpty())
            delay.insert(QStringLiteral("jitter"), p.jitter);
        if (!p.correlation.isEmpty())
            delay.insert(QStringLiteral("correlation"), p.correlation);
        spec->insert(QStringLiteral("delay"), delay);
        return addPeer();
    }
    case FaultKind::NetworkLoss: {
        if (p.loss.isEmpty())
            return Error{QStringLiteral("network-loss needs a loss percent (e.g. \"25\")")};
        QJsonObject loss{{QStringLiteral("loss"), p.loss}};
        if (!p.correlation.isEmpty())
            loss.insert(QStringLiteral("correlation"), p.correlation);
        spec->insert(QStringLiteral("loss"), loss);
        return addPeer();
    }
    case FaultKind::NetworkPartition:
        return addPeer();
    case FaultKind::NetworkBandwidth:
        if (p.rate.isEmpty())
            return Error{QStringLiteral("network-bandwidth needs a rate (e.g. 1mbps)")};
        spec->insert(QStringLiteral("bandwidth"),
                     QJsonObject{{QStringLiteral("rate"), p.rate},
                                 {QStringLiteral("limit"), p.limit},
                                 {QStringLiteral("buffer"), p.buffer}});
        return addPeer();
    case FaultKind::PodKill:
        if (p.gracePeriod > 0)
            spec->insert(QStringLiteral("gracePeriod"), p.gracePeriod);
        return Result<void>::success();
    case FaultKind::PodFailure:
        return Result<void>::success();
    case FaultKind::ContainerKill:
        if (p.containerNames.isEmpty())
            return Error{
                QStringLiteral("container-kill needs the names of the containers to kill")};
        spec->insert(QStringLiteral("containerNames"), toArray(p.containerNames));
        return Result<void>::success();
    case FaultKind::DnsError:
    case FaultKind::DnsRandom:
        if (!p.patterns.isEmpty())
            spec->insert(QStringLiteral("patterns"), toArray(p.patterns));
        if (!p.containerNames.isEmpty())
            spec->insert(QStringLiteral("containerNames"), toArray(p.containerNames));
        return Result<void>::success();
    case FaultKind::HttpAbort:
    case FaultKind::HttpDelay:
        spec->insert(QStringLiteral("target"), p.httpTarget);
        spec->insert(QStringLiteral("port"), p.port);
        spec->insert(QStringLiteral("path"), p.path);
        if (!p.method.isEmpty())
            spec->insert(QStringLiteral("method"), p.method);
        if (s.kind == FaultKind::HttpAbort) {
            spec->insert(QStringLiteral("abort"), true);
        } else {
            if (p.httpDelay.isEmpty())
                return Error{QStringLiteral("http-delay needs a delay (e.g. 500ms)")};
            spec->insert(QStringLiteral("delay"), p.httpDelay);
        }
        return Result<void>::success();
    case FaultKind::StressCpu:
        spec->insert(
            QStringLiteral("stressors"),
            QJsonObject{{QStringLiteral("cpu"), QJsonObject{{QStringLiteral("workers"), p.workers},
                                                            {QStringLiteral("load"), p.load}}}});
        return Result<void>::success();
    case FaultKind::StressMemory:
        if (p.memorySize.isEmpty())
            return Error{QStringLiteral("stress-memory needs a size (e.g. 256MB or 50%)")};
        spec->insert(QStringLiteral("stressors"),
                     QJsonObject{{QStringLiteral("memory"),
                                  QJsonObject{{QStringLiteral("workers"), p.workers},
                                              {QStringLiteral("size"), p.memorySize}}}});
        return Result<void>::success();
    }
    return Result<void>::success();
}

} // namespace

QString ManifestBuilder::nameFor(const Scenario &scenario, const QString &runId)
{
    QStringList parts{scenario.schedule.isEmpty() ? chaosKind(scenario.kind)
                                                  : QStringLiteral("schedule"),
                      faultKindName(scenario.kind), targetLabel(scenario.target)};
    if (scenario.parameters.peer)
        parts << QStringLiteral("to") << targetLabel(*scenario.parameters.peer);
    return KubeNames::deterministicName(parts, runId);
}

Result<Manifest> ManifestBuilder::build(const Scenario &scenario, const QString &runId) const
{
    if (KubeNames::sanitize(runId).isEmpty() || !KubeNames::isLabelValue(runId))
        return Error{QStringLiteral("run id \"%1\" is not a valid label value (letters, digits, "
                                    "'-', '_', '.', at most 63)")
                         .arg(runId)};
    if (scenario.duration.trimmed().isEmpty())
        return Error{QStringLiteral("duration: every fault needs a duration (at most %1)")
                         .arg(GoDuration::format(m_policy.maxDuration))};
    const auto duration = GoDuration::parse(scenario.duration);
    if (!duration)
        return Error{QStringLiteral("duration: %1").arg(duration.error())};
    if (duration->count() <= 0)
        return Error{
            QStringLiteral("duration: \"%1\" must be longer than zero").arg(scenario.duration)};
    if (*duration > m_policy.maxDuration)
        return Error{QStringLiteral("duration: \"%1\" is longer than the cap of %2 (chaos setting "
                                    "maxDuration)")
                         .arg(scenario.duration, GoDuration::format(m_policy.maxDuration))};

    auto selector = selectorSpec(scenario.target, QStringLiteral("the scenario"));
    if (!selector)
        return Error{selector.error()};
    QJsonObject spec = *selector;
    spec.insert(QStringLiteral("duration"), scenario.duration.trimmed());
    auto fields = addKindFields(scenario, &spec);
    if (!fields)
        return Error{fields.error()};

    const QString kind = chaosKind(scenario.kind);
    QJsonObject labels{{QLatin1String(kManagedByLabel), QLatin1String(kManagedByValue)},
                       {QLatin1String(kRunIdLabel), runId}};
    QJsonObject metadata{{QStringLiteral("name"), nameFor(scenario, runId)},
                         {QStringLiteral("namespace"), scenario.target.ns},
                         {QStringLiteral("labels"), labels}};
    Manifest m;
    m.object.insert(QStringLiteral("apiVersion"), QLatin1String(kChaosApiVersion));
    if (scenario.schedule.isEmpty()) {
        m.object.insert(QStringLiteral("kind"), kind);
        m.object.insert(QStringLiteral("spec"), spec);
    } else {
        // A Schedule spawns one CR per tick; its own life has no duration field, so the run
        // length goes in an annotation and the experiment runner deletes it when that is over.
        metadata.insert(
            QStringLiteral("annotations"),
            QJsonObject{{QLatin1String(kDurationAnnotation), scenario.duration.trimmed()}});
        m.object.insert(QStringLiteral("kind"), QStringLiteral("Schedule"));
        m.object.insert(QStringLiteral("spec"),
                        QJsonObject{{QStringLiteral("schedule"), scenario.schedule},
                                    {QStringLiteral("type"), kind},
                                    {QStringLiteral("historyLimit"), 1},
                                    {QStringLiteral("concurrencyPolicy"), QStringLiteral("Forbid")},
                                    {scheduleField(kind), spec}});
    }
    m.object.insert(QStringLiteral("metadata"), metadata);
    return m;
}

QByteArray ManifestBuilder::toYaml(const Manifest &manifest)
{
    return YamlCodec::dump(manifest.object);
}

Result<Manifest> ManifestBuilder::fromYaml(const QByteArray &text)
{
    auto doc = YamlCodec::parse(text);
    if (!doc)
        return Error{doc.error()};
    if (!doc->value.isObject())
        return Error{
            QStringLiteral("line 1:1: a manifest is a mapping (apiVersion, kind, metadata, "
                           "spec), not a %1")
                .arg(doc->value.isArray() ? QStringLiteral("list") : QStringLiteral("scalar"))};
    Manifest m;
    m.object = doc->value.toObject();
    m.positions = std::move(doc->positions);
    return m;
}

} // namespace meshscope::chaos
