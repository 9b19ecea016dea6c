#include "core/alerts/alerttypes.h"

namespace meshscope::core {

QString toString(Alert::State state)
{
    switch (state) {
    case Alert::State::Active:
        return QStringLiteral("active");
    case Alert::State::Suppressed:
        return QStringLiteral("suppressed");
    case Alert::State::Unprocessed:
        return QStringLiteral("unprocessed");
    }
    return {};
}

} // namespace meshscope::core
