#include "chaos/kube/schedulestatustimes.h"

#include "chaos/manifest/goduration.h"

#include <QStringList>

#include <bitset>
#include <optional>

namespace meshscope::chaos {

namespace {

using Field = std::bitset<61>;

// One cron field ("*", "*/5", "1,15", "9-17/2") over [min, max]; nullopt when unreadable.
std::optional<Field> parseField(const QString &text, int min, int max)
{
    Field f;
    for (const QString &part : text.split(QLatin1Char(','))) {
        QString range = part;
        int step = 1;
        if (const int slash = part.indexOf(QLatin1Char('/')); slash >= 0) {
            bool ok = false;
            step = part.mid(slash + 1).toInt(&ok);
            if (!ok || step < 1)
                return std::nullopt;
            range = part.left(slash);
        }
        int from = min;
        int to = max;
        if (range != QLatin1String("*")) {
            const QStringList ends = range.split(QLatin1Char('-'));
            bool ok1 = false;
            bool ok2 = true;
            from = ends.first().toInt(&ok1);
            to = ends.size() == 2 ? ends.last().toInt(&ok2)
                                  : (part.contains(QLatin1Char('/')) ? max : from);
            if (!ok1 || !ok2 || ends.size() > 2 || from < min || to > max || from > to)
                return std::nullopt;
        }
        for (int v = from; v <= to; v += step)
            f.set(size_t(v));
    }
    return f;
}

QDateTime nextCron(const QString &expression, const QDateTime &after)
{
    QString e = expression.trimmed();
    if (e == QLatin1String("@hourly"))
        e = QStringLiteral("0 * * * *");
    else if (e == QLatin1String("@daily") || e == QLatin1String("@midnight"))
        e = QStringLiteral("0 0 * * *");
    else if (e == QLatin1String("@weekly"))
        e = QStringLiteral("0 0 * * 0");
    else if (e == QLatin1String("@monthly"))
        e = QStringLiteral("0 0 1 * *");
    else if (e == QLatin1String("@yearly") || e == QLatin1String("@annually"))
        e = QStringLiteral("0 0 1 1 *");
    const QStringList f = e.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    if (f.size() != 5)
        return {};
    const auto minute = parseField(f[0], 0, 59);
    const auto hour = parseField(f[1], 0, 23);
    const auto dom = parseField(f[2], 1, 31);
    const auto month = parseField(f[3], 1, 12);
    auto dow = parseField(f[4], 0, 7);
    if (!minute || !hour || !dom || !month || !dow)
        return {};
    if (dow->test(7))
        dow->set(0); // 7 is Sunday too
    const bool anyDom = f[2] == QLatin1String("*");
    const bool anyDow = f[4] == QLatin1String("*");
    QDateTime t = after.toUTC();
    t = QDateTime(t.date(), QTime(t.time().hour(), t.time().minute()), Qt::UTC).addSecs(60);
    const QDateTime limit = t.addDays(5 * 366); // "30 2 31 2 *" never comes
    while (t < limit) {
        const QDate d = t.date();
        const bool domOk = dom->test(size_t(d.day()));
        const bool dowOk = dow->test(size_t(d.dayOfWeek() % 7));
        // Both day fields restricted: either may match (cron's rule); else the restricted one.
        const bool dayOk = anyDom && anyDow ? true
                           : anyDom         ? dowOk
                           : anyDow         ? domOk
                                            : domOk || dowOk;
        if (!month->test(size_t(d.month())) || !dayOk) {
            t = QDateTime(d.addDays(1), QTime(0, 0), Qt::UTC);
        } else if (!hour->test(size_t(t.time().hour()))) {
            t = QDateTime(d, QTime(t.time().hour(), 0), Qt::UTC).addSecs(3600);
        } else if (!minute->test(size_t(t.time().minute()))) {
            t = t.addSecs(60);
        } else {
            return t;
        }
    }
    return {};
}

} // namespace

QDateTime ScheduleStatusTimes::next(const QString &expression, const QDateTime &last,
                                    const QDateTime &now)
{
    const QString e = expression.trimmed();
    if (e.startsWith(QLatin1String("@every "))) {
        const auto every = GoDuration::parse(e.mid(7).trimmed());
        if (!every || every->count() <= 0 || !last.isValid())
            return {};
        QDateTime t = last.addMSecs(every->count());
        if (t <= now) // status.time lags a tick: count the ticks since
            t = t.addMSecs(((last.msecsTo(now) / every->count())) * every->count());
        while (t <= now)
            t = t.addMSecs(every->count());
        return t.toUTC();
    }
    const QDateTime from = last.isValid() && last > now ? last : now;
    return nextCron(e, from);
}

} // namespace meshscope::chaos
