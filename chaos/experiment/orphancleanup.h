#pragma once

// What a crash leaves behind, and removing it: journals of runs that never reached a final
// phase, and custom resources carrying Meshscope's label (their run may have died while the
// fault was still injected). On start the app lists them and offers clean(); Halt-all is the
// same removal without the journals.

#include "chaos/executor/chaosexecutor.h"
#include "chaos/experiment/experimentjournal.h"

#include <vector>

namespace meshscope::chaos {

struct CrashLeftovers
{
    std::vector<ExperimentJournal::Unfinished> journals;
    std::vector<AppliedChaos> managed;
    QStringList errors; // unreadable journals, a failed listing

    bool isEmpty() const { return journals.empty() && managed.empty(); }
};

class OrphanCleanup
{
public:
    static CrashLeftovers find(ChaosExecutor &executor, const QString &journalFolder);
    // Pauses then deletes every CR listed, and closes every journal as aborted with a note.
    // Errors name every CR or journal that could not be cleaned; the rest is cleaned anyway.
    static Result<void> clean(ChaosExecutor &executor, const CrashLeftovers &leftovers);
    // Pause and delete every managed CR (the toolbar's Halt-all); how many were removed.
    static Result<int> haltAll(ChaosExecutor &executor);
};

} // namespace meshscope::chaos
