#pragma once

// The models module's logging category (meshscope.core.models), shared by the item models.
// Private to core .cpp files.

#include <QLoggingCategory>

namespace meshscope::core {
Q_DECLARE_LOGGING_CATEGORY(lcModels)
}
