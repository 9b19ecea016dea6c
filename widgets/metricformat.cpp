#include "widgets/metricformat.h"

#include "core/health/healthtypes.h"

#include <cmath>

namespace meshscope::widgets {

namespace {

// Fixed decimals with trailing zeros dropped: 5.0 -> "5", 1.20 -> "1.2".
QString trimmed(double v, int decimals)
{
    QString s = QString::number(v, 'f', decimals);
    if (s.contains(QLatin1Char('.'))) {
        while (s.endsWith(QLatin1Char('0')))
            s.chop(1);
        if (s.endsWith(QLatin1Char('.')))
            s.chop(1);
    }
    return s;
}

// About three significant digits, fewer where they would only be noise.
QString significant(double v)
{
    const double a = std::abs(v);
    return trimmed(v, a >= 100.0 ? 0 : a >= 1.0 ? 1 : 2);
}

} // namespace

QString MetricFormat::compact(double value)
{
    if (!std::isfinite(value))
        return unknown();
    const double a = std::abs(value);
    if (a >= 999.5e3)
        return tr("%1M").arg(significant(value / 1e6));
    if (a >= 999.5)
        return tr("%1k").arg(significant(value / 1e3));
    if (a > 0.0 && a < 0.005)
        return value > 0 ? tr("<0.01") : tr(">-0.01");
    return significant(value);
}

QString MetricFormat::rate(double perSecond)
{
    if (!std::isfinite(perSecond) || perSecond < 0.0)
        return unknown();
    return tr("%1 req/s").arg(compact(perSecond));
}

QString MetricFormat::percent(double ratio)
{
    if (!std::isfinite(ratio) || ratio < 0.0)
        return unknown();
    const double p = ratio * 100.0;
    if (p == 0.0)
        return tr("%1 %").arg(0);
    if (p < 0.01)
        return tr("<0.01 %");
    if (p < 1.0)
        return tr("%1 %").arg(QString::number(p, 'f', 2));
    if (p < 99.95)
        return tr("%1 %").arg(QString::number(p, 'f', 1));
    return tr("%1 %").arg(100);
}

QString MetricFormat::latency(double ms)
{
    if (!std::isfinite(ms) || ms < 0.0)
        return unknown();
    if (ms >= 999.5)
        return tr("%1 s").arg(QString::number(ms / 1000.0, 'f', ms >= 9995.0 ? 1 : 2));
    if (ms >= 9.95)
        return tr("%1 ms").arg(QString::number(ms, 'f', 0));
    return tr("%1 ms").arg(QString::number(ms, 'f', 1));
}

QString MetricFormat::replicas(int ready, int desired)
{
    if (ready < 0 && desired < 0)
        return unknown();
    const QString r = ready < 0 ? QStringLiteral("?") : QString::number(ready);
    const QString d = desired < 0 ? QStringLiteral("?") : QString::number(desired);
    return tr("%1 / %2").arg(r, d);
}

QString MetricFormat::score(double s)
{
    if (!std::isfinite(s))
        return unknown();
    return QString::number(core::shownScore(s), 'f', 0);
}

QString MetricFormat::kind(core::NodeKind kind)
{
    switch (kind) {
    case core::NodeKind::Service:
        break;
    case core::NodeKind::Gateway:
        return tr("gateway");
    case core::NodeKind::Database:
        return tr("database");
    case core::NodeKind::External:
        return tr("external");
    }
    return tr("service");
}

QString MetricFormat::protocol(core::Protocol protocol)
{
    switch (protocol) {
    case core::Protocol::Http:
        break;
    case core::Protocol::Grpc:
        return tr("gRPC");
    case core::Protocol::Tcp:
        return tr("TCP");
    }
    return tr("HTTP");
}

} // namespace meshscope::widgets
