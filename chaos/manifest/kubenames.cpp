#include "chaos/manifest/kubenames.h"

#include <QCryptographicHash>
#include <QRegularExpression>

namespace meshscope::chaos {

bool KubeNames::isDns1123Label(const QString &s)
{
    static const QRegularExpression re(QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$"));
    return s.size() <= kMaxLabelLength && re.match(s).hasMatch();
}

bool KubeNames::isDns1123Subdomain(const QString &s)
{
    static const QRegularExpression re(
        QStringLiteral("^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$"));
    return s.size() <= kMaxSubdomainLength && re.match(s).hasMatch();
}

bool KubeNames::isLabelValue(const QString &s)
{
    static const QRegularExpression re(
        QStringLiteral("^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$"));
    return s.size() <= kMaxLabelLength && re.match(s).hasMatch();
}

bool KubeNames::isLabelKey(const QString &s)
{
    const qsizetype slash = s.indexOf(QLatin1Char('/'));
    const QString prefix = slash >= 0 ? s.left(slash) : QString();
    const QString name = slash >= 0 ? s.mid(slash + 1) : s;
    if (slash >= 0 && !isDns1123Subdomain(prefix))
        return false;
    return !name.isEmpty() && isLabelValue(name);
}

QString KubeNames::sanitize(const QString &s)
{
    QString out;
    out.reserve(s.size());
    bool dash = false;
    for (const QChar c : s.toLower()) {
        if ((c >= QLatin1Char('a') && c <= QLatin1Char('z')) ||
            (c >= QLatin1Char('0') && c <= QLatin1Char('9'))) {
            out.append(c);
            dash = false;
        } else if (!dash && !out.isEmpty()) {
            out.append(QLatin1Char('-'));
            dash = true;
        }
    }
    while (out.endsWith(QLatin1Char('-')))
        out.chop(1);
    return out;
}

QString KubeNames::deterministicName(const QStringList &parts, const QString &last)
{
    QStringList clean;
    for (const QString &p : parts) {
        const QString s = sanitize(p);
        if (!s.isEmpty())
            clean << s;
    }
    QString tail = sanitize(last);
    if (tail.isEmpty())
        tail = QStringLiteral("run");
    if (tail.size() > 20)
        tail = tail.left(20);
    while (tail.endsWith(QLatin1Char('-')))
        tail.chop(1);

    QString head = clean.join(QLatin1Char('-'));
    const int room = kMaxLabelLength - static_cast<int>(tail.size()) - 1;
    if (head.size() > room) {
        // Truncating alone could give two targets the same name; the hash of the whole input
        // keeps them apart and stays stable across runs and machines.
        const QString hash = QString::fromLatin1(
            QCryptographicHash::hash(
                (parts.join(QLatin1Char('\n')) + QLatin1Char('\n') + last).toUtf8(),
                QCryptographicHash::Sha1)
                .toHex()
                .left(6));
        head = head.left(room - 7);
        while (head.endsWith(QLatin1Char('-')))
            head.chop(1);
        head += QLatin1Char('-') + hash;
    }
    if (head.isEmpty())
        return tail;
    return head + QLatin1Char('-') + tail;
}

} // namespace meshscope::chaos
