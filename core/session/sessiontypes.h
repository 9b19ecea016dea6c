#pragma once

#include <QMetaType>
#include <QString>

namespace meshscope::core {

// Why the graph on screen is not current, and since when (the last good graph stays drawn).
struct StaleState
{
    bool stale = false;
    qint64 sinceMs = 0; // ms since the Unix epoch, by the session's clock
    QString reason;
};

} // namespace meshscope::core

Q_DECLARE_METATYPE(meshscope::core::StaleState)
