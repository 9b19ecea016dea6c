#pragma once

// Turns a Chaos Mesh selector (spec.selector, or the inner chaos's selector of a Schedule) into
// the pod list queries that preview its targets: one per namespace (the CR's own namespace
// when `namespaces` is empty, as Chaos Mesh does), with labelSelectors and expressionSelectors
// as a label selector, fieldSelectors as a field selector, and what the API server cannot
// filter (annotationSelectors, podPhaseSelectors) checked on each pod returned. `pods` (explicit
// names per namespace) is taken as it is. `mode` (one, fixed, …) is not applied: the preview
// lists every candidate.

#include "chaos/manifest/manifesttypes.h"
#include "core/result.h"

#include <QJsonObject>
#include <QMap>
#include <QString>
#include <QStringList>

#include <vector>

namespace meshscope::chaos {

struct PodQuery
{
    QString ns;
    QString labelSelector; // "app=checkout,tier in (web,api)"
    QString fieldSelector;
    QStringList podNames; // explicit pods: only these, when not empty
    QStringList phases;   // podPhaseSelectors
    QMap<QString, QString> annotations;
};

class PodSelectorQuery
{
public:
    static Result<std::vector<PodQuery>> fromManifest(const Manifest &manifest);
    // The checks the API server cannot do: explicit names, phases, annotations.
    static bool matches(const PodQuery &query, const QJsonObject &pod);
};

} // namespace meshscope::chaos
