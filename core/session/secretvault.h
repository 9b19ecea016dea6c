#pragma once

#include "core/result.h"

#include <QString>

namespace meshscope::core {

// Where `keychain:KEY` secrets live. core knows only this interface: the OS keychain
// (QtKeychain, D-Bus) is implemented by the app, and tests pass a vault of their own. Calls
// may block briefly (a D-Bus round trip), so the GUI calls them on user action only.
class SecretVault
{
public:
    virtual ~SecretVault() = default;

    // False where no keychain service runs (CI, a server without a D-Bus secret service).
    virtual bool isAvailable() const = 0;
    // Why it is not available, worded for the user ("no D-Bus session bus").
    virtual QString unavailableReason() const = 0;
    virtual Result<QString> read(const QString &key) = 0;
    virtual Result<void> write(const QString &key, const QString &secret) = 0;
};

} // namespace meshscope::core
