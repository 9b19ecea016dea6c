#include "core/jaeger/jaegertypes.h"

namespace meshscope::core {

QString toString(JaegerApi api)
{
    return api == JaegerApi::V3 ? QStringLiteral("v3") : QStringLiteral("v1");
}

} // namespace meshscope::core
