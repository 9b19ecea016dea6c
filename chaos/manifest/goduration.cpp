#include "chaos/manifest/goduration.h"

#include <QRegularExpression>

#include <cmath>

namespace meshscope::chaos {

Result<std::chrono::milliseconds> GoDuration::parse(const QString &text)
{
    static const QRegularExpression whole(
        QStringLiteral("^[-+]?(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h))+$"));
    static const QRegularExpression part(
        QStringLiteral("([0-9]+(?:\\.[0-9]*)?|\\.[0-9]+)(ns|us|µs|μs|ms|s|m|h)"));
    const QString s = text.trimmed();
    if (s == QLatin1String("0"))
        return std::chrono::milliseconds(0);
    if (!whole.match(s).hasMatch())
        return Error{
            QStringLiteral("\"%1\" is not a duration (write e.g. 30s, 5m, 1h30m)").arg(text)};
    double ms = 0.0;
    auto it = part.globalMatch(s);
    while (it.hasNext()) {
        const auto m = it.next();
        const double n = m.captured(1).toDouble();
        const QString unit = m.captured(2);
        double factor = 1.0;
        if (unit == QLatin1String("ns"))
            factor = 1e-6;
        else if (unit == QLatin1String("us") || unit == QStringLiteral("µs") ||
                 unit == QStringLiteral("μs"))
            factor = 1e-3;
        else if (unit == QLatin1String("s"))
            factor = 1e3;
        else if (unit == QLatin1String("m"))
            factor = 60e3;
        else if (unit == QLatin1String("h"))
            factor = 3600e3;
        ms += n * factor;
    }
    // Go caps durations at about 292 years; anything near that is a typo, not a plan.
    if (ms > 1e15)
        return Error{QStringLiteral("\"%1\" is too long a duration").arg(text)};
    if (s.startsWith(QLatin1Char('-')))
        ms = -ms;
    return std::chrono::milliseconds(static_cast<qint64>(std::floor(ms + 1e-9)));
}

QString GoDuration::format(std::chrono::milliseconds duration)
{
    qint64 ms = duration.count();
    if (ms == 0)
        return QStringLiteral("0s");
    QString out;
    if (ms < 0) {
        out += QLatin1Char('-');
        ms = -ms;
    }
    if (ms < 1000)
        return out + QString::number(ms) + QStringLiteral("ms");
    const qint64 h = ms / 3600000;
    const qint64 m = (ms / 60000) % 60;
    const qint64 sec = (ms / 1000) % 60;
    const qint64 rest = ms % 1000;
    if (h)
        out += QString::number(h) + QLatin1Char('h');
    if (m)
        out += QString::number(m) + QLatin1Char('m');
    if (sec || rest) {
        out += QString::number(sec);
        if (rest)
            out += QLatin1Char('.') + QStringLiteral("%1")
                                          .arg(rest, 3, 10, QLatin1Char('0'))
                                          .remove(QRegularExpression(QStringLiteral("0+$")));
        out += QLatin1Char('s');
    }
    return out;
}

} // namespace meshscope::chaos
