#pragma once

// Shared by the app tests that run experiments on a real cluster (tst_experimentkube: the
// headless command; tst_chaosflowkube: the window's chaos flow): a kube-apiserver + etcd with the
// real Chaos Mesh CRDs and the namespace "shop" (KubeTestServer), and a real Prometheus scraping
// meshscope-sim's shop mesh, and the test's part as Chaos Mesh's controller on a run's CR. Without
// a built kube-apiserver start() FAILS with what is missing (never a skip): run
// scripts/build-apiserver.sh.

#include "core/prometheus/prometheussource.h"
#include "tests/servers/kube/kubetestobjects.h"
#include "tests/servers/kube/kubetestserver.h"
#include "tests/servers/prometheusserver.h"
#include "tests/servers/simprocess.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace meshscope::testing {

inline const QString kShopNetworkChaos =
    QStringLiteral("/apis/chaos-mesh.org/v1alpha1/namespaces/shop/networkchaos");

struct KubeMeshFixture
{
    KubeTestServer server;
    KubeTestObjects objects{server};
    SimProcess sim;
    tests::PrometheusServer prometheus;

    // The API server with the CRDs and "shop", meshscope-sim and a Prometheus scraping it every
    // second. Then wait (QTRY) for storeHasTraffic().
    Result<void> start()
    {
        if (auto kube =
                server.startWith(QStringLiteral(MESHSCOPE_SHARED_DIR "/reference/chaos-mesh/crds"),
                                 {QStringLiteral("shop")});
            !kube)
            return kube;
        const auto address =
            sim.start(QStringLiteral(MESHSCOPE_SIM_BINARY), QStringLiteral("shop"));
        if (!address)
            return Error{address.error()};
        tests::PrometheusServer::Options options;
        options.scrapeIntervalMs = 1000;
        options.targets = {*address};
        return prometheus.start(options);
    }

    core::PrometheusSourceOptions sourceOptions() const
    {
        core::PrometheusSourceOptions o;
        o.endpoint.baseUrl = prometheus.url();
        o.profile = core::MetricProfile::find(QStringLiteral("istio")).value();
        return o;
    }

    // Until Prometheus has a rate for the mesh's calls (two scrapes after the counters moved),
    // through the source a run uses.
    bool storeHasTraffic() const
    {
        auto source = core::PrometheusSource::create(sourceOptions());
        if (!source)
            return false;
        const auto sample = source.value()->fetch();
        return sample && !sample->edges.empty() &&
               std::all_of(sample->edges.begin(), sample->edges.end(),
                           [](const core::EdgeSample &e) {
                               return e.requestRate > 0.0 || e.tcpOpenedRate > 0.0;
                           });
    }

    // The NetworkChaos objects in "shop" carrying Meshscope's label.
    QJsonArray managedChaos() const
    {
        return server
            .request("GET", kShopNetworkChaos +
                                QStringLiteral("?labelSelector=app.kubernetes.io%2Fmanaged-by%"
                                               "3Dmeshscope"))
            .json()
            .value(QLatin1String("items"))
            .toArray();
    }

    // A kubeconfig (context "test", namespace "shop") whose user sends `token`.
    QString kubeconfig(const QString &path, const char *token) const
    {
        return objects.writeKubeconfig(path,
                                       QStringLiteral("    token: %1\n").arg(QLatin1String(token)));
    }

    static QJsonObject json(const char *text) { return QJsonDocument::fromJson(text).object(); }

    // The test plays Chaos Mesh's controller on the NetworkChaos at `path` (a run's CR): it
    // selected the pod shop/checkoutservice-6c9f and injected, and it holds its records
    // finalizer, as a real controller does until it has recovered the pods.
    Result<QJsonObject> controllerInjects(const QString &path)
    {
        return objects.mergePatch(path, json(R"({
            "metadata":{"finalizers":["chaos-mesh/records"]},
            "status":{"conditions":[{"type":"Selected","status":"True"},
                {"type":"AllInjected","status":"True"},{"type":"AllRecovered","status":"False"},
                {"type":"Paused","status":"False"}],
              "experiment":{"desiredPhase":"Run","containerRecords":[
                {"id":"shop/checkoutservice-6c9f","selectorKey":".","phase":"Injected",
                 "injectedCount":1,"recoveredCount":0}]}}})"));
    }

    // Whether the run has asked the API server to delete the CR at `path` (the controller's
    // finalizer still holds it).
    bool deletionRequested(const QString &path) const
    {
        return server.request("GET", path)
            .json()
            .value(QLatin1String("metadata"))
            .toObject()
            .contains(QLatin1String("deletionTimestamp"));
    }

    // The controller lets go of the CR at `path` (drops its finalizer): a deleted CR is gone.
    Result<QJsonObject> controllerLetsGo(const QString &path)
    {
        return objects.mergePatch(path, json(R"({"metadata":{"finalizers":null}})"));
    }
};

} // namespace meshscope::testing
