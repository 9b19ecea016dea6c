#include "chaos/kube/kubeexecutor.h"

#include "chaos/chaoslog_p.h"
#include "chaos/kube/chaosstatusreader.h"
#include "chaos/kube/kubeconfig.h"
#include "chaos/kube/podselectorquery.h"
#include "chaos/kube/schedulestatusreader.h"
#include "chaos/manifest/crdregistry.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <chrono>

namespace meshscope::chaos {

namespace {

using Method = KubeClient::Method;

QString managedSelector()
{
    return QStringLiteral("%1=%2").arg(QLatin1String(kManagedByLabel),
                                       QLatin1String(kManagedByValue));
}

QString describe(const AppliedChaos &c)
{
    return QStringLiteral("%1 %2/%3").arg(c.kind, c.ns, c.name);
}

AppliedChaos appliedFrom(const QJsonObject &cr)
{
    const QJsonObject meta = cr.value(QLatin1String("metadata")).toObject();
    AppliedChaos a;
    a.apiVersion = cr.value(QLatin1String("apiVersion")).toString();
    a.kind = cr.value(QLatin1String("kind")).toString();
    a.ns = meta.value(QLatin1String("namespace")).toString();
    a.name = meta.value(QLatin1String("name")).toString();
    a.uid = meta.value(QLatin1String("uid")).toString();
    a.runId =
        meta.value(QLatin1String("labels")).toObject().value(QLatin1String(kRunIdLabel)).toString();
    return a;
}

} // namespace

Result<std::unique_ptr<KubeExecutor>> KubeExecutor::fromKubeconfig(const QString &context,
                                                                   const QStringList &files)
{
    auto config = Kubeconfig::loadFiles(files.isEmpty() ? Kubeconfig::defaultFiles() : files);
    if (!config)
        return Error{config.error()};
    auto connection = config->resolve(context);
    if (!connection)
        return Error{connection.error()};
    auto client = KubeClient::create(*connection);
    if (!client)
        return Error{client.error()};
    return std::make_unique<KubeExecutor>(std::move(client.value()));
}

KubeExecutor::KubeExecutor(std::unique_ptr<KubeClient> client,
                           std::shared_ptr<const CrdRegistry> registry)
    : m_client(std::move(client)), m_registry(std::move(registry))
{
    if (!m_registry && CrdRegistry::builtIn())
        m_registry = *CrdRegistry::builtIn();
}

KubeExecutor::~KubeExecutor() = default;

QString KubeExecutor::name() const
{
    return QStringLiteral("kube:") + m_client->connection().contextName;
}

Result<QString> KubeExecutor::collectionPath(const QString &kind, const QString &ns) const
{
    const CrdInfo *crd = m_registry ? m_registry->find(kind) : nullptr;
    if (!crd)
        return Error{QStringLiteral("'%1' is not a Chaos Mesh kind Meshscope knows").arg(kind)};
    if (ns.isEmpty())
        return QStringLiteral("/apis/%1/%2/%3").arg(crd->group, crd->version, crd->plural);
    return QStringLiteral("/apis/%1/%2/namespaces/%3/%4")
        .arg(crd->group, crd->version, ns, crd->plural);
}

Result<QString> KubeExecutor::objectPath(const AppliedChaos &chaos) const
{
    auto collection = collectionPath(chaos.kind, chaos.ns);
    if (!collection)
        return collection;
    return QString(*collection + QLatin1Char('/') + chaos.name);
}

Result<QString> KubeExecutor::post(const Manifest &manifest, bool dryRun, QJsonObject *created)
{
    const QString ns = manifest.ns().isEmpty() ? m_client->connection().ns : manifest.ns();
    auto path = collectionPath(manifest.kind(), ns);
    if (!path)
        return path;
    QJsonObject object = manifest.object;
    QJsonObject meta = object.value(QLatin1String("metadata")).toObject();
    meta.insert(QStringLiteral("namespace"), ns);
    object.insert(QStringLiteral("metadata"), meta);
    const QString what =
        QStringLiteral("%1 of %2 %3/%4 on %5")
            .arg(dryRun ? QStringLiteral("Server dry run") : QStringLiteral("Create"),
                 manifest.kind(), ns, manifest.name(), name());
    core::HttpParams query;
    if (dryRun)
        query.append({QStringLiteral("dryRun"), QStringLiteral("All")});
    auto r = m_client->call(what, Method::Post, *path, query,
                            QJsonDocument(object).toJson(QJsonDocument::Compact));
    if (!r)
        return Error{r.error()};
    if (created)
        *created = *r;
    return ns;
}

Result<void> KubeExecutor::dryRun(const Manifest &manifest)
{
    auto r = post(manifest, true, nullptr);
    if (!r)
        return Error{r.error()};
    return Result<void>::success();
}

Result<AppliedChaos> KubeExecutor::create(const Manifest &manifest)
{
    // The dry run first: webhook and schema errors surface before anything exists.
    if (auto dry = post(manifest, true, nullptr); !dry)
        return Error{dry.error()};
    QJsonObject created;
    if (auto real = post(manifest, false, &created); !real)
        return Error{real.error()};
    qCInfo(lcChaos) << "created" << manifest.kind() << manifest.name() << "on" << name();
    return appliedFrom(created);
}

Result<InjectionStatus> KubeExecutor::status(const AppliedChaos &chaos)
{
    auto path = objectPath(chaos);
    if (!path)
        return Error{path.error()};
    auto r = m_client->send(Method::Get, *path, {});
    if (!r)
        return Error{QStringLiteral("Status of %1: %2").arg(describe(chaos), r.error())};
    if (r->status == 404) {
        InjectionStatus gone;
        gone.phase = InjectionPhase::Gone;
        gone.observedAt = QDateTime::currentDateTimeUtc();
        return gone;
    }
    if (!r->isSuccess())
        return Error{
            QStringLiteral("Status of %1: %2").arg(describe(chaos), r->kubeStatus().text())};
    if (chaos.kind == QLatin1String("Schedule"))
        return scheduleStatus(chaos, r->object);
    InjectionStatus s = ChaosStatusReader::read(r->object);

    const QString events = QStringLiteral("/api/v1/namespaces/%1/events").arg(chaos.ns);
    auto list = m_client->send(Method::Get, events,
                               {{QStringLiteral("fieldSelector"),
                                 QStringLiteral("involvedObject.name=%1,involvedObject.kind=%2")
                                     .arg(chaos.name, chaos.kind)}});
    if (list && list->isSuccess()) {
        const QString latest = ChaosStatusReader::latestEventText(list->object);
        if (!latest.isEmpty() && s.phase != InjectionPhase::Failed)
            s.message = latest;
    } else {
        // Events are a detail: a user allowed to read chaos but not events still gets status.
        qCWarning(lcChaos).noquote()
            << "events of" << describe(chaos)
            << "not readable:" << (list ? list->kubeStatus().text() : list.error());
    }
    return s;
}

Result<InjectionStatus> KubeExecutor::scheduleStatus(const AppliedChaos &chaos,
                                                     const QJsonObject &schedule)
{
    const QString kind = ScheduleStatusReader::childKind(schedule);
    QJsonArray children;
    if (auto path = collectionPath(kind, chaos.ns); path) {
        auto list = m_client->call(
            QStringLiteral("Listing the %1 of %2").arg(kind, describe(chaos)), Method::Get, *path,
            {{QStringLiteral("labelSelector"), ScheduleStatusReader::childSelector(schedule)}});
        if (!list)
            return Error{list.error()};
        children = list->value(QLatin1String("items")).toArray();
    }
    return ScheduleStatusReader::read(schedule, children);
}

Result<void> KubeExecutor::pause(const AppliedChaos &chaos)
{
    auto path = objectPath(chaos);
    if (!path)
        return Error{path.error()};
    // Metadata only: Chaos Mesh refuses any change to a chaos spec.
    const QJsonObject patch{
        {QStringLiteral("metadata"),
         QJsonObject{{QStringLiteral("annotations"),
                      QJsonObject{{QLatin1String(kPauseAnnotation), QStringLiteral("true")}}}}}};
    auto r = m_client->call(QStringLiteral("Pause of %1").arg(describe(chaos)), Method::Patch,
                            *path, {}, QJsonDocument(patch).toJson(QJsonDocument::Compact),
                            "application/merge-patch+json");
    if (!r)
        return Error{r.error()};
    return Result<void>::success();
}

Result<InjectionStatus> KubeExecutor::requestDeletion(const AppliedChaos &chaos)
{
    auto path = objectPath(chaos);
    if (!path)
        return Error{path.error()};
    auto r = m_client->send(Method::Delete, *path, {});
    if (!r)
        return Error{QStringLiteral("Delete of %1: %2").arg(describe(chaos), r.error())};
    if (!r->isSuccess() && r->status != 404)
        return Error{
            QStringLiteral("Delete of %1: %2").arg(describe(chaos), r->kubeStatus().text())};
    return status(chaos);
}

void KubeExecutor::stopWaiting()
{
    {
        std::lock_guard lock(m_waitMutex);
        m_stopWaiting = true;
    }
    m_waitChanged.notify_all();
}

Result<void> KubeExecutor::remove(const AppliedChaos &chaos, int timeoutMs)
{
    m_stopWaiting = false;
    auto s = requestDeletion(chaos);
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (s && s->phase != InjectionPhase::Gone) {
        std::unique_lock lock(m_waitMutex);
        const auto next = std::min(deadline, std::chrono::steady_clock::now() +
                                                 std::chrono::milliseconds(m_pollMs));
        m_waitChanged.wait_until(lock, next, [this] { return m_stopWaiting.load(); });
        lock.unlock();
        if (m_stopWaiting || std::chrono::steady_clock::now() >= deadline)
            break;
        s = status(chaos);
    }
    if (!s)
        return Error{s.error()};
    if (s->phase == InjectionPhase::Gone)
        return Result<void>::success();
    const QString holders = s->finalizers.isEmpty() ? QStringLiteral("no finalizer listed")
                                                    : s->finalizers.join(QLatin1String(", "));
    const QString why = m_stopWaiting ? QStringLiteral("stopped waiting")
                                      : QStringLiteral("still there after %1 ms").arg(timeoutMs);
    return Error{QStringLiteral("%1 is stuck in deletion (%2); held by finalizers: %3. Chaos "
                                "Mesh removes chaos-mesh/records once every target is recovered; "
                                "Meshscope never removes a finalizer itself")
                     .arg(describe(chaos), why, holders)};
}

Result<std::vector<AppliedChaos>> KubeExecutor::listManaged()
{
    std::vector<AppliedChaos> found;
    const QStringList kinds = m_registry ? m_registry->kinds() : QStringList();
    int served = 0;
    for (const QString &kind : kinds) {
        auto path = collectionPath(kind, {});
        if (!path)
            return Error{path.error()};
        auto r = m_client->send(Method::Get, *path,
                                {{QStringLiteral("labelSelector"), managedSelector()}});
        if (!r)
            return Error{QStringLiteral("Listing %1 on %2: %3").arg(kind, name(), r.error())};
        if (r->status == 404)
            continue; // this CRD is not installed: nothing of that kind can exist
        if (!r->isSuccess())
            return Error{QStringLiteral("Listing %1 in all namespaces on %2: %3")
                             .arg(kind, name(), r->kubeStatus().text())};
        ++served;
        for (const QJsonValue &item : r->object.value(QLatin1String("items")).toArray()) {
            AppliedChaos a = appliedFrom(item.toObject());
            // A list's items carry no apiVersion/kind of their own.
            a.apiVersion = QLatin1String(kChaosApiVersion);
            a.kind = kind;
            found.push_back(a);
        }
    }
    if (served == 0)
        return Error{QStringLiteral("%1 serves no Chaos Mesh resource (chaos-mesh.org): is "
                                    "Chaos Mesh installed on this cluster?")
                         .arg(name())};
    return found;
}

Result<QStringList> KubeExecutor::previewTargets(const Manifest &manifest)
{
    Manifest m = manifest;
    if (m.ns().isEmpty()) {
        QJsonObject meta = m.metadata();
        meta.insert(QStringLiteral("namespace"), m_client->connection().ns);
        m.object.insert(QStringLiteral("metadata"), meta);
    }
    auto queries = PodSelectorQuery::fromManifest(m);
    if (!queries)
        return Error{queries.error()};
    QStringList targets;
    for (const PodQuery &q : *queries) {
        core::HttpParams params;
        if (!q.labelSelector.isEmpty())
            params.append({QStringLiteral("labelSelector"), q.labelSelector});
        if (!q.fieldSelector.isEmpty())
            params.append({QStringLiteral("fieldSelector"), q.fieldSelector});
        auto r = m_client->call(QStringLiteral("Listing pods in %1 for the preview").arg(q.ns),
                                Method::Get, QStringLiteral("/api/v1/namespaces/%1/pods").arg(q.ns),
                                params);
        if (!r)
            return Error{r.error()};
        for (const QJsonValue &pod : r->value(QLatin1String("items")).toArray()) {
            if (!PodSelectorQuery::matches(q, pod.toObject()))
                continue;
            targets << q.ns + QLatin1Char('/') +
                           pod[QLatin1String("metadata")][QLatin1String("name")].toString();
        }
    }
    targets.sort();
    return targets;
}

Result<QString> KubeExecutor::resourceVersion(const AppliedChaos &chaos)
{
    auto path = objectPath(chaos);
    if (!path)
        return path;
    auto r = m_client->call(QStringLiteral("Reading %1").arg(describe(chaos)), Method::Get, *path);
    if (!r)
        return Error{r.error()};
    return r->value(QLatin1String("metadata"))
        .toObject()
        .value(QLatin1String("resourceVersion"))
        .toString();
}

Result<ChaosWatchBatch> KubeExecutor::watch(const AppliedChaos &chaos,
                                            const QString &resourceVersion, int windowSeconds)
{
    auto path = collectionPath(chaos.kind, chaos.ns);
    if (!path)
        return Error{path.error()};
    // The server ends the stream itself after timeoutSeconds; the transport then has the
    // whole window's events. Its own timeout must outlast the window.
    auto r = m_client->send(
        Method::Get, *path,
        {{QStringLiteral("watch"), QStringLiteral("1")},
         {QStringLiteral("resourceVersion"), resourceVersion},
         {QStringLiteral("timeoutSeconds"), QString::number(windowSeconds)},
         {QStringLiteral("allowWatchBookmarks"), QStringLiteral("true")},
         {QStringLiteral("fieldSelector"), QStringLiteral("metadata.name=") + chaos.name}},
        {}, "application/json", (windowSeconds + 30) * 1000);
    const QString what = QStringLiteral("Watching %1").arg(describe(chaos));
    if (!r)
        return Error{QStringLiteral("%1: %2").arg(what, r.error())};
    if (!r->isSuccess())
        return Error{QStringLiteral("%1: %2").arg(what, r->kubeStatus().text())};
    ChaosWatchBatch batch;
    batch.resourceVersion = resourceVersion;
    for (const QByteArray &line : r->body.split('\n')) {
        if (line.trimmed().isEmpty())
            continue;
        const QJsonObject event = QJsonDocument::fromJson(line).object();
        const QString type = event.value(QLatin1String("type")).toString();
        const QJsonObject object = event.value(QLatin1String("object")).toObject();
        if (type == QLatin1String("ERROR")) // e.g. 410 Gone: the version is too old
            return Error{QStringLiteral("%1: %2").arg(
                what, KubeStatus::fromResponse(0, QJsonDocument(object).toJson()).text())};
        const QString rv = object.value(QLatin1String("metadata"))
                               .toObject()
                               .value(QLatin1String("resourceVersion"))
                               .toString();
        if (!rv.isEmpty())
            batch.resourceVersion = rv;
        if (type == QLatin1String("BOOKMARK"))
            continue;
        ChaosWatchEvent e{type, ChaosStatusReader::read(object)};
        if (type == QLatin1String("DELETED"))
            e.status.phase = InjectionPhase::Gone;
        batch.events.push_back(e);
    }
    return batch;
}

} // namespace meshscope::chaos
