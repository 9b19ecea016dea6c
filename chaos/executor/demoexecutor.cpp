#include "chaos/executor/demoexecutor.h"

#include "chaos/chaoslog_p.h"
#include "core/demo/demosource.h"
#include "core/demo/faultspec.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QUuid>

#include <algorithm>
#include <cmath>

namespace meshscope::chaos {

namespace {
constexpr auto kStateFile = "demo-executor.json";
} // namespace

struct DemoExecutor::Entry
{
    AppliedChaos chaos;
    std::vector<core::FaultSpec> faults; // start resolved to absolute simulated ms
    qint64 endMs = 0;                    // the CR's duration is over (Recovered) from here
    bool paused = false;
    // The simulator's ids of the faults this process injected; none for an entry loaded from
    // the state file (its faults died with the process that injected them).
    std::vector<int> faultIds;
    QString schedule; // a Schedule's spec.schedule (not persisted: the ticks are)
};

DemoExecutor::DemoExecutor(std::shared_ptr<core::DemoSource> source, QString meshName,
                           QString stateFolder, Clock clock)
    : m_source(std::move(source)), m_meshName(std::move(meshName)),
      m_stateFolder(std::move(stateFolder)), m_clock(std::move(clock))
{
    if (auto loaded = load(); !loaded)
        qCWarning(lcChaos) << "demo executor state:" << loaded.error();
}

DemoExecutor::~DemoExecutor() = default;

QString DemoExecutor::name() const
{
    return QStringLiteral("demo:") + m_meshName;
}

QString DemoExecutor::statePath() const
{
    return QDir(m_stateFolder).filePath(QLatin1String(kStateFile));
}

Result<DemoFaultMapper::Plan> DemoExecutor::faultsFor(const Manifest &manifest) const
{
    if (!m_source)
        return Error{QStringLiteral("no demo mesh is running: this executor only cleans up")};
    return DemoFaultMapper::map(manifest, m_source->spec(), m_meshName, m_clock());
}

Result<void> DemoExecutor::dryRun(const Manifest &manifest)
{
    auto faults = faultsFor(manifest);
    if (!faults)
        return Error{faults.error()};
    return {};
}

Result<AppliedChaos> DemoExecutor::create(const Manifest &manifest)
{
    auto faults = faultsFor(manifest);
    if (!faults)
        return Error{faults.error()};
    AppliedChaos chaos{manifest.apiVersion(),
                       manifest.kind(),
                       manifest.ns(),
                       manifest.name(),
                       manifest.metadata()
                           .value(QLatin1String("labels"))
                           .toObject()
                           .value(QLatin1String(kRunIdLabel))
                           .toString(),
                       QUuid::createUuid().toString(QUuid::WithoutBraces)};
    for (const Entry &e : m_entries)
        if (e.chaos.kind == chaos.kind && e.chaos.ns == chaos.ns && e.chaos.name == chaos.name)
            return Error{
                QStringLiteral("%1 %2/%3 already exists").arg(chaos.kind, chaos.ns, chaos.name)};
    Entry entry{chaos, faults->faults, faults->endMs, false, {}, {}};
    entry.schedule = manifest.object.value(QLatin1String("spec"))
                         .toObject()
                         .value(QLatin1String("schedule"))
                         .toString();
    // Persisted before the simulator sees it: a crash in between leaves a listed orphan whose
    // removal is harmless, never an unlisted fault.
    m_entries.push_back(entry);
    if (auto saved = save(); !saved) {
        m_entries.pop_back();
        return Error{saved.error()};
    }
    for (core::FaultSpec f : entry.faults) {
        if (f.startMs <= m_clock())
            f.startMs = 0; // the simulator refuses a start in the past; 0 is "now"
        auto id = m_source->injectFault(f);
        if (!id) {
            clearFaults(m_entries.back());
            m_entries.pop_back();
            (void)save();
            return Error{id.error()};
        }
        m_entries.back().faultIds.push_back(*id);
    }
    qCInfo(lcChaos) << "demo: applied" << chaos.kind << chaos.name << entry.faults.size()
                    << "fault(s)";
    return chaos;
}

DemoExecutor::Entry *DemoExecutor::find(const AppliedChaos &chaos)
{
    for (Entry &e : m_entries)
        if (e.chaos.kind == chaos.kind && e.chaos.ns == chaos.ns && e.chaos.name == chaos.name)
            return &e;
    return nullptr;
}

Result<InjectionStatus> DemoExecutor::status(const AppliedChaos &chaos)
{
    InjectionStatus s;
    s.observedAt = QDateTime::fromMSecsSinceEpoch(m_clock(), Qt::UTC);
    const Entry *e = find(chaos);
    if (!e) {
        s.phase = InjectionPhase::Gone;
        return s;
    }
    s.targets << e->faults.front().service.ns() + QLatin1Char('/') +
                     e->faults.front().service.name();
    if (e->paused)
        s.phase = InjectionPhase::Paused;
    else if (m_clock() >= e->endMs)
        s.phase = InjectionPhase::Recovered;
    else
        s.phase = InjectionPhase::Injected;
    if (e->chaos.kind == QLatin1String("Schedule"))
        s.schedule = scheduleOf(*e);
    return s;
}

ScheduleState DemoExecutor::scheduleOf(const Entry &e) const
{
    // The ticks are the planned faults, in start order: what a cluster's Schedule spawns.
    ScheduleState r;
    r.expression = e.schedule;
    r.paused = e.paused;
    const qint64 now = m_clock();
    for (const core::FaultSpec &f : e.faults) {
        if (f.startMs <= now) {
            ++r.spawned;
            r.lastRun = QDateTime::fromMSecsSinceEpoch(f.startMs, Qt::UTC);
            if (now < f.startMs + f.durationMs)
                ++r.active;
        } else if (!r.nextRun.isValid() && !e.paused) {
            r.nextRun = QDateTime::fromMSecsSinceEpoch(f.startMs, Qt::UTC);
        }
    }
    return r;
}

Result<void> DemoExecutor::pause(const AppliedChaos &chaos)
{
    Entry *e = find(chaos);
    if (!e)
        return Error{QStringLiteral("%1 %2/%3 not found").arg(chaos.kind, chaos.ns, chaos.name)};
    e->paused = true;
    clearFaults(*e);
    return save();
}

Result<void> DemoExecutor::remove(const AppliedChaos &chaos, int timeoutMs)
{
    Q_UNUSED(timeoutMs) // nothing holds a demo fault: removal is immediate
    const auto it = std::find_if(m_entries.begin(), m_entries.end(), [&](const Entry &e) {
        return e.chaos.kind == chaos.kind && e.chaos.ns == chaos.ns && e.chaos.name == chaos.name;
    });
    if (it == m_entries.end())
        return {}; // already gone: deletion is idempotent, as on a cluster
    clearFaults(*it);
    m_entries.erase(it);
    return save();
}

Result<std::vector<AppliedChaos>> DemoExecutor::listManaged()
{
    std::vector<AppliedChaos> out;
    for (const Entry &e : m_entries)
        out.push_back(e.chaos);
    return out;
}

Result<QStringList> DemoExecutor::previewTargets(const Manifest &manifest)
{
    auto faults = faultsFor(manifest);
    if (!faults)
        return Error{faults.error()};
    QStringList out;
    const core::FaultSpec &f = faults->faults.front();
    for (const core::ServiceSpec &s : m_source->spec().services)
        if (s.name == f.service.name() && s.ns == f.service.ns())
            for (int i = 0; i < s.replicas; ++i)
                out << QStringLiteral("%1/%2-%3").arg(s.ns, s.name).arg(i);
    return out;
}

void DemoExecutor::clearFaults(Entry &entry)
{
    // Only this CR's faults end: faults injected from the demo menu or by another CR stay.
    if (m_source)
        for (int id : entry.faultIds)
            m_source->clearFault(id);
    entry.faultIds.clear();
}

Result<void> DemoExecutor::load()
{
    QFile file(statePath());
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("%1: %2").arg(statePath(), file.errorString())};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error{QStringLiteral("%1: %2").arg(statePath(), error.errorString())};
    for (const QJsonValue &v : doc.object().value(QLatin1String("applied")).toArray()) {
        const QJsonObject o = v.toObject();
        Entry e;
        e.chaos = {o.value(QLatin1String("apiVersion")).toString(),
                   o.value(QLatin1String("kind")).toString(),
                   o.value(QLatin1String("namespace")).toString(),
                   o.value(QLatin1String("name")).toString(),
                   o.value(QLatin1String("runId")).toString(),
                   o.value(QLatin1String("uid")).toString()};
        e.endMs = o.value(QLatin1String("endMs")).toInteger();
        e.paused = o.value(QLatin1String("paused")).toBool();
        // The faults themselves died with the process that injected them (the simulator is
        // in memory): an entry loaded here is an orphan to list and remove, nothing to re-inject.
        m_entries.push_back(e);
    }
    return {};
}

Result<void> DemoExecutor::save() const
{
    QJsonArray applied;
    for (const Entry &e : m_entries)
        applied.append(QJsonObject{{QStringLiteral("apiVersion"), e.chaos.apiVersion},
                                   {QStringLiteral("kind"), e.chaos.kind},
                                   {QStringLiteral("namespace"), e.chaos.ns},
                                   {QStringLiteral("name"), e.chaos.name},
                                   {QStringLiteral("runId"), e.chaos.runId},
                                   {QStringLiteral("uid"), e.chaos.uid},
                                   {QStringLiteral("endMs"), e.endMs},
                                   {QStringLiteral("paused"), e.paused}});
    if (!QDir().mkpath(m_stateFolder))
        return Error{QStringLiteral("cannot create %1").arg(m_stateFolder)};
    QSaveFile file(statePath());
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("%1: %2").arg(statePath(), file.errorString())};
    file.write(QJsonDocument(QJsonObject{{QStringLiteral("mesh"), m_meshName},
                                         {QStringLiteral("applied"), applied}})
                   .toJson());
    if (!file.commit())
        return Error{QStringLiteral("%1: %2").arg(statePath(), file.errorString())};
    return {};
}

} // namespace meshscope::chaos
