#pragma once

// Reads what Chaos Mesh's controller wrote into a chaos CR (status.conditions,
// status.experiment.containerRecords, metadata.deletionTimestamp and finalizers) as one
// InjectionStatus, in the order Chaos Mesh's own dashboard derives its state
// (pkg/status/status.go GetChaosStatus): deleting, paused, finished, running, injecting.

#include "chaos/executor/chaosexecutor.h"

#include <QJsonObject>

namespace meshscope::chaos {

class ChaosStatusReader
{
public:
    static InjectionStatus read(const QJsonObject &cr);
    // The newest of a list of core/v1 Events ("Applied: Successfully apply chaos for …"), or
    // empty when there is none.
    static QString latestEventText(const QJsonObject &eventList);
};

} // namespace meshscope::chaos
