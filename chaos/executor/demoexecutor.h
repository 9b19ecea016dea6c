#pragma once

// The demo mesh as a chaos target: a Chaos Mesh manifest is applied to the simulator's fault
// hooks (DemoSource::injectFault) with its duration and Schedule honoured, so a whole guided
// experiment runs offline. What it applied is persisted in its state folder, so a process that
// restarts after a crash still lists (listManaged) and removes the orphans, as it would on a
// cluster where the CRs outlive the process.
//
// Mapping (docs/experiments.md): NetworkChaos delay -> Latency (on the edge A->B when `target`
// is given, else on every call into the selected service), loss -> PacketLoss, partition ->
// PacketLoss 100 %, PodChaos -> KillReplicas (the mode decides how many), DNSChaos -> DnsFailure,
// HTTPChaos delay -> Latency. Bandwidth, HTTP abort and stress are refused with a message.

#include "chaos/executor/chaosexecutor.h"
#include "chaos/executor/demofaultmapper.h"

#include <QJsonObject>

#include <functional>
#include <memory>
#include <vector>

namespace meshscope::core {
class DemoSource;
} // namespace meshscope::core

namespace meshscope::chaos {

class DemoExecutor : public ChaosExecutor
{
public:
    using Clock = std::function<qint64()>; // the demo source's clock, ms since the epoch

    // `source` may be null: such an executor only lists and removes what a previous process
    // left in `stateFolder`.
    DemoExecutor(std::shared_ptr<core::DemoSource> source, QString meshName, QString stateFolder,
                 Clock clock);
    ~DemoExecutor() override;

    QString name() const override;
    Result<void> dryRun(const Manifest &manifest) override;
    Result<AppliedChaos> create(const Manifest &manifest) override;
    Result<InjectionStatus> status(const AppliedChaos &chaos) override;
    Result<void> pause(const AppliedChaos &chaos) override;
    Result<void> remove(const AppliedChaos &chaos, int timeoutMs) override;
    Result<std::vector<AppliedChaos>> listManaged() override;
    Result<QStringList> previewTargets(const Manifest &manifest) override;

    QString statePath() const;

private:
    struct Entry;
    Result<DemoFaultMapper::Plan> faultsFor(const Manifest &manifest) const;
    Result<void> load();
    Result<void> save() const;
    void clearFaults(Entry &entry); // ends what `entry` injected (pause, delete)
    ScheduleState scheduleOf(const Entry &entry) const;
    Entry *find(const AppliedChaos &chaos);

    std::shared_ptr<core::DemoSource> m_source;
    QString m_meshName;
    QString m_stateFolder;
    Clock m_clock;
    std::vector<Entry> m_entries;
};

} // namespace meshscope::chaos
