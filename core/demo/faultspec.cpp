#include "core/demo/faultspec.h"

namespace meshscope::core {

QString toString(FaultSpec::Kind kind)
{
    switch (kind) {
    case FaultSpec::Kind::Latency:
        return QStringLiteral("latency");
    case FaultSpec::Kind::PacketLoss:
        return QStringLiteral("packet loss");
    case FaultSpec::Kind::KillReplicas:
        return QStringLiteral("kill replicas");
    case FaultSpec::Kind::DnsFailure:
        return QStringLiteral("DNS failure");
    case FaultSpec::Kind::Errors:
        return QStringLiteral("errors");
    }
    return QStringLiteral("latency");
}

} // namespace meshscope::core
