#include "services/StoreKeyResolver.h"

#include "storage/ApiKeyStore.h"

#include <QDebug>

namespace services {

StoreKeyResolver::StoreKeyResolver(QString databasePath)
    : m_path(std::move(databasePath))
{
}

std::optional<core::ApiKeyInfo> StoreKeyResolver::resolve(const QByteArray &keyHash)
{
    if (!m_connection.isOpen()) {
        const storage::StoreError error = m_connection.open(
            m_path, QStringLiteral("sentinel-keys-%1").arg(quintptr(this)), storage::SqliteConnection::Mode::ReadOnly);
        if (error.isError()) {
            qWarning().noquote() << "API key lookup unavailable:" << error.message;
            return std::nullopt;
        }
    }
    storage::StoreError error;
    auto key = storage::ApiKeyStore(m_connection.database()).resolve(keyHash, &error);
    if (error.isError())
        qWarning().noquote() << "API key lookup failed:" << error.message;
    return key;
}

} // namespace services
