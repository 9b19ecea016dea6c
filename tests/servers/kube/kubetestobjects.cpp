#include "tests/servers/kube/kubetestobjects.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace meshscope::testing {

Result<void> KubeTestObjects::grant(const QString &user, const QString &ns,
                                    const QStringList &apiGroups, const QStringList &resources,
                                    const QStringList &verbs)
{
    const QString name = QStringLiteral("meshscope-test-%1").arg(user);
    const QJsonObject role{
        {QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("Role")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
        {QStringLiteral("rules"),
         QJsonArray{
             QJsonObject{{QStringLiteral("apiGroups"), QJsonArray::fromStringList(apiGroups)},
                         {QStringLiteral("resources"), QJsonArray::fromStringList(resources)},
                         {QStringLiteral("verbs"), QJsonArray::fromStringList(verbs)}}}}};
    const QString base =
        QStringLiteral("/apis/rbac.authorization.k8s.io/v1/namespaces/%1/").arg(ns);
    KubeReply r = m_server.request("POST", base + QStringLiteral("roles"),
                                   QJsonDocument(role).toJson(QJsonDocument::Compact));
    if (r.status != 201)
        return Error{QStringLiteral("role %1: %2").arg(name, r.summary())};
    const QJsonObject binding{
        {QStringLiteral("apiVersion"), QStringLiteral("rbac.authorization.k8s.io/v1")},
        {QStringLiteral("kind"), QStringLiteral("RoleBinding")},
        {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}},
        {QStringLiteral("roleRef"),
         QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                     {QStringLiteral("kind"), QStringLiteral("Role")},
                     {QStringLiteral("name"), name}}},
        {QStringLiteral("subjects"),
         QJsonArray{
             QJsonObject{{QStringLiteral("apiGroup"), QStringLiteral("rbac.authorization.k8s.io")},
                         {QStringLiteral("kind"), QStringLiteral("User")},
                         {QStringLiteral("name"), user}}}}};
    r = m_server.request("POST", base + QStringLiteral("rolebindings"),
                         QJsonDocument(binding).toJson(QJsonDocument::Compact));
    if (r.status != 201)
        return Error{QStringLiteral("role binding %1: %2").arg(name, r.summary())};
    return Result<void>::success();
}

Result<void> KubeTestObjects::createPod(const QString &ns, const QString &name,
                                        const QJsonObject &labels)
{
    const QJsonObject sa{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                         {QStringLiteral("kind"), QStringLiteral("ServiceAccount")},
                         {QStringLiteral("metadata"),
                          QJsonObject{{QStringLiteral("name"), QStringLiteral("default")}}}};
    KubeReply r =
        m_server.request("POST", QStringLiteral("/api/v1/namespaces/%1/serviceaccounts").arg(ns),
                         QJsonDocument(sa).toJson(QJsonDocument::Compact));
    if (r.status != 201 && r.status != 409)
        return Error{QStringLiteral("service account %1/default: %2").arg(ns, r.summary())};
    // No token controller runs, so the pod must not ask for a mounted service-account token.
    const QJsonObject pod{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Pod")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("labels"), labels}}},
        {QStringLiteral("spec"),
         QJsonObject{{QStringLiteral("automountServiceAccountToken"), false},
                     {QStringLiteral("containers"),
                      QJsonArray{QJsonObject{
                          {QStringLiteral("name"), QStringLiteral("app")},
                          {QStringLiteral("image"), QStringLiteral("registry.example/app:1")}}}}}}};
    r = m_server.request("POST", QStringLiteral("/api/v1/namespaces/%1/pods").arg(ns),
                         QJsonDocument(pod).toJson(QJsonDocument::Compact));
    if (r.status != 201)
        return Error{QStringLiteral("pod %1/%2: %3").arg(ns, name, r.summary())};
    return Result<void>::success();
}

Result<QJsonObject> KubeTestObjects::mergePatch(const QString &path, const QJsonObject &patch)
{
    const KubeReply r =
        m_server.request("PATCH", path, QJsonDocument(patch).toJson(QJsonDocument::Compact),
                         "application/merge-patch+json");
    if (r.status != 200)
        return Error{QStringLiteral("PATCH %1: %2").arg(path, r.summary())};
    return r.json();
}

Result<void> KubeTestObjects::recordEvent(const QString &ns, const QString &kind,
                                          const QString &name, const QString &reason,
                                          const QString &message)
{
    static int serial = 0;
    const QString now = QDateTime::currentDateTimeUtc().toString(Qt::ISODate);
    const QJsonObject event{
        {QStringLiteral("apiVersion"), QStringLiteral("v1")},
        {QStringLiteral("kind"), QStringLiteral("Event")},
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("name"), QStringLiteral("%1.%2").arg(name).arg(++serial)}}},
        {QStringLiteral("involvedObject"),
         QJsonObject{{QStringLiteral("apiVersion"), QStringLiteral("chaos-mesh.org/v1alpha1")},
                     {QStringLiteral("kind"), kind},
                     {QStringLiteral("namespace"), ns},
                     {QStringLiteral("name"), name}}},
        {QStringLiteral("reason"), reason},
        {QStringLiteral("message"), message},
        {QStringLiteral("type"), QStringLiteral("Normal")},
        {QStringLiteral("firstTimestamp"), now},
        {QStringLiteral("lastTimestamp"), now},
        {QStringLiteral("count"), 1},
        {QStringLiteral("source"),
         QJsonObject{{QStringLiteral("component"), QStringLiteral("chaos-controller-manager")}}}};
    const KubeReply r =
        m_server.request("POST", QStringLiteral("/api/v1/namespaces/%1/events").arg(ns),
                         QJsonDocument(event).toJson(QJsonDocument::Compact));
    if (r.status != 201)
        return Error{QStringLiteral("event on %1/%2: %3").arg(ns, name, r.summary())};
    return Result<void>::success();
}

QString KubeTestObjects::writeKubeconfig(const QString &path, const QString &userYaml,
                                         const QString &clusterYaml) const
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
        qFatal("cannot write %s", qPrintable(path));
    const QString cluster =
        clusterYaml.isEmpty()
            ? QStringLiteral("    certificate-authority: %1\n").arg(m_server.caFile())
            : clusterYaml;
    f.write(QStringLiteral("apiVersion: v1\nkind: Config\ncurrent-context: test\n"
                           "clusters:\n- name: local\n  cluster:\n    server: %1\n%2"
                           "contexts:\n- name: test\n  context: {cluster: local, user: me, "
                           "namespace: shop}\n"
                           "users:\n- name: me\n  user:\n%3")
                .arg(m_server.baseUrl(), cluster, userYaml)
                .toUtf8());
    return path;
}

} // namespace meshscope::testing
