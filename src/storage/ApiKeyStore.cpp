#include "storage/ApiKeyStore.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace storage {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("storage::ApiKeyStore", text);
}

core::ApiKeyInfo keyFromRow(const QSqlQuery &query)
{
    core::ApiKeyInfo info;
    info.name = query.value(0).toString();
    info.scopes = query.value(1).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    info.createdMs = query.value(2).toLongLong();
    info.revokedMs = query.value(3).isNull() ? 0 : query.value(3).toLongLong();
    return info;
}

} // namespace

QString ApiKeyStore::create(const QString &name, const QStringList &scopes, qint64 nowMs, StoreError *error)
{
    if (!core::isValidKeyName(name)) {
        *error = {tr("invalid key name \"%1\": use 1-64 letters, digits, '.', '_' or '-'").arg(name)};
        return {};
    }
    const QString key = core::generateApiKey();
    QSqlQuery query(m_db);
    // A revoked name may be reused; an active one may not.
    query.prepare(QStringLiteral("INSERT INTO api_keys (name, key_hash, scopes, created_at) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT(name) DO UPDATE SET key_hash = excluded.key_hash, scopes = excluded.scopes, "
                                 "created_at = excluded.created_at, revoked_at = NULL WHERE revoked_at IS NOT NULL"));
    query.addBindValue(name);
    query.addBindValue(core::hashApiKey(key));
    query.addBindValue(scopes.join(QLatin1Char(',')));
    query.addBindValue(nowMs);
    if (!query.exec()) {
        *error = {tr("cannot store the key: %1").arg(query.lastError().text())};
        return {};
    }
    if (query.numRowsAffected() == 0) {
        *error = {tr("a key named \"%1\" already exists; revoke it first or choose another name").arg(name)};
        return {};
    }
    return key;
}

QList<core::ApiKeyInfo> ApiKeyStore::list(StoreError *error)
{
    QList<core::ApiKeyInfo> keys;
    QSqlQuery query(m_db);
    if (!query.exec(QStringLiteral("SELECT name, scopes, created_at, revoked_at FROM api_keys ORDER BY name"))) {
        *error = {query.lastError().text()};
        return keys;
    }
    while (query.next())
        keys.append(keyFromRow(query));
    return keys;
}

bool ApiKeyStore::revoke(const QString &name, qint64 nowMs, StoreError *error)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("UPDATE api_keys SET revoked_at = ? WHERE name = ? AND revoked_at IS NULL"));
    query.addBindValue(nowMs);
    query.addBindValue(name);
    if (!query.exec()) {
        *error = {query.lastError().text()};
        return false;
    }
    if (query.numRowsAffected() == 0) {
        *error = {tr("no active key named \"%1\"").arg(name)};
        return false;
    }
    return true;
}

std::optional<core::ApiKeyInfo> ApiKeyStore::resolve(const QByteArray &keyHash, StoreError *error)
{
    QSqlQuery query(m_db);
    query.prepare(QStringLiteral("SELECT name, scopes, created_at, revoked_at FROM api_keys WHERE key_hash = ?"));
    query.addBindValue(keyHash);
    if (!query.exec()) {
        *error = {query.lastError().text()};
        return std::nullopt;
    }
    if (!query.next())
        return std::nullopt;
    return keyFromRow(query);
}

} // namespace storage
