#include "core/session/layoutmemory.h"

#include <QDir>
#include <QFileInfo>

namespace meshscope::core {

LayoutMemory::LayoutMemory(QString folder) : m_folder(std::move(folder)) {}

QString LayoutMemory::pathFor(const QString &sourceName) const
{
    QString name = sourceName;
    for (QChar &c : name) {
        if (!c.isLetterOrNumber() && c != QLatin1Char('-') && c != QLatin1Char('.'))
            c = QLatin1Char('_');
    }
    return m_folder + QLatin1Char('/') + name + QStringLiteral(".json");
}

Result<void> LayoutMemory::remember(const SavedLayout &layout) const
{
    if (layout.source.isEmpty())
        return Error{QStringLiteral("a remembered layout needs the name of its source")};
    if (!QDir().mkpath(m_folder))
        return Error{QStringLiteral("cannot create the folder %1").arg(m_folder)};
    return LayoutFile::save(layout, pathFor(layout.source));
}

Result<std::optional<SavedLayout>> LayoutMemory::recall(const QString &sourceName) const
{
    const QString path = pathFor(sourceName);
    if (!QFileInfo::exists(path))
        return std::optional<SavedLayout>{};
    Result<SavedLayout> layout = LayoutFile::load(path);
    if (!layout)
        return Error{layout.error()};
    return std::optional<SavedLayout>(std::move(layout).value());
}

} // namespace meshscope::core
