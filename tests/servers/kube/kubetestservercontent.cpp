// KubeTestServer, what tests put on the running server: the Chaos Mesh CRDs and namespaces,
// and the usual start of a test case. Starting and stopping the processes is in
// kubetestserver.cpp.

#include "tests/servers/kube/kubetestserver.h"

#include "chaos/manifest/yamlcodec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace meshscope::testing {

Result<void> KubeTestServer::startWith(const QString &crdFolder, const QStringList &namespaces)
{
    const QString missing = missingPrerequisites();
    if (!missing.isEmpty())
        return Error{
            QStringLiteral("the real Kubernetes API server tests cannot run: %1").arg(missing)};
    if (auto started = start(); !started)
        return started;
    if (!crdFolder.isEmpty()) {
        if (auto crds = registerCrdsFrom(crdFolder); !crds)
            return crds;
    }
    for (const QString &ns : namespaces) {
        if (auto created = createNamespace(ns); !created)
            return created;
    }
    return Result<void>::success();
}

int KubeTestServer::dropEmptyDefaults(QJsonObject *o)
{
    int dropped = 0;
    if (o->value(QLatin1String("default")) == QJsonValue(QString())) {
        o->remove(QStringLiteral("default"));
        ++dropped;
    }
    for (auto it = o->begin(); it != o->end(); ++it) {
        if (it.value().isObject()) {
            QJsonObject child = it.value().toObject();
            const int n = dropEmptyDefaults(&child);
            if (n) {
                dropped += n;
                it.value() = child;
            }
        } else if (it.value().isArray()) {
            QJsonArray array = it.value().toArray();
            int n = 0;
            for (qsizetype i = 0; i < array.size(); ++i) {
                if (array.at(i).isObject()) {
                    QJsonObject child = array.at(i).toObject();
                    const int k = dropEmptyDefaults(&child);
                    if (k) {
                        n += k;
                        array.replace(i, child);
                    }
                }
            }
            if (n) {
                dropped += n;
                it.value() = array;
            }
        }
    }
    return dropped;
}

Result<void> KubeTestServer::registerCrd(const QJsonObject &crd, int timeoutMs)
{
    const QString name =
        crd.value(QLatin1String("metadata")).toObject().value(QLatin1String("name")).toString();
    const KubeReply created =
        request("POST", QStringLiteral("/apis/apiextensions.k8s.io/v1/customresourcedefinitions"),
                QJsonDocument(crd).toJson(QJsonDocument::Compact));
    if (created.status != 201 && created.status != 409)
        return Error{QStringLiteral("CRD %1 refused: %2").arg(name, created.summary())};
    const QString path =
        QStringLiteral("/apis/apiextensions.k8s.io/v1/customresourcedefinitions/") + name;
    const bool established = QTest::qWaitFor(
        [&] {
            const QJsonArray conditions = request("GET", path)
                                              .json()
                                              .value(QLatin1String("status"))
                                              .toObject()
                                              .value(QLatin1String("conditions"))
                                              .toArray();
            for (const QJsonValue &c : conditions) {
                if (c[QLatin1String("type")] == QLatin1String("Established") &&
                    c[QLatin1String("status")] == QLatin1String("True"))
                    return true;
            }
            return false;
        },
        timeoutMs);
    if (!established)
        return Error{QStringLiteral("CRD %1 not Established after %2 ms").arg(name).arg(timeoutMs)};
    return Result<void>::success();
}

Result<void> KubeTestServer::registerCrdsFrom(const QString &folder, int timeoutMs)
{
    const QDir dir(folder);
    const QStringList files = dir.entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    if (files.isEmpty())
        return Error{QStringLiteral("no CRD YAML in %1").arg(folder)};
    for (const QString &file : files) {
        QFile f(dir.filePath(file));
        if (!f.open(QIODevice::ReadOnly))
            return Error{QStringLiteral("%1: %2").arg(f.fileName(), f.errorString())};
        auto docs = chaos::YamlCodec::parseAll(f.readAll());
        if (!docs)
            return Error{QStringLiteral("%1: %2").arg(f.fileName(), docs.error())};
        for (const chaos::YamlDocument &doc : *docs) {
            QJsonObject crd = doc.value.toObject();
            if (crd.value(QLatin1String("kind")).toString() !=
                QLatin1String("CustomResourceDefinition"))
                continue;
            dropEmptyDefaults(&crd);
            auto r = registerCrd(crd, timeoutMs);
            if (!r)
                return r;
        }
    }
    return Result<void>::success();
}

Result<void> KubeTestServer::createNamespace(const QString &name)
{
    const QJsonObject ns{{QStringLiteral("apiVersion"), QStringLiteral("v1")},
                         {QStringLiteral("kind"), QStringLiteral("Namespace")},
                         {QStringLiteral("metadata"), QJsonObject{{QStringLiteral("name"), name}}}};
    const KubeReply r = request("POST", QStringLiteral("/api/v1/namespaces"),
                                QJsonDocument(ns).toJson(QJsonDocument::Compact));
    if (r.status != 201 && r.status != 409)
        return Error{QStringLiteral("namespace %1: %2").arg(name, r.summary())};
    return Result<void>::success();
}

} // namespace meshscope::testing
