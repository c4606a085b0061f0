#include "storage/EventStoreWriter.h"

#include "storage/Partitions.h"

#include <QCoreApplication>
#include <QSqlQuery>
#include <sqlite3.h>

namespace storage {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("storage::EventStoreWriter", text);
}

QString lastError(sqlite3 *db)
{
    return QString::fromUtf8(sqlite3_errmsg(db));
}

} // namespace

EventStoreWriter::~EventStoreWriter()
{
    close();
}

StoreError EventStoreWriter::open(const QString &databasePath)
{
    return m_connection.open(databasePath, QStringLiteral("sentinel-writer"));
}

void EventStoreWriter::close()
{
    finalizeStatements();
    m_connection.close();
}

void EventStoreWriter::finalizeStatements()
{
    for (sqlite3_stmt *statement : std::as_const(m_inserts))
        sqlite3_finalize(statement);
    m_inserts.clear();
}

StoreError EventStoreWriter::exec(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_connection.handle(), sql, nullptr, nullptr, &message) != SQLITE_OK) {
        StoreError error{QString::fromUtf8(message ? message : "unknown error")};
        sqlite3_free(message);
        return error;
    }
    return {};
}

sqlite3_stmt *EventStoreWriter::insertStatement(qint64 day, StoreError *error)
{
    if (sqlite3_stmt *cached = m_inserts.value(day))
        return cached;
    const QByteArray table = partitionTable(day).toLatin1();
    // The row id is the append-only key; event_id's unique index stays append-mostly because
    // server-assigned ids are time-ordered (UUIDv7). Client ids are checked by the same index.
    const QByteArray ddl = "CREATE TABLE IF NOT EXISTS " + table
        + " (seq INTEGER PRIMARY KEY, event_id BLOB NOT NULL UNIQUE, ts INTEGER NOT NULL,"
          " received INTEGER NOT NULL, source TEXT NOT NULL, type TEXT NOT NULL,"
          " severity INTEGER NOT NULL, payload TEXT NOT NULL);"
          "CREATE INDEX IF NOT EXISTS " + table + "_ts ON " + table + "(ts);";
    if (StoreError e = exec(ddl.constData()); e.isError()) {
        *error = {tr("cannot create partition %1: %2").arg(QString::fromLatin1(table), e.message)};
        return nullptr;
    }
    const QByteArray sql = "INSERT OR IGNORE INTO " + table
        + " (event_id, ts, received, source, type, severity, payload) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(m_connection.handle(), sql.constData(), int(sql.size()), SQLITE_PREPARE_PERSISTENT,
                           &statement, nullptr) != SQLITE_OK) {
        *error = {tr("cannot prepare insert into %1: %2").arg(QString::fromLatin1(table), lastError(m_connection.handle()))};
        return nullptr;
    }
    m_inserts.insert(day, statement);
    return statement;
}

StoreError EventStoreWriter::write(const QList<const core::EventList *> &lists, QList<QList<bool>> *stored)
{
    sqlite3 *db = m_connection.handle();
    if (!db)
        return {tr("the event store is not open")};
    if (StoreError e = exec("BEGIN IMMEDIATE"); e.isError())
        return {tr("cannot start a transaction: %1").arg(e.message)};
    stored->clear();
    stored->reserve(lists.size());
    StoreError error;
    for (const core::EventList *events : lists) {
        QList<bool> flags(events->size(), false);
        for (qsizetype i = 0; i < events->size() && !error.isError(); ++i) {
            const core::EventRecord &event = events->at(i);
            sqlite3_stmt *insert = insertStatement(dayOf(event.timestampMs), &error);
            if (!insert)
                break;
            const QByteArray id = event.eventId.toRfc4122();
            const QByteArray source = event.source.toUtf8();
            const QByteArray type = event.type.toUtf8();
            sqlite3_bind_blob(insert, 1, id.constData(), int(id.size()), SQLITE_STATIC);
            sqlite3_bind_int64(insert, 2, event.timestampMs);
            sqlite3_bind_int64(insert, 3, event.receivedMs);
            sqlite3_bind_text(insert, 4, source.constData(), int(source.size()), SQLITE_STATIC);
            sqlite3_bind_text(insert, 5, type.constData(), int(type.size()), SQLITE_STATIC);
            sqlite3_bind_int(insert, 6, int(event.severity));
            sqlite3_bind_text(insert, 7, event.payloadJson.constData(), int(event.payloadJson.size()), SQLITE_STATIC);
            const int rc = sqlite3_step(insert);
            sqlite3_reset(insert);
            if (rc != SQLITE_DONE) {
                error = {tr("insert failed: %1").arg(lastError(db))};
                break;
            }
            flags[i] = sqlite3_changes(db) > 0;
        }
        stored->append(flags);
        if (error.isError())
            break;
    }
    if (!error.isError()) {
        if (StoreError e = exec("COMMIT"); e.isError())
            error = {tr("commit failed: %1").arg(e.message)};
    }
    if (error.isError()) {
        exec("ROLLBACK");
        stored->clear();
        // A failed CREATE may have left statements for tables the rollback removed.
        finalizeStatements();
    }
    return error;
}

QList<qint64> EventStoreWriter::partitionDays() const
{
    QList<qint64> days;
    QSqlQuery query(m_connection.database());
    query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'events\\_%' ESCAPE '\\'"));
    while (query.next()) {
        const qint64 day = partitionDay(query.value(0).toString());
        if (day >= 0)
            days.append(day);
    }
    return days;
}

QStringList EventStoreWriter::applyRetention(qint64 nowMs, qint64 retentionMs, StoreError *error)
{
    QStringList dropped;
    for (const qint64 day : partitionsToDrop(partitionDays(), nowMs, retentionMs)) {
        if (sqlite3_stmt *statement = m_inserts.take(day))
            sqlite3_finalize(statement);
        const QByteArray sql = "DROP TABLE " + partitionTable(day).toLatin1();
        if (StoreError e = exec(sql.constData()); e.isError()) {
            *error = {tr("retention could not drop %1: %2").arg(partitionTable(day), e.message)};
            return dropped;
        }
        dropped.append(partitionTable(day));
    }
    if (!dropped.isEmpty())
        exec("PRAGMA incremental_vacuum");
    return dropped;
}

} // namespace storage
