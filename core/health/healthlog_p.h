#pragma once

// The health module's logging category (meshscope.core.health), shared by the model, the
// settings parser and the settings watcher. Private to core .cpp files.

#include <QLoggingCategory>

namespace meshscope::core {
Q_DECLARE_LOGGING_CATEGORY(lcHealth)
}
