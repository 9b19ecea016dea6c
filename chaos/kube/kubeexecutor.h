#pragma once

// ChaosExecutor on a Kubernetes cluster with Chaos Mesh, over the REST API (no kubectl). Every
// create is a server dry run first, then the real create; specs are never patched (Chaos Mesh
// refuses it): a change is remove() + create(). Status comes from the CR's conditions and
// per-target records plus the newest Kubernetes Event on it. Watching is a bounded long poll:
// core/net delivers whole responses only, so watch() asks the API server for a watch that it
// closes itself after `windowSeconds` and reads every event of that window (see
// docs/kubernetes-executor.md). Calls block; they run on a worker thread.

#include "chaos/executor/chaosexecutor.h"
#include "chaos/kube/kubeclient.h"

#include <QString>
#include <QStringList>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace meshscope::chaos {

class CrdRegistry;

// One event of a watch window: ADDED, MODIFIED, DELETED (BOOKMARKs are consumed).
struct ChaosWatchEvent
{
    QString type;
    InjectionStatus status;
};

struct ChaosWatchBatch
{
    std::vector<ChaosWatchEvent> events;
    QString resourceVersion; // pass to the next watch() to continue without a gap
};

class KubeExecutor : public ChaosExecutor
{
public:
    static constexpr auto kPauseAnnotation = "experiment.chaos-mesh.org/pause";

    // A kubeconfig context ($KUBECONFIG / ~/.kube/config unless `files` is given); `context`
    // empty = current-context.
    static Result<std::unique_ptr<KubeExecutor>> fromKubeconfig(const QString &context = {},
                                                                const QStringList &files = {});
    // `registry` maps kinds to REST resources; the built-in CRDs when null.
    explicit KubeExecutor(std::unique_ptr<KubeClient> client,
                          std::shared_ptr<const CrdRegistry> registry = {});
    ~KubeExecutor() override;

    QString name() const override; // "kube:<context>"
    Result<void> dryRun(const Manifest &manifest) override;
    Result<AppliedChaos> create(const Manifest &manifest) override;
    Result<InjectionStatus> status(const AppliedChaos &chaos) override;
    Result<void> pause(const AppliedChaos &chaos) override;
    Result<void> remove(const AppliedChaos &chaos, int timeoutMs) override;
    Result<std::vector<AppliedChaos>> listManaged() override;
    Result<QStringList> previewTargets(const Manifest &manifest) override;

    // Sends the DELETE and looks once: Gone, or Deleting with the finalizers that hold it.
    Result<InjectionStatus> requestDeletion(const AppliedChaos &chaos);
    // The user's "stop waiting for the finalizer": a remove() in progress returns at once with
    // an error naming what still holds the CR. Meshscope never strips a finalizer itself.
    void stopWaiting();
    void setPollIntervalMs(int ms) { m_pollMs = ms; }

    // The CR's resourceVersion now (start of a watch) and its events from there on, for up to
    // `windowSeconds`.
    Result<QString> resourceVersion(const AppliedChaos &chaos);
    Result<ChaosWatchBatch> watch(const AppliedChaos &chaos, const QString &resourceVersion,
                                  int windowSeconds);

    const KubeClient &client() const { return *m_client; }

private:
    Result<QString> collectionPath(const QString &kind, const QString &ns) const;
    Result<QString> objectPath(const AppliedChaos &chaos) const;
    Result<QString> post(const Manifest &manifest, bool dryRun, QJsonObject *created);
    // A Schedule's state is its children's (the chaos CRs it spawned, found by label).
    Result<InjectionStatus> scheduleStatus(const AppliedChaos &chaos, const QJsonObject &schedule);

    std::unique_ptr<KubeClient> m_client;
    std::shared_ptr<const CrdRegistry> m_registry;
    int m_pollMs = 500;
    std::mutex m_waitMutex;
    std::condition_variable m_waitChanged;
    std::atomic_bool m_stopWaiting = false;
};

} // namespace meshscope::chaos
