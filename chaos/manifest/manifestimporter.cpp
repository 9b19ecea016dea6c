#include "chaos/manifest/manifestimporter.h"

#include "chaos/manifest/manifestbuilder.h"

#include <QJsonArray>

namespace meshscope::chaos {

namespace {

// Kinds people (and the seed) write that Chaos Mesh does not have, and what they mean.
struct KindFix
{
    const char *wrong; // compared case-insensitively
    const char *kind;
    const char *action;   // empty: the kind has no action field
    const char *fieldFor; // where a loose scalar parameter goes ("delay.latency"), or empty
};

constexpr KindFix kFixes[] = {
    {"NetworkDelay", "NetworkChaos", "delay", "delay"},
    {"NetworkLatency", "NetworkChaos", "delay", "delay"},
    {"Latency", "NetworkChaos", "delay", "delay"},
    {"NetworkLoss", "NetworkChaos", "loss", "loss"},
    {"PacketLoss", "NetworkChaos", "loss", "loss"},
    {"NetworkPartition", "NetworkChaos", "partition", ""},
    {"NetworkBandwidth", "NetworkChaos", "bandwidth", "bandwidth"},
    {"PodKill", "PodChaos", "pod-kill", ""},
    {"KillPod", "PodChaos", "pod-kill", ""},
    {"PodFailure", "PodChaos", "pod-failure", ""},
    {"ContainerKill", "PodChaos", "container-kill", ""},
    {"DNSFailure", "DNSChaos", "error", ""},
    {"DNSError", "DNSChaos", "error", ""},
    {"DNSRandom", "DNSChaos", "random", ""},
    {"HTTPAbort", "HTTPChaos", "", ""},
    {"HTTPDelay", "HTTPChaos", "", ""},
    {"CPUStress", "StressChaos", "", ""},
    {"StressCPU", "StressChaos", "", ""},
    {"MemoryStress", "StressChaos", "", ""},
    {"StressMemory", "StressChaos", "", ""},
};

// Loose top-level parameters of an invented kind, moved where Chaos Mesh expects them.
void moveLooseFields(const KindFix &fix, QJsonObject *spec)
{
    const QString kind = QLatin1String(fix.kind);
    const QString action = QLatin1String(fix.action);
    if (action == QLatin1String("delay")) {
        QJsonObject delay = spec->value(QLatin1String("delay")).toObject();
        if (spec->value(QLatin1String("delay")).isString())
            delay.insert(QStringLiteral("latency"), spec->value(QLatin1String("delay")));
        for (const char *f : {"latency", "jitter", "correlation"}) {
            const QString key = QLatin1String(f);
            if (spec->contains(key)) {
                delay.insert(key, spec->value(key));
                spec->remove(key);
            }
        }
        if (!delay.isEmpty())
            spec->insert(QStringLiteral("delay"), delay);
    } else if (action == QLatin1String("loss")) {
        QJsonObject loss = spec->value(QLatin1String("loss")).toObject();
        if (!spec->value(QLatin1String("loss")).isObject() && spec->contains(QLatin1String("loss")))
            loss.insert(QStringLiteral("loss"),
                        spec->value(QLatin1String("loss")).toVariant().toString());
        if (spec->contains(QLatin1String("correlation"))) {
            loss.insert(QStringLiteral("correlation"), spec->value(QLatin1String("correlation")));
            spec->remove(QStringLiteral("correlation"));
        }
        if (!loss.isEmpty())
            spec->insert(QStringLiteral("loss"), loss);
    }
    if (kind == QLatin1String("HTTPChaos") &&
        QLatin1String(fix.wrong) == QLatin1String("HTTPAbort"))
        spec->insert(QStringLiteral("abort"), true);
    // Percent strings: Chaos Mesh's `value` is a string even for counts.
    if (spec->value(QLatin1String("value")).isDouble())
        spec->insert(QStringLiteral("value"),
                     QString::number(spec->value(QLatin1String("value")).toInteger()));
    if (!action.isEmpty())
        spec->insert(QStringLiteral("action"), action);
}

} // namespace

ValidationIssues ManifestImporter::check(const Manifest &manifest) const
{
    ValidationIssues issues = m_validator.validate(manifest);
    const CrdInfo *crd = m_validator.registry().find(manifest.kind());
    if (crd) {
        const ValidationIssues policy = m_validator.checkPolicy(manifest, m_policy);
        issues.insert(issues.end(), policy.begin(), policy.end());
    }
    return issues;
}

ImportResult ManifestImporter::import(const QByteArray &text) const
{
    ImportResult result;
    auto parsed = ManifestBuilder::fromYaml(text);
    if (!parsed) {
        result.issues.push_back({QString(), parsed.error(), {}});
        return result;
    }
    Manifest manifest = std::move(parsed.value());
    const QString kind = manifest.kind();
    const CrdRegistry &registry = m_validator.registry();

    if (!kind.isEmpty() && !registry.find(kind)) {
        // A real kind spelt in another case ("networkchaos") is a typo, not an invention.
        for (const QString &known : registry.kinds()) {
            if (known.compare(kind, Qt::CaseInsensitive) == 0) {
                result.hint =
                    QStringLiteral("Chaos Mesh has no %1; kinds are case-sensitive: use %2")
                        .arg(kind, known);
                Manifest fixed = manifest;
                fixed.object.insert(QStringLiteral("kind"), known);
                fixed.positions.clear();
                result.suggestion = fixed;
                break;
            }
        }
        for (const KindFix &fix : kFixes) {
            if (result.suggestion ||
                kind.compare(QLatin1String(fix.wrong), Qt::CaseInsensitive) != 0)
                continue;
            const QString action = QLatin1String(fix.action);
            result.hint = action.isEmpty()
                              ? QStringLiteral("Chaos Mesh has no %1; use %2")
                                    .arg(kind, QLatin1String(fix.kind))
                              : QStringLiteral("Chaos Mesh has no %1; use %2 with action: %3")
                                    .arg(kind, QLatin1String(fix.kind), action);
            Manifest fixed = manifest;
            fixed.positions.clear();
            fixed.object.insert(QStringLiteral("kind"), QLatin1String(fix.kind));
            fixed.object.insert(QStringLiteral("apiVersion"), QLatin1String(kChaosApiVersion));
            QJsonObject spec = fixed.spec();
            moveLooseFields(fix, &spec);
            fixed.object.insert(QStringLiteral("spec"), spec);
            result.suggestion = fixed;
        }
        if (result.suggestion) {
            // Show the suggestion's own remaining problems: the user fixes those in the editor.
            result.suggestionIssues = check(*result.suggestion);
        } else {
            result.hint = QStringLiteral("Chaos Mesh has no %1; the kinds it has are %2")
                              .arg(kind, registry.kinds().join(QLatin1String(", ")));
        }
        result.issues.push_back({QStringLiteral("kind"), result.hint,
                                 locateField(manifest.positions, QStringLiteral("kind"))});
        return result;
    }

    result.issues = check(manifest);
    if (result.issues.empty())
        result.manifest = std::move(manifest);
    return result;
}

} // namespace meshscope::chaos
