#pragma once

#include "core/Interfaces.h"
#include "storage/SqliteConnection.h"

namespace services {

// Resolves API keys from the main database on the thread that calls it (the server thread),
// with a connection opened there on first use and closed when this object dies there.
class StoreKeyResolver final : public core::ApiKeyResolver
{
public:
    explicit StoreKeyResolver(QString databasePath);
    std::optional<core::ApiKeyInfo> resolve(const QByteArray &keyHash) override;

private:
    QString m_path;
    storage::SqliteConnection m_connection;
};

} // namespace services
