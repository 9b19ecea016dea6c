#pragma once

#include "core/result.h"

#include <QString>

namespace meshscope::core {

class SecretVault;

// A reference to a secret, never the secret itself: `env:NAME` (an environment variable),
// `file:PATH` (the file's content, one trailing newline dropped; `~/` is the home folder) or
// `keychain:KEY` (the OS keychain through a SecretVault). Profiles store only these, so a
// connections.yaml can be shared or committed without leaking a token.
class SecretRef
{
public:
    enum class Kind
    {
        None,
        Env,
        File,
        Keychain
    };

    SecretRef() = default;
    // "" is None. Anything that is not a reference is refused with a message that does not
    // repeat the text (it may be a pasted token).
    static Result<SecretRef> parse(const QString &text);
    static SecretRef keychain(const QString &key) { return SecretRef(Kind::Keychain, key); }
    static bool looksLikeReference(const QString &text);

    Kind kind() const { return m_kind; }
    bool isEmpty() const { return m_kind == Kind::None; }
    QString target() const { return m_target; } // the variable, path or key
    QString toString() const;                   // as written in the profile

    // The secret's value. `vault` may be null (keychain references then fail saying so).
    // Errors name the reference, never a value.
    Result<QString> resolve(SecretVault *vault) const;

    bool operator==(const SecretRef &other) const = default;

private:
    SecretRef(Kind kind, QString target) : m_kind(kind), m_target(std::move(target)) {}

    Kind m_kind = Kind::None;
    QString m_target;
};

} // namespace meshscope::core
