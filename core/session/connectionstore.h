#pragma once

#include "core/result.h"
#include "core/session/connectionprofile.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace meshscope::core {

// The user's connection profiles: connections.yaml in the config folder
// (~/.config/meshscope/connections.yaml), format in docs/connections.md. Loading refuses a file
// it cannot trust (a syntax error, a wrong type, a secret written in plain text: the message
// names file:line and the field) and warns about keys it does not know, so a newer file still
// opens. Saving writes the whole file atomically; comments in it are not kept.
class ConnectionStore
{
public:
    static QString defaultPath();
    // A missing file is an empty store, not an error.
    static Result<ConnectionStore> load(const QString &path);
    static Result<ConnectionStore> parse(const QByteArray &yaml, const QString &origin);

    QByteArray toYaml() const;
    Result<void> save(const QString &path) const;

    const QList<ConnectionProfile> &profiles() const { return m_profiles; }
    QStringList names() const;
    // Unknown keys met while loading, each "file:line: key: …".
    const QStringList &warnings() const { return m_warnings; }
    const ConnectionProfile *find(const QString &name) const;

    // Replaces the profile called `previousName` (or `profile.name`), or appends it. Refuses a
    // profile that does not validate, or a name another profile already has.
    Result<void> upsert(const ConnectionProfile &profile, const QString &previousName = {});
    bool remove(const QString &name);

private:
    QList<ConnectionProfile> m_profiles;
    QStringList m_warnings;
};

} // namespace meshscope::core
