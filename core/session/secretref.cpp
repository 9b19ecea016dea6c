#include "core/session/secretref.h"

#include "core/session/secretvault.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>

namespace meshscope::core {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("meshscope::core::SecretRef", text);
}

// A token or a password file is small; anything larger is the wrong file.
constexpr qint64 kMaxSecretFileBytes = 64 * 1024;

QString expandHome(const QString &path)
{
    if (path == QLatin1String("~") || path.startsWith(QLatin1String("~/")))
        return QDir::homePath() + path.mid(1);
    return path;
}

} // namespace

bool SecretRef::looksLikeReference(const QString &text)
{
    return text.startsWith(QLatin1String("env:")) || text.startsWith(QLatin1String("file:")) ||
           text.startsWith(QLatin1String("keychain:"));
}

Result<SecretRef> SecretRef::parse(const QString &text)
{
    const QString t = text.trimmed();
    if (t.isEmpty())
        return SecretRef();
    const qsizetype colon = t.indexOf(QLatin1Char(':'));
    const QString scheme = t.left(colon);
    const QString target = t.mid(colon + 1).trimmed();
    Kind kind = Kind::None;
    if (colon > 0 && scheme == QLatin1String("env"))
        kind = Kind::Env;
    else if (colon > 0 && scheme == QLatin1String("file"))
        kind = Kind::File;
    else if (colon > 0 && scheme == QLatin1String("keychain"))
        kind = Kind::Keychain;
    if (kind == Kind::None)
        return Error{tr("expected a reference (env:NAME, file:PATH or keychain:KEY), not the "
                        "secret itself; secrets are never stored in the profile")};
    if (target.isEmpty())
        return Error{tr("'%1:' needs a name after the colon").arg(scheme)};
    return SecretRef(kind, target);
}

QString SecretRef::toString() const
{
    switch (m_kind) {
    case Kind::None:
        return {};
    case Kind::Env:
        return QStringLiteral("env:") + m_target;
    case Kind::File:
        return QStringLiteral("file:") + m_target;
    case Kind::Keychain:
        return QStringLiteral("keychain:") + m_target;
    }
    return {};
}

Result<QString> SecretRef::resolve(SecretVault *vault) const
{
    switch (m_kind) {
    case Kind::None:
        return QString();
    case Kind::Env: {
        if (!qEnvironmentVariableIsSet(m_target.toLocal8Bit().constData()))
            return Error{
                tr("%1: the environment variable %2 is not set").arg(toString(), m_target)};
        return qEnvironmentVariable(m_target.toLocal8Bit().constData());
    }
    case Kind::File: {
        QFile file(expandHome(m_target));
        if (!file.open(QIODevice::ReadOnly))
            return Error{tr("%1: cannot read the file: %2").arg(toString(), file.errorString())};
        if (file.size() > kMaxSecretFileBytes)
            return Error{
                tr("%1: %2 bytes is too large for a secret file").arg(toString()).arg(file.size())};
        QString value = QString::fromUtf8(file.readAll());
        // Editors and `echo` end files with a newline that is not part of the secret.
        if (value.endsWith(QLatin1String("\r\n")))
            value.chop(2);
        else if (value.endsWith(QLatin1Char('\n')))
            value.chop(1);
        return value;
    }
    case Kind::Keychain:
        if (!vault || !vault->isAvailable())
            return Error{tr("%1: no keychain service is available%2; use an env:NAME or "
                            "file:PATH reference instead")
                             .arg(toString(), vault ? QStringLiteral(" (") +
                                                          vault->unavailableReason() +
                                                          QLatin1Char(')')
                                                    : QString())};
        {
            auto value = vault->read(m_target);
            if (!value)
                return Error{toString() + QStringLiteral(": ") + value.error()};
            return value;
        }
    }
    return QString();
}

} // namespace meshscope::core
