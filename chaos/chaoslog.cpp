#include "chaos/chaoslog_p.h"

namespace meshscope::chaos {
Q_LOGGING_CATEGORY(lcChaos, "meshscope.chaos")
}
