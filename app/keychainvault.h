#pragma once

#include "core/session/secretvault.h"

#include <optional>

namespace meshscope::app {

// The OS keychain through QtKeychain (Secret Service or KWallet over D-Bus, macOS Keychain,
// Windows Credential Store), under the service name "meshscope". Whether a keychain service
// runs is found once, by reading an entry that does not exist: "not found" means it answers.
// GUI thread only (QtKeychain jobs answer through the event loop; a call waits for its job).
class KeychainVault : public core::SecretVault
{
public:
    bool isAvailable() const override;
    QString unavailableReason() const override;
    Result<QString> read(const QString &key) override;
    Result<void> write(const QString &key, const QString &secret) override;

private:
    void probe() const;

    mutable std::optional<QString> m_unavailable; // set once probed: empty = available
};

} // namespace meshscope::app
