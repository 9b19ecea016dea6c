#include "chaos/manifest/manifestvalidator.h"

#include "chaos/manifest/goduration.h"
#include "chaos/manifest/kubenames.h"
#include "chaos/manifest/schemavalidator.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

// The Schedule fields that embed a chaos spec, and the kind each holds.
struct Embedded
{
    const char *field;
    const char *kind;
};
constexpr Embedded kScheduleFields[] = {
    {"networkChaos", "NetworkChaos"}, {"podChaos", "PodChaos"},       {"dnsChaos", "DNSChaos"},
    {"httpChaos", "HTTPChaos"},       {"stressChaos", "StressChaos"}, {"ioChaos", "IOChaos"},
    {"timeChaos", "TimeChaos"},
};

void locateAll(const Manifest &m, ValidationIssues *issues, size_t from)
{
    if (m.positions.isEmpty())
        return;
    for (size_t i = from; i < issues->size(); ++i)
        (*issues)[i].location = locateField(m.positions, (*issues)[i].path);
}

} // namespace

ValidationIssues ManifestValidator::validate(const Manifest &manifest) const
{
    ValidationIssues issues;
    const QJsonObject &o = manifest.object;
    const QString kind = manifest.kind();
    if (kind.isEmpty()) {
        issues.push_back({QStringLiteral("kind"), QStringLiteral("Required value"), {}});
        locateAll(manifest, &issues, 0);
        return issues;
    }
    const CrdInfo *crd = m_registry->find(kind);
    if (!crd) {
        issues.push_back({QStringLiteral("kind"),
                          QStringLiteral("Chaos Mesh has no kind \"%1\" (known: %2)")
                              .arg(kind, m_registry->kinds().join(QLatin1String(", "))),
                          {}});
        locateAll(manifest, &issues, 0);
        return issues;
    }
    const QString expected = crd->group + QLatin1Char('/') + crd->version;
    if (manifest.apiVersion() != expected)
        issues.push_back({QStringLiteral("apiVersion"),
                          QStringLiteral("Invalid value: \"%1\": %2 is served as %3")
                              .arg(manifest.apiVersion(), kind, expected),
                          {}});
    checkMetadata(manifest, &issues);
    SchemaValidator::validate(o, crd->schema, QString(), &issues);

    const QJsonObject spec = manifest.spec();
    if (kind == QLatin1String("Schedule")) {
        const QString type = spec.value(QLatin1String("type")).toString();
        for (const Embedded &e : kScheduleFields) {
            const QString field = QLatin1String(e.field);
            if (spec.contains(field))
                checkChaosSpec(QLatin1String(e.kind), spec.value(field).toObject(),
                               QStringLiteral("spec.") + field, &issues);
            if (type == QLatin1String(e.kind) && !spec.contains(field))
                issues.push_back({QStringLiteral("spec.") + field,
                                  QStringLiteral("Required value: a Schedule of type %1 needs the "
                                                 "%1 spec in %2")
                                      .arg(type, field),
                                  {}});
        }
    } else {
        checkChaosSpec(kind, spec, QStringLiteral("spec"), &issues);
    }
    locateAll(manifest, &issues, 0);
    return issues;
}

void ManifestValidator::checkMetadata(const Manifest &manifest, ValidationIssues *issues) const
{
    if (!manifest.object.value(QLatin1String("metadata")).isObject()) {
        issues->push_back({QStringLiteral("metadata"), QStringLiteral("Required value"), {}});
        return;
    }
    const QJsonObject meta = manifest.metadata();
    const QString name = manifest.name();
    if (name.isEmpty() && meta.value(QLatin1String("generateName")).toString().isEmpty())
        issues->push_back({QStringLiteral("metadata.name"),
                           QStringLiteral("Required value: name or generateName is required"),
                           {}});
    else if (!name.isEmpty() && !KubeNames::isDns1123Subdomain(name))
        issues->push_back(
            {QStringLiteral("metadata.name"),
             QStringLiteral("Invalid value: \"%1\": a lowercase RFC 1123 subdomain must "
                            "consist of lower case alphanumeric characters, '-' or "
                            "'.', and must start and end with an alphanumeric character")
                 .arg(name),
             {}});
    const QString ns = manifest.ns();
    if (!ns.isEmpty() && !KubeNames::isDns1123Label(ns))
        issues->push_back({QStringLiteral("metadata.namespace"),
                           QStringLiteral("Invalid value: \"%1\": a lowercase RFC 1123 label must "
                                          "consist of lower case alphanumeric characters or '-'")
                               .arg(ns),
                           {}});
    const QJsonObject labels = meta.value(QLatin1String("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it) {
        const QString path = QStringLiteral("metadata.labels[%1]").arg(it.key());
        if (!KubeNames::isLabelKey(it.key()))
            issues->push_back(
                {path,
                 QStringLiteral("Invalid value: \"%1\": not a valid label key").arg(it.key()),
                 {}});
        if (!it.value().isString() || !KubeNames::isLabelValue(it.value().toString()))
            issues->push_back({path,
                               QStringLiteral("Invalid value: \"%1\": a label value is at most 63 "
                                              "characters of letters, digits, '-', '_' or '.'")
                                   .arg(it.value().toVariant().toString()),
                               {}});
    }
}

void ManifestValidator::checkChaosSpec(const QString &kind, const QJsonObject &spec,
                                       const QString &path, ValidationIssues *issues) const
{
    // Rules from Chaos Mesh's validating webhooks (api/v1alpha1/*_webhook.go), which a server
    // dry run without Chaos Mesh installed would not apply.
    const QString mode = spec.value(QLatin1String("mode")).toString();
    const QString value = spec.value(QLatin1String("value")).toString();
    if (mode == QLatin1String("fixed") || mode == QLatin1String("fixed-percent") ||
        mode == QLatin1String("random-max-percent")) {
        bool ok = false;
        const int n = value.toInt(&ok);
        if (!ok || n <= 0)
            issues->push_back(
                {path + QStringLiteral(".value"),
                 QStringLiteral("Invalid value: \"%1\": mode %2 needs a value greater "
                                "than 0")
                     .arg(value, mode),
                 {}});
        else if (mode != QLatin1String("fixed") && n > 100)
            issues->push_back({path + QStringLiteral(".value"),
                               QStringLiteral("Invalid value: \"%1\": must be (0,100]").arg(value),
                               {}});
    }
    if (spec.contains(QLatin1String("duration"))) {
        const auto d = GoDuration::parse(spec.value(QLatin1String("duration")).toString());
        if (!d)
            issues->push_back({path + QStringLiteral(".duration"),
                               QStringLiteral("Invalid value: %1").arg(d.error()),
                               {}});
    }
    const QString action = spec.value(QLatin1String("action")).toString();
    if (kind == QLatin1String("PodChaos") && action == QLatin1String("container-kill") &&
        spec.value(QLatin1String("containerNames")).toArray().isEmpty())
        issues->push_back(
            {path + QStringLiteral(".containerNames"),
             QStringLiteral("Required value: container-kill needs the containers to kill"),
             {}});
    if (kind == QLatin1String("StressChaos") && !spec.contains(QLatin1String("stressors")) &&
        !spec.contains(QLatin1String("stressngStressors")))
        issues->push_back({path + QStringLiteral(".stressors"),
                           QStringLiteral("Required value: missing stressors"),
                           {}});
    if (kind == QLatin1String("NetworkChaos") && action != QLatin1String("partition")) {
        const QString direction =
            spec.value(QLatin1String("direction")).toString(QStringLiteral("to"));
        if (direction != QLatin1String("to") && !spec.contains(QLatin1String("target")))
            issues->push_back(
                {path + QStringLiteral(".target"),
                 QStringLiteral("Required value: direction %1 needs a target").arg(direction),
                 {}});
    }
    if (kind == QLatin1String("HTTPChaos") && spec.contains(QLatin1String("port")) &&
        spec.value(QLatin1String("port")).toInt() <= 0)
        issues->push_back({path + QStringLiteral(".port"),
                           QStringLiteral("Invalid value: %1: port must be greater than 0")
                               .arg(spec.value(QLatin1String("port")).toInt()),
                           {}});
}

ValidationIssues ManifestValidator::checkPolicy(const Manifest &manifest,
                                                const ManifestPolicy &policy) const
{
    ValidationIssues issues;
    QString path = QStringLiteral("spec.duration");
    QString duration = manifest.spec().value(QLatin1String("duration")).toString();
    if (manifest.kind() == QLatin1String("Schedule")) {
        path = QStringLiteral("metadata.annotations[%1]").arg(QLatin1String(kDurationAnnotation));
        duration = manifest.metadata()
                       .value(QLatin1String("annotations"))
                       .toObject()
                       .value(QLatin1String(kDurationAnnotation))
                       .toString();
    }
    if (duration.isEmpty()) {
        issues.push_back(
            {path,
             QStringLiteral("Required value: Meshscope runs no fault without a duration "
                            "(add e.g. duration: 5m; at most %1)")
                 .arg(GoDuration::format(policy.maxDuration)),
             {}});
    } else if (const auto d = GoDuration::parse(duration); d && *d > policy.maxDuration) {
        issues.push_back({path,
                          QStringLiteral("Invalid value: \"%1\": longer than the cap of %2 (chaos "
                                         "setting maxDuration)")
                              .arg(duration, GoDuration::format(policy.maxDuration)),
                          {}});
    }
    locateAll(manifest, &issues, 0);
    return issues;
}

} // namespace meshscope::chaos
