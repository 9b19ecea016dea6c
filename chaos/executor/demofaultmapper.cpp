#include "chaos/executor/demofaultmapper.h"

#include "chaos/manifest/goduration.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <cmath>

namespace meshscope::chaos {

namespace {

// The "@every 5m" form of a Schedule (Chaos Mesh also takes cron, which the demo does not run).
Result<qint64> everyMs(const QString &schedule)
{
    const QString s = schedule.trimmed();
    if (!s.startsWith(QLatin1String("@every ")))
        return Error{QStringLiteral("the demo mesh runs schedules written \"@every <duration>\" "
                                    "(got \"%1\")")
                         .arg(schedule)};
    const auto d = GoDuration::parse(s.mid(7).trimmed());
    if (!d || d->count() < 5000)
        return Error{
            QStringLiteral("schedule \"%1\": expected an interval of at least 5s").arg(schedule)};
    return qint64(d->count());
}

Result<qint64> durationOf(const QString &text, const QString &what)
{
    const auto d = GoDuration::parse(text);
    if (!d || d->count() <= 0)
        return Error{
            QStringLiteral("%1: \"%2\" is not a duration longer than zero").arg(what, text)};
    return qint64(d->count());
}

double percent(const QJsonValue &v)
{
    return v.isString() ? v.toString().toDouble() : v.toDouble();
}

} // namespace

Result<DemoFaultMapper::Plan> DemoFaultMapper::map(const Manifest &manifest,
                                                   const core::MeshSpec &mesh,
                                                   const QString &meshName, qint64 now)
{
    QString kind = manifest.kind();
    QJsonObject spec = manifest.spec();
    qint64 interval = 0;
    qint64 lengthMs = 0;
    if (kind == QLatin1String("Schedule")) {
        auto every = everyMs(spec.value(QLatin1String("schedule")).toString());
        if (!every)
            return Error{every.error()};
        interval = *every;
        auto length = durationOf(
            manifest.metadata()
                .value(QLatin1String("annotations"))
                .toObject()
                .value(QLatin1String(kDurationAnnotation))
                .toString(),
            QStringLiteral("metadata.annotations[%1]").arg(QLatin1String(kDurationAnnotation)));
        if (!length)
            return Error{length.error()};
        lengthMs = *length;
        kind = spec.value(QLatin1String("type")).toString();
        const QString field = kind == QLatin1String("DNSChaos") ? QStringLiteral("dnsChaos")
                              : kind == QLatin1String("HTTPChaos")
                                  ? QStringLiteral("httpChaos")
                                  : kind.left(1).toLower() + kind.mid(1);
        spec = spec.value(field).toObject();
    }
    auto duration = durationOf(spec.value(QLatin1String("duration")).toString(),
                               QStringLiteral("spec.duration"));
    if (!duration)
        return Error{duration.error()};
    if (lengthMs == 0)
        lengthMs = *duration;

    auto serviceOf = [&](const QJsonObject &selectorHolder,
                         const QString &path) -> Result<core::NodeId> {
        const QJsonObject sel = selectorHolder.value(QLatin1String("selector")).toObject();
        const QString ns = sel.value(QLatin1String("namespaces")).toArray().at(0).toString();
        const QJsonObject labels = sel.value(QLatin1String("labelSelectors")).toObject();
        for (auto it = labels.begin(); it != labels.end(); ++it)
            for (int i = 0; i < int(mesh.services.size()); ++i)
                if (mesh.services[size_t(i)].ns == ns &&
                    mesh.services[size_t(i)].name == it.value().toString())
                    return mesh.nodeId(i);
        return Error{
            QStringLiteral("%1.selector: no service of demo mesh %2 matches namespace "
                           "\"%3\" and labels %4")
                .arg(path, meshName, ns,
                     QString::fromUtf8(QJsonDocument(labels).toJson(QJsonDocument::Compact)))};
    };
    auto service = serviceOf(spec, QStringLiteral("spec"));
    if (!service)
        return Error{service.error()};

    core::FaultSpec f;
    f.service = *service;
    f.durationMs = *duration;
    const QString action = spec.value(QLatin1String("action")).toString();
    if (kind == QLatin1String("NetworkChaos")) {
        if (spec.contains(QLatin1String("target"))) {
            auto peer = serviceOf(spec.value(QLatin1String("target")).toObject(),
                                  QStringLiteral("spec.target"));
            if (!peer)
                return Error{peer.error()};
            // Chaos Mesh delays what A sends to B: the calls on the edge A->B.
            f.caller = *service;
            f.service = *peer;
        }
        const QJsonObject delay = spec.value(QLatin1String("delay")).toObject();
        if (action == QLatin1String("delay")) {
            auto latency = durationOf(delay.value(QLatin1String("latency")).toString(),
                                      QStringLiteral("spec.delay.latency"));
            if (!latency)
                return Error{latency.error()};
            f.kind = core::FaultSpec::Kind::Latency;
            f.latencyMs = double(*latency);
            const QString jitter = delay.value(QLatin1String("jitter")).toString();
            if (!jitter.isEmpty()) {
                auto j = GoDuration::parse(jitter);
                if (!j)
                    return Error{QStringLiteral("spec.delay.jitter: %1").arg(j.error())};
                f.jitterMs = double(j->count());
            }
        } else if (action == QLatin1String("loss")) {
            f.kind = core::FaultSpec::Kind::PacketLoss;
            f.lossRatio =
                percent(spec.value(QLatin1String("loss")).toObject().value(QLatin1String("loss"))) /
                100.0;
        } else if (action == QLatin1String("partition")) {
            f.kind = core::FaultSpec::Kind::PacketLoss;
            f.lossRatio = 1.0;
        } else {
            return Error{QStringLiteral("the demo mesh cannot simulate NetworkChaos action "
                                        "\"%1\" (delay, loss and partition it can)")
                             .arg(action)};
        }
    } else if (kind == QLatin1String("PodChaos")) {
        int replicas = 1;
        for (const core::ServiceSpec &s : mesh.services)
            if (s.name == f.service.name() && s.ns == f.service.ns())
                replicas = s.replicas;
        const QString mode = spec.value(QLatin1String("mode")).toString();
        const double value = percent(spec.value(QLatin1String("value")));
        f.kind = core::FaultSpec::Kind::KillReplicas;
        f.replicas = mode == QLatin1String("all")     ? replicas
                     : mode == QLatin1String("fixed") ? int(value)
                     : mode == QLatin1String("fixed-percent")
                         ? int(std::ceil(replicas * value / 100))
                         : 1;
        f.replicas = std::clamp(f.replicas, 1, replicas);
        // A kill acts once: the pods restart after the simulator's restart delay.
        if (action != QLatin1String("pod-failure"))
            f.durationMs = 5000;
    } else if (kind == QLatin1String("DNSChaos")) {
        f.kind = core::FaultSpec::Kind::DnsFailure;
    } else if (kind == QLatin1String("HTTPChaos") && spec.contains(QLatin1String("delay"))) {
        auto latency =
            durationOf(spec.value(QLatin1String("delay")).toString(), QStringLiteral("spec.delay"));
        if (!latency)
            return Error{latency.error()};
        f.kind = core::FaultSpec::Kind::Latency;
        f.latencyMs = double(*latency);
    } else {
        return Error{QStringLiteral("the demo mesh cannot simulate %1%2 (network delay, loss, "
                                    "partition, pod kill/failure, DNS and HTTP delay it can)")
                         .arg(kind, action.isEmpty() ? QString() : QStringLiteral(" ") + action)};
    }

    std::vector<core::FaultSpec> faults;
    if (interval == 0) {
        f.startMs = now;
        faults.push_back(f);
    } else {
        // Chaos Mesh's first tick of "@every" comes one interval after creation.
        for (qint64 start = now + interval; start < now + lengthMs; start += interval) {
            f.startMs = start;
            f.durationMs = std::min(f.durationMs, now + lengthMs - start);
            faults.push_back(f);
        }
    }
    return Plan{faults, now + lengthMs};
}

} // namespace meshscope::chaos
