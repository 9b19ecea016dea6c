#include "core/telemetry/telemetrytypes.h"
#include "core/health/healthtypes.h"

namespace meshscope::core {

QString toString(NodeKind kind)
{
    switch (kind) {
    case NodeKind::Service:
        return QStringLiteral("service");
    case NodeKind::Gateway:
        return QStringLiteral("gateway");
    case NodeKind::Database:
        return QStringLiteral("database");
    case NodeKind::External:
        return QStringLiteral("external");
    }
    return QStringLiteral("service");
}

QString toString(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Http:
        return QStringLiteral("http");
    case Protocol::Grpc:
        return QStringLiteral("grpc");
    case Protocol::Tcp:
        return QStringLiteral("tcp");
    }
    return QStringLiteral("http");
}

QString toString(HealthBand band)
{
    switch (band) {
    case HealthBand::NoData:
        return QStringLiteral("No data");
    case HealthBand::Healthy:
        return QStringLiteral("Healthy");
    case HealthBand::Degraded:
        return QStringLiteral("Degraded");
    case HealthBand::Failing:
        return QStringLiteral("Failing");
    }
    return QStringLiteral("No data");
}

QString toString(HealthFactor factor)
{
    switch (factor) {
    case HealthFactor::Connectivity:
        return QStringLiteral("connectivity");
    case HealthFactor::Stability:
        return QStringLiteral("stability");
    case HealthFactor::Protocol:
        return QStringLiteral("protocol");
    }
    return QStringLiteral("connectivity");
}

} // namespace meshscope::core
