#include "chaos/experiment/experimentjournal.h"

#include "chaos/experiment/experimenttypes.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QSaveFile>
#include <QStandardPaths>

namespace meshscope::chaos {

QString ExperimentJournal::defaultFolder()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/experiments");
}

ExperimentJournal::ExperimentJournal(QString folder, QString runId)
    : m_folder(std::move(folder)), m_runId(std::move(runId))
{
}

QString ExperimentJournal::path() const
{
    return QDir(m_folder).filePath(m_runId + QStringLiteral(".json"));
}

Result<void> ExperimentJournal::write(const QJsonObject &document) const
{
    if (!QDir().mkpath(m_folder))
        return Error{QStringLiteral("cannot create the journal folder %1").arg(m_folder)};
    QSaveFile file(path());
    if (!file.open(QIODevice::WriteOnly))
        return Error{QStringLiteral("journal %1: %2").arg(path(), file.errorString())};
    const QByteArray bytes = QJsonDocument(document).toJson(QJsonDocument::Indented);
    if (file.write(bytes) != bytes.size() || !file.commit())
        return Error{QStringLiteral("journal %1: %2").arg(path(), file.errorString())};
    return {};
}

Result<QJsonObject> ExperimentJournal::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QStringLiteral("journal %1: %2").arg(path, file.errorString())};
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError)
        return Error{QStringLiteral("journal %1: offset %2: %3")
                         .arg(path)
                         .arg(error.offset)
                         .arg(error.errorString())};
    if (!doc.isObject())
        return Error{QStringLiteral("journal %1: not a JSON object").arg(path)};
    return doc.object();
}

std::vector<ExperimentJournal::Unfinished> ExperimentJournal::unfinished(const QString &folder,
                                                                         QStringList *errors)
{
    std::vector<Unfinished> out;
    const QDir dir(folder);
    // QSaveFile's temporaries (<name>.json.XXXXXX) do not match the filter: a crash mid-write
    // leaves one behind, which is not a journal.
    for (const QString &name : dir.entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name)) {
        auto doc = read(dir.filePath(name));
        if (!doc) {
            if (errors)
                *errors << doc.error();
            continue;
        }
        if (!doc->contains(QLatin1String("runId")))
            continue; // another file kept here (an executor's state), not a run's journal
        const QString phase = doc->value(QLatin1String("phase")).toString();
        const auto p = phaseFromName(phase);
        if (p && isFinal(*p))
            continue;
        out.push_back({dir.filePath(name), doc->value(QLatin1String("runId")).toString(), phase,
                       doc->value(QLatin1String("executor")).toString()});
    }
    return out;
}

} // namespace meshscope::chaos
