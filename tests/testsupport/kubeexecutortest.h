#pragma once

// The base of the KubeExecutor test classes (tst_kubeexecutor: create, refuse, list, preview;
// tst_kubeexecutor_status: status, watch, pause, remove): one real kube-apiserver + etcd per
// binary with the real Chaos Mesh CRDs, executors that connect from a kubeconfig file as a
// user's would, and the seed latency manifest on a service. Header-only; include as
// "tests/testsupport/kubeexecutortest.h".

#include "chaos/kube/kubeexecutor.h"
#include "chaos/manifest/manifestbuilder.h"
#include "chaos/scenario/scenariolibrary.h"
#include "chaos/scenario/targetmapper.h"
#include "tests/chaos/common/chaosfixtures.h"
#include "tests/servers/kube/kubetestobjects.h"
#include "tests/servers/kube/kubetestserver.h"

#include <QObject>
#include <QTemporaryDir>

#include <memory>

namespace meshscope::testing {

inline QString networkChaosPath(const QString &ns, const QString &name = {})
{
    return QStringLiteral("/apis/chaos-mesh.org/v1alpha1/namespaces/%1/networkchaos%2")
        .arg(ns, name.isEmpty() ? QString() : QLatin1Char('/') + name);
}

// Not a Q_OBJECT itself: the test class deriving from it is, and runs only its own slots.
class KubeExecutorTest : public QObject
{
protected:
    KubeTestServer m_server;
    KubeTestObjects m_objects{m_server};
    QTemporaryDir m_dir;

    // For initTestCase(): the server with the reference CRDs and the namespaces "shop" and
    // "payments". Without a built kube-apiserver the error says what is missing and the test
    // FAILS (never skips): run scripts/build-apiserver.sh.
    Result<void> startServer()
    {
        return m_server.startWith(chaos::fixtures::referenceDir() + QStringLiteral("/crds"),
                                  {QStringLiteral("shop"), QStringLiteral("payments")});
    }

    std::unique_ptr<chaos::KubeExecutor>
    executor(const QString &userYaml, const QString &file = QStringLiteral("admin.yaml"))
    {
        auto e = chaos::KubeExecutor::fromKubeconfig(
            {}, {m_objects.writeKubeconfig(m_dir.filePath(file), userYaml)});
        if (!e)
            qFatal("executor: %s", qPrintable(e.error()));
        e.value()->setPollIntervalMs(50);
        return std::move(e.value());
    }

    std::unique_ptr<chaos::KubeExecutor> admin()
    {
        return executor(
            QStringLiteral("    token: %1\n").arg(QLatin1String(KubeTestServer::kAdminToken)));
    }

    static chaos::Manifest latency(const QString &runId,
                                   const QString &service = QStringLiteral("checkout"))
    {
        const core::NodeId node(QStringLiteral("prod"), QStringLiteral("shop"), service);
        auto m = chaos::ManifestBuilder().build(
            chaos::TargetMapper().onNode(
                *chaos::ScenarioLibrary::load().find(QStringLiteral("seed-latency")), node),
            runId);
        if (!m)
            qFatal("manifest: %s", qPrintable(m.error()));
        return *m;
    }
};

} // namespace meshscope::testing
