#pragma once

#include "core/ApiKeys.h"
#include "storage/StoreError.h"

#include <QList>
#include <QSqlDatabase>
#include <optional>

namespace storage {

// API keys in the main database. Only the SHA-256 of a key is stored; the key itself exists
// once, in the answer to create(). Works on a connection owned by the calling thread.
class ApiKeyStore final
{
public:
    explicit ApiKeyStore(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    // Returns the new key, or sets the error (name taken, bad name).
    QString create(const QString &name, const QStringList &scopes, qint64 nowMs, StoreError *error);
    QList<core::ApiKeyInfo> list(StoreError *error);
    bool revoke(const QString &name, qint64 nowMs, StoreError *error);
    std::optional<core::ApiKeyInfo> resolve(const QByteArray &keyHash, StoreError *error);

private:
    QSqlDatabase m_db;
};

} // namespace storage
