#include "storage/NotifyStore.h"

#include "storage/SqliteConnection.h"

#include <QHashFunctions>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace storage {

namespace {

const QString outboxColumns = QStringLiteral("id, channel, action, notification, state, attempts, next_attempt_at, last_error, created_at, updated_at");

OutboxRow rowFrom(const QSqlQuery &q)
{
    OutboxRow r;
    r.id = q.value(0).toString();
    r.channel = q.value(1).toString();
    r.action = q.value(2).toString();
    r.notification = q.value(3).toString().toUtf8();
    r.state = q.value(4).toString();
    r.attempts = q.value(5).toInt();
    r.nextAttemptAtMs = q.value(6).toLongLong();
    r.lastError = q.value(7).toString();
    r.createdAtMs = q.value(8).toLongLong();
    r.updatedAtMs = q.value(9).toLongLong();
    return r;
}

QVariantList rowValues(const OutboxRow &r)
{
    return {r.id, r.channel, r.action, QString::fromUtf8(r.notification), r.state, r.attempts, r.nextAttemptAtMs,
            r.lastError.isEmpty() ? QVariant() : QVariant(r.lastError), r.createdAtMs, r.updatedAtMs};
}

} // namespace

size_t qHash(const NotifiedStep &step, size_t seed)
{
    return qHashMulti(seed, step.alertId, step.channel, step.step);
}

StoreError NotifyStore::saveConfig(const QString &kind, const QString &name, const QByteArray &definition, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO notify_config (kind, name, definition, updated_at) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(kind, name) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at"));
    q.addBindValue(kind);
    q.addBindValue(name);
    q.addBindValue(QString::fromUtf8(definition));
    q.addBindValue(nowMs);
    return q.exec() ? StoreError{} : queryError(q);
}

StoreError NotifyStore::deleteConfig(const QString &kind, const QString &name)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM notify_config WHERE kind = ? AND name = ?"));
    q.addBindValue(kind);
    q.addBindValue(name);
    return q.exec() ? StoreError{} : queryError(q);
}

QList<QPair<QString, QByteArray>> NotifyStore::loadConfig(const QString &kind, StoreError *error)
{
    QList<QPair<QString, QByteArray>> out;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT name, definition FROM notify_config WHERE kind = ? ORDER BY name"));
    q.addBindValue(kind);
    if (!q.exec()) {
        *error = queryError(q);
        return out;
    }
    while (q.next())
        out.append({q.value(0).toString(), q.value(1).toString().toUtf8()});
    return out;
}

StoreError NotifyStore::enqueue(const QList<OutboxRow> &rows, const QList<NotifiedStep> &steps)
{
    return inTransaction(m_db, [&]() -> StoreError {
        QSqlQuery insert(m_db);
        insert.prepare(QStringLiteral("INSERT INTO notify_outbox (") + outboxColumns + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const OutboxRow &r : rows) {
            if (const StoreError error = execBound(insert, rowValues(r)); error.isError())
                return error;
        }
        QSqlQuery step(m_db);
        step.prepare(QStringLiteral("INSERT OR IGNORE INTO notify_steps (alert_id, channel, step) VALUES (?, ?, ?)"));
        for (const NotifiedStep &s : steps) {
            if (const StoreError error = execBound(step, {s.alertId, s.channel, s.step}); error.isError())
                return error;
        }
        return {};
    });
}

QSet<NotifiedStep> NotifyStore::stepsFor(const QStringList &alertIds, StoreError *error)
{
    QSet<NotifiedStep> steps;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT alert_id, channel, step FROM notify_steps WHERE alert_id = ?"));
    for (const QString &id : alertIds) {
        q.bindValue(0, id);
        if (!q.exec()) {
            *error = queryError(q);
            return steps;
        }
        while (q.next())
            steps.insert({q.value(0).toString(), q.value(1).toString(), q.value(2).toString()});
    }
    return steps;
}

StoreError NotifyStore::update(const OutboxRow &row)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("UPDATE notify_outbox SET state = ?, attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = ? WHERE id = ?"));
    q.addBindValue(row.state);
    q.addBindValue(row.attempts);
    q.addBindValue(row.nextAttemptAtMs);
    q.addBindValue(row.lastError.isEmpty() ? QVariant() : QVariant(row.lastError));
    q.addBindValue(row.updatedAtMs);
    q.addBindValue(row.id);
    return q.exec() ? StoreError{} : queryError(q);
}

QList<OutboxRow> NotifyStore::rows(const QString &state, int limit, StoreError *error)
{
    QList<OutboxRow> out;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT ") + outboxColumns + QStringLiteral(" FROM notify_outbox WHERE (? = '' OR state = ?) ORDER BY created_at DESC, id LIMIT ?"));
    // A null QString binds as SQL NULL, which equals nothing: "any" must be ''.
    const QString anyOrState = state.isNull() ? QStringLiteral("") : state;
    q.addBindValue(anyOrState);
    q.addBindValue(anyOrState);
    q.addBindValue(limit);
    if (!q.exec()) {
        *error = queryError(q);
        return out;
    }
    while (q.next())
        out.append(rowFrom(q));
    return out;
}

std::optional<OutboxRow> NotifyStore::row(const QString &id, StoreError *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT ") + outboxColumns + QStringLiteral(" FROM notify_outbox WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec()) {
        *error = queryError(q);
        return std::nullopt;
    }
    return q.next() ? std::optional<OutboxRow>(rowFrom(q)) : std::nullopt;
}

qint64 NotifyStore::count(const QString &state, const QString &channel, StoreError *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT count(*) FROM notify_outbox WHERE state = ? AND (? = '' OR channel = ?)"));
    const QString anyOrChannel = channel.isNull() ? QStringLiteral("") : channel;
    q.addBindValue(state);
    q.addBindValue(anyOrChannel);
    q.addBindValue(anyOrChannel);
    if (!q.exec() || !q.next()) {
        *error = queryError(q);
        return 0;
    }
    return q.value(0).toLongLong();
}

StoreError NotifyStore::pruneSent(qint64 beforeMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM notify_outbox WHERE state = 'sent' AND updated_at < ?"));
    q.addBindValue(beforeMs);
    return q.exec() ? StoreError{} : queryError(q);
}

} // namespace storage
