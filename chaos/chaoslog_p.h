#pragma once

// The chaos layer's logging category (meshscope.chaos). Private to chaos .cpp files.

#include <QLoggingCategory>

namespace meshscope::chaos {
Q_DECLARE_LOGGING_CATEGORY(lcChaos)
}
