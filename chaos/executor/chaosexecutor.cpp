#include "chaos/executor/chaosexecutor.h"

namespace meshscope::chaos {

QString injectionPhaseName(InjectionPhase phase)
{
    switch (phase) {
    case InjectionPhase::Pending:
        return QStringLiteral("pending");
    case InjectionPhase::Selected:
        return QStringLiteral("selected");
    case InjectionPhase::Injected:
        return QStringLiteral("injected");
    case InjectionPhase::Paused:
        return QStringLiteral("paused");
    case InjectionPhase::Recovered:
        return QStringLiteral("recovered");
    case InjectionPhase::Deleting:
        return QStringLiteral("deleting");
    case InjectionPhase::Gone:
        return QStringLiteral("gone");
    case InjectionPhase::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace meshscope::chaos
