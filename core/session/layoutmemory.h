#pragma once

#include "core/layout/layoutfile.h"
#include "core/result.h"

#include <QString>

#include <optional>

namespace meshscope::core {

// Remembers, per telemetry source, the positions and pins the user left it in, as one layout
// file per source in a folder (the app passes its data folder). A source's memory is recalled
// when it is opened again; another source starts from a fresh layout.
class LayoutMemory
{
public:
    explicit LayoutMemory(QString folder);

    // "demo:generated:5000", "prometheus:http://host:9090" -> a safe file name in the folder.
    QString pathFor(const QString &sourceName) const;
    // `layout.source` names the source it belongs to.
    Result<void> remember(const SavedLayout &layout) const;
    // Nothing remembered is not an error; an unreadable file is (its message names the file).
    Result<std::optional<SavedLayout>> recall(const QString &sourceName) const;

private:
    QString m_folder;
};

} // namespace meshscope::core
