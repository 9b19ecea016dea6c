#include "chaos/experiment/orphancleanup.h"

#include "chaos/experiment/experimenttypes.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>

namespace meshscope::chaos {

namespace {
constexpr int kRemoveTimeoutMs = 60'000;

QString describe(const AppliedChaos &c)
{
    return QStringLiteral("%1 %2/%3").arg(c.kind, c.ns, c.name);
}
} // namespace

CrashLeftovers OrphanCleanup::find(ChaosExecutor &executor, const QString &journalFolder)
{
    CrashLeftovers out;
    out.journals = ExperimentJournal::unfinished(journalFolder, &out.errors);
    auto managed = executor.listManaged();
    if (managed)
        out.managed = *managed;
    else
        out.errors << QStringLiteral("%1: listing Meshscope's resources: %2")
                          .arg(executor.name(), managed.error());
    return out;
}

Result<void> OrphanCleanup::clean(ChaosExecutor &executor, const CrashLeftovers &leftovers)
{
    QStringList errors;
    for (const AppliedChaos &c : leftovers.managed) {
        // Pause first: injection stops at once even if the deletion is held by a finalizer.
        (void)executor.pause(c);
        if (auto removed = executor.remove(c, kRemoveTimeoutMs); !removed)
            errors << QStringLiteral("%1: %2").arg(describe(c), removed.error());
    }
    for (const ExperimentJournal::Unfinished &j : leftovers.journals) {
        auto doc = ExperimentJournal::read(j.path);
        if (!doc) {
            errors << doc.error();
            continue;
        }
        QJsonObject d = *doc;
        QJsonArray timeline = d.value(QLatin1String("timeline")).toArray();
        const QString note =
            QStringLiteral("cleaned up after the run stopped in %1 (the process ended)")
                .arg(j.phase);
        timeline.append(QJsonObject{{QStringLiteral("atMs"), QDateTime::currentMSecsSinceEpoch()},
                                    {QStringLiteral("phase"), phaseName(ExperimentPhase::Aborted)},
                                    {QStringLiteral("note"), note}});
        d.insert(QStringLiteral("timeline"), timeline);
        d.insert(QStringLiteral("phase"), phaseName(ExperimentPhase::Aborted));
        d.insert(QStringLiteral("outcome"), outcomeName(ExperimentOutcome::Aborted));
        d.insert(QStringLiteral("error"), note);
        const QFileInfo info(j.path);
        if (auto w = ExperimentJournal(info.absolutePath(), info.completeBaseName()).write(d); !w)
            errors << w.error();
    }
    if (!errors.isEmpty())
        return Error{errors.join(QLatin1String("; "))};
    return {};
}

Result<int> OrphanCleanup::haltAll(ChaosExecutor &executor)
{
    auto managed = executor.listManaged();
    if (!managed)
        return Error{managed.error()};
    CrashLeftovers l;
    l.managed = *managed;
    if (auto cleaned = clean(executor, l); !cleaned)
        return Error{cleaned.error()};
    return int(managed->size());
}

} // namespace meshscope::chaos
