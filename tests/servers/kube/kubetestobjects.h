#pragma once

// What a cluster's other actors would do, for the chaos tests on KubeTestServer (a bare API
// server runs no controller): RBAC grants, pods, and Chaos Mesh's controller's part — writing a
// chaos CR's status and finalizers and recording Events on it. All requests go as the
// administrator.

#include "core/result.h"
#include "tests/servers/kube/kubetestserver.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace meshscope::testing {

class KubeTestObjects
{
public:
    explicit KubeTestObjects(const KubeTestServer &server) : m_server(server) {}

    // RBAC: a Role in `ns` with one rule, bound to `user`.
    Result<void> grant(const QString &user, const QString &ns, const QStringList &apiGroups,
                       const QStringList &resources, const QStringList &verbs);

    // A pod as a workload would have it (no kubelet runs it: it stays Pending). Creates the
    // namespace's "default" ServiceAccount first, which a bare API server does not make.
    Result<void> createPod(const QString &ns, const QString &name, const QJsonObject &labels);

    // Plays Chaos Mesh's controller: merge-patches a CR (its `status`, its finalizers) at `path`
    // (the chaos kinds have no /status subresource, so status is part of the object).
    Result<QJsonObject> mergePatch(const QString &path, const QJsonObject &patch);
    // A core/v1 Event on an object, as the controller's recorder writes one.
    Result<void> recordEvent(const QString &ns, const QString &kind, const QString &name,
                             const QString &reason, const QString &message);

    // Writes a kubeconfig for this server (context "test", namespace "shop") whose user is
    // `userYaml` (indented four spaces). `clusterYaml` replaces the default CA lines (the CA
    // file); returns the file's path.
    QString writeKubeconfig(const QString &path, const QString &userYaml,
                            const QString &clusterYaml = {}) const;

private:
    const KubeTestServer &m_server;
};

} // namespace meshscope::testing
