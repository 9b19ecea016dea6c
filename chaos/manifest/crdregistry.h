#pragma once

// The Chaos Mesh CustomResourceDefinitions Meshscope knows: kind -> plural, group, version and
// the structural schema the API server validates with. The app ships the real CRDs as
// resources (:/chaos/crds, see resources/chaos/crds/README.md); tests may load more kinds
// (Workflow, TimeChaos, ...) from the reference folder.

#include "core/result.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>

namespace meshscope::chaos {

struct CrdInfo
{
    QString kind;
    QString plural;
    QString group;
    QString version;    // the served, stored version (v1alpha1)
    QJsonObject schema; // openAPIV3Schema of that version
    QJsonObject crd;    // the whole CustomResourceDefinition, as JSON
    QString origin;     // file it came from, for messages
};

class CrdRegistry
{
public:
    // The CRDs shipped in the app's resources, parsed once per process.
    static const Result<std::shared_ptr<const CrdRegistry>> &builtIn();
    // Every *.yaml CRD in a folder.
    static Result<CrdRegistry> loadDirectory(const QString &dir);

    // Adds every CustomResourceDefinition document of one YAML text.
    Result<void> addYaml(const QByteArray &text, const QString &origin);

    const CrdInfo *find(const QString &kind) const;
    QStringList kinds() const;
    bool isEmpty() const { return m_byKind.empty(); }

private:
    std::map<QString, CrdInfo> m_byKind;
};

} // namespace meshscope::chaos
