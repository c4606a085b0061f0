#include "storage/SloStore.h"

#include "storage/SqliteConnection.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace storage {

StoreError SloStore::saveSlo(const QString &id, const QByteArray &definition, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO slos (id, definition, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at"));
    q.addBindValue(id);
    q.addBindValue(QString::fromUtf8(definition));
    q.addBindValue(nowMs);
    return q.exec() ? StoreError{} : queryError(q);
}

StoreError SloStore::deleteSlo(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM slos WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return queryError(q);
    q.prepare(QStringLiteral("DELETE FROM slo_minutes WHERE slo_id = ?"));
    q.addBindValue(id);
    return q.exec() ? StoreError{} : queryError(q);
}

QList<QPair<QString, QByteArray>> SloStore::loadSlos(StoreError *error)
{
    QList<QPair<QString, QByteArray>> slos;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, definition FROM slos ORDER BY id"))) {
        *error = queryError(q);
        return slos;
    }
    while (q.next())
        slos.append({q.value(0).toString(), q.value(1).toString().toUtf8()});
    return slos;
}

StoreError SloStore::addMinutes(const QString &sloId, const QList<MinuteCounts> &minutes)
{
    QMap<qint64, MinuteCounts> byMinute;
    for (const MinuteCounts &m : minutes) {
        MinuteCounts &slot = byMinute[m.minuteMs];
        slot.minuteMs = m.minuteMs;
        slot.good += m.good;
        slot.valid += m.valid;
    }
    return addMinutes(QHash<QString, QMap<qint64, MinuteCounts>>{{sloId, byMinute}});
}

StoreError SloStore::addMinutes(const QHash<QString, QMap<qint64, MinuteCounts>> &bySlo)
{
    if (bySlo.isEmpty())
        return {};
    return inTransaction(m_db, [&]() -> StoreError {
        QSqlQuery q(m_db);
        q.prepare(QStringLiteral("INSERT INTO slo_minutes (slo_id, minute, good, valid) VALUES (?, ?, ?, ?) "
                                 "ON CONFLICT(slo_id, minute) DO UPDATE SET good = good + excluded.good, valid = valid + excluded.valid"));
        for (auto slo = bySlo.cbegin(); slo != bySlo.cend(); ++slo) {
            for (const MinuteCounts &m : slo.value()) {
                if (const StoreError error = execBound(q, {slo.key(), m.minuteMs, m.good, m.valid}); error.isError())
                    return error;
            }
        }
        return {};
    });
}

QList<MinuteCounts> SloStore::loadMinutes(const QString &sloId, qint64 sinceMs, StoreError *error)
{
    QList<MinuteCounts> minutes;
    QSqlQuery q(m_db);
    q.setForwardOnly(true);
    q.prepare(QStringLiteral("SELECT minute, good, valid FROM slo_minutes WHERE slo_id = ? AND minute >= ? ORDER BY minute"));
    q.addBindValue(sloId);
    q.addBindValue(sinceMs);
    if (!q.exec()) {
        *error = queryError(q);
        return minutes;
    }
    while (q.next())
        minutes.append({q.value(0).toLongLong(), q.value(1).toLongLong(), q.value(2).toLongLong()});
    return minutes;
}

StoreError SloStore::pruneMinutes(const QString &sloId, qint64 beforeMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM slo_minutes WHERE slo_id = ? AND minute < ?"));
    q.addBindValue(sloId);
    q.addBindValue(beforeMs);
    return q.exec() ? StoreError{} : queryError(q);
}

} // namespace storage
