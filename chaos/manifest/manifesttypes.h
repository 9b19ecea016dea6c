#pragma once

// Value types of the manifest domain: a Chaos Mesh custom resource as the API server sees it
// (JSON), the problems found in one, and the guardrail policy every CR Meshscope creates obeys.

#include <QHash>
#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <chrono>
#include <vector>

namespace meshscope::chaos {

inline constexpr auto kChaosApiVersion = "chaos-mesh.org/v1alpha1";
inline constexpr auto kManagedByLabel = "app.kubernetes.io/managed-by";
inline constexpr auto kManagedByValue = "meshscope";
inline constexpr auto kRunIdLabel = "meshscope.io/run-id";
// A Schedule has no `duration` of its own; its run length travels as this annotation.
inline constexpr auto kDurationAnnotation = "meshscope.io/duration";

// 1-based position of a value in the YAML text it came from.
struct TextPosition
{
    int line = 0;
    int column = 0;
};

// Field path (as ValidationIssue::path spells it: "spec.selector.labelSelectors[app]") -> where
// its value starts, so an error on an edited manifest can point at a line.
using TextPositions = QHash<QString, TextPosition>;

// "line 12:5" for the field, or for the nearest enclosing field that has a position (a missing
// field has none); empty when nothing is known.
QString locateField(const TextPositions &positions, const QString &path);

// The path of `key` under `parent` as Kubernetes writes field paths: "spec.selector" for plain
// identifiers, "metadata.labels[app.kubernetes.io/name]" for other keys.
QString childFieldPath(const QString &parent, const QString &key);

// One Chaos Mesh custom resource: apiVersion, kind, metadata, spec.
struct Manifest
{
    QJsonObject object;
    TextPositions positions; // filled when the manifest was read from YAML text

    QString kind() const { return object.value(QLatin1String("kind")).toString(); }
    QString apiVersion() const { return object.value(QLatin1String("apiVersion")).toString(); }
    QJsonObject metadata() const { return object.value(QLatin1String("metadata")).toObject(); }
    QJsonObject spec() const { return object.value(QLatin1String("spec")).toObject(); }
    QString name() const { return metadata().value(QLatin1String("name")).toString(); }
    QString ns() const { return metadata().value(QLatin1String("namespace")).toString(); }
};

// A problem in a manifest, addressed by its field path as the API server writes it
// ("spec.delay.latency", "spec.containerNames[0]", "metadata.labels[app]").
struct ValidationIssue
{
    QString path;
    QString message;
    QString location; // "line 12:5" when the manifest came from text, else empty

    QString text() const
    {
        QString t = location.isEmpty() ? QString() : location + QLatin1String(": ");
        return t + (path.isEmpty() ? message : path + QLatin1String(": ") + message);
    }
};

using ValidationIssues = std::vector<ValidationIssue>;

QStringList issueTexts(const ValidationIssues &issues);

// The guardrails of ARCHITECTURE.md "Chaos": a mandatory duration, capped.
struct ManifestPolicy
{
    std::chrono::milliseconds maxDuration = std::chrono::minutes(30);
};

} // namespace meshscope::chaos
