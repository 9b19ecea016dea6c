#include "core/session/connectionstore.h"

#include "core/session/connectionyaml_p.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSaveFile>
#include <QStandardPaths>

namespace meshscope::core {

Q_LOGGING_CATEGORY(lcConnections, "meshscope.core.session.connections")

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::ConnectionStore", text);
}

// A page of profiles; anything much larger is the wrong file.
constexpr qint64 kMaxFileBytes = 4 * 1024 * 1024;

} // namespace

QString ConnectionStore::defaultPath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/connections.yaml");
}

Result<ConnectionStore> ConnectionStore::parse(const QByteArray &yaml, const QString &origin)
{
    ConnectionStore store;
    auto profiles = connectionyaml::read(yaml, origin, &store.m_warnings);
    if (!profiles)
        return Error{profiles.error()};
    store.m_profiles = std::move(profiles).value();
    for (const QString &w : std::as_const(store.m_warnings))
        qCWarning(lcConnections).noquote() << w;
    return store;
}

Result<ConnectionStore> ConnectionStore::load(const QString &path)
{
    QFile file(path);
    if (!file.exists())
        return ConnectionStore();
    if (!file.open(QIODevice::ReadOnly))
        return Error{
            tr("%1: cannot read the connection profiles: %2").arg(path, file.errorString())};
    if (file.size() > kMaxFileBytes)
        return Error{
            tr("%1: %2 bytes is too large for connection profiles").arg(path).arg(file.size())};
    return parse(file.readAll(), path);
}

QByteArray ConnectionStore::toYaml() const
{
    return connectionyaml::write(m_profiles);
}

Result<void> ConnectionStore::save(const QString &path) const
{
    if (!QDir().mkpath(QFileInfo(path).absolutePath()))
        return Error{tr("%1: cannot create the folder").arg(QFileInfo(path).absolutePath())};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return Error{tr("%1: cannot write: %2").arg(path, file.errorString())};
    // The file names where secrets are, not what they are; still, only its owner reads it.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(toYaml());
    if (!file.commit())
        return Error{tr("%1: cannot write: %2").arg(path, file.errorString())};
    qCInfo(lcConnections).noquote() << "saved" << m_profiles.size() << "profiles to" << path;
    return {};
}

QStringList ConnectionStore::names() const
{
    QStringList out;
    for (const ConnectionProfile &p : m_profiles)
        out << p.name;
    return out;
}

const ConnectionProfile *ConnectionStore::find(const QString &name) const
{
    for (const ConnectionProfile &p : m_profiles)
        if (p.name == name)
            return &p;
    return nullptr;
}

Result<void> ConnectionStore::upsert(const ConnectionProfile &profile, const QString &previousName)
{
    if (const QStringList problems = profile.validate(); !problems.isEmpty())
        return Error{problems.join(QLatin1Char('\n'))};
    const QString old = previousName.isEmpty() ? profile.name : previousName;
    if (profile.name != old && find(profile.name))
        return Error{tr("name: a profile called '%1' already exists").arg(profile.name)};
    for (ConnectionProfile &p : m_profiles) {
        if (p.name == old) {
            p = profile;
            return {};
        }
    }
    m_profiles << profile;
    return {};
}

bool ConnectionStore::remove(const QString &name)
{
    return m_profiles.removeIf([&](const ConnectionProfile &p) { return p.name == name; }) > 0;
}

} // namespace meshscope::core
