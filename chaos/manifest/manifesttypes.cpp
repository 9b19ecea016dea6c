#include "chaos/manifest/manifesttypes.h"

#include <QRegularExpression>

#include <algorithm>

namespace meshscope::chaos {

QString locateField(const TextPositions &positions, const QString &path)
{
    QString p = path;
    while (!p.isEmpty()) {
        const auto it = positions.constFind(p);
        if (it != positions.constEnd())
            return QStringLiteral("line %1:%2").arg(it->line).arg(it->column);
        const qsizetype cut =
            std::max(p.lastIndexOf(QLatin1Char('.')), p.lastIndexOf(QLatin1Char('[')));
        if (cut <= 0)
            break;
        p.truncate(cut);
    }
    return {};
}

QStringList issueTexts(const ValidationIssues &issues)
{
    QStringList texts;
    texts.reserve(static_cast<qsizetype>(issues.size()));
    for (const ValidationIssue &issue : issues)
        texts << issue.text();
    return texts;
}

QString childFieldPath(const QString &parent, const QString &key)
{
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*$"));
    if (parent.isEmpty())
        return key;
    if (plain.match(key).hasMatch())
        return parent + QLatin1Char('.') + key;
    return parent + QLatin1Char('[') + key + QLatin1Char(']');
}

} // namespace meshscope::chaos
