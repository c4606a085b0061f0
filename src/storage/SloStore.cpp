#include "storage/SloStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace storage {

namespace {
StoreError failed(const QSqlQuery &query)
{
    return {query.lastError().text()};
}
} // namespace

StoreError SloStore::saveSlo(const QString &id, const QByteArray &definition, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO slos (id, definition, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at"));
    q.addBindValue(id);
    q.addBindValue(QString::fromUtf8(definition));
    q.addBindValue(nowMs);
    return q.exec() ? StoreError{} : failed(q);
}

StoreError SloStore::deleteSlo(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM slos WHERE id = ?"));
    q.addBindValue(id);
    if (!q.exec())
        return failed(q);
    q.prepare(QStringLiteral("DELETE FROM slo_minutes WHERE slo_id = ?"));
    q.addBindValue(id);
    return q.exec() ? StoreError{} : failed(q);
}

QList<QPair<QString, QByteArray>> SloStore::loadSlos(StoreError *error)
{
    QList<QPair<QString, QByteArray>> slos;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, definition FROM slos ORDER BY id"))) {
        *error = failed(q);
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
    if (!m_db.transaction())
        return {m_db.lastError().text()};
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO slo_minutes (slo_id, minute, good, valid) VALUES (?, ?, ?, ?) "
                             "ON CONFLICT(slo_id, minute) DO UPDATE SET good = good + excluded.good, valid = valid + excluded.valid"));
    for (auto slo = bySlo.cbegin(); slo != bySlo.cend(); ++slo) {
        for (const MinuteCounts &m : slo.value()) {
            q.bindValue(0, slo.key());
            q.bindValue(1, m.minuteMs);
            q.bindValue(2, m.good);
            q.bindValue(3, m.valid);
            if (!q.exec()) {
                const StoreError error = failed(q);
                m_db.rollback();
                return error;
            }
        }
    }
    return m_db.commit() ? StoreError{} : StoreError{m_db.lastError().text()};
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
        *error = failed(q);
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
    return q.exec() ? StoreError{} : failed(q);
}

} // namespace storage
