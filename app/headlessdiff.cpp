#include "app/headlessdiff.h"

#include "core/io/snapshotdiff.h"
#include "core/io/snapshotio.h"

#include <QFileInfo>
#include <QTextStream>

namespace meshscope::app {

int runHeadlessDiff(const CommandLine &command, QTextStream &out, QTextStream &err)
{
    using Status = core::SnapshotDiff::Status;
    const Result<core::LoadedSnapshot> before = core::readSnapshotFile(command.diffBefore);
    if (!before) {
        err << "meshscope diff: " << before.error() << '\n';
        return 1;
    }
    const Result<core::LoadedSnapshot> after = core::readSnapshotFile(command.diffAfter);
    if (!after) {
        err << "meshscope diff: " << after.error() << '\n';
        return 1;
    }
    const auto side = [](const core::LoadedSnapshot &s, const QString &path) {
        return core::SnapshotDiff::Side{s.topology.get(), &s.scores, &s.positions,
                                        QFileInfo(path).fileName(), s.timestampMs};
    };
    const core::SnapshotDiff diff = core::SnapshotDiff::compare(
        side(before.value(), command.diffBefore), side(after.value(), command.diffAfter));
    if (command.output.isEmpty()) {
        out << QString::fromUtf8(diff.toCsv());
    } else {
        const Result<void> written = diff.write(command.output);
        if (!written) {
            err << "meshscope diff: " << written.error() << '\n';
            return 1;
        }
    }
    // The summary goes to stderr when stdout carries the CSV, so that a pipe gets clean data.
    QTextStream &summary = command.output.isEmpty() ? err : out;
    summary << diff.beforeLabel() << " -> " << diff.afterLabel() << ": "
            << diff.count(Status::Added) << " services added, " << diff.count(Status::Removed)
            << " removed, " << diff.count(Status::Changed) << " scores changed, "
            << diff.addedCalls().size() << " calls added, " << diff.removedCalls().size()
            << " removed\n";
    out.flush();
    err.flush();
    return 0;
}

} // namespace meshscope::app
