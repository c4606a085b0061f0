#pragma once

#include "core/Interfaces.h"

namespace notify {

// Secrets in the OS keychain through QtKeychain (the Secret Service on Linux: gnome-keyring or
// KWallet). Entries are named "<scope>/<key>" under the service "sentinel", so two data
// directories on one desktop keep their secrets apart. Never falls back to plain text: without
// a reachable keychain, writes fail with a message that says how to run one.
class KeychainSecretStore final : public core::SecretStore
{
public:
    explicit KeychainSecretStore(QString scope);

    QString write(const QString &key, const QString &secret) override;
    std::optional<QString> read(const QString &key, QString *error) override;
    QString remove(const QString &key) override;

private:
    QString m_scope;
};

} // namespace notify
