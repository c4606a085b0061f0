#pragma once

#include "core/EventRecord.h"
#include "storage/SqliteConnection.h"
#include "storage/StoreError.h"

#include <QHash>
#include <QList>
#include <QSet>

struct sqlite3_stmt;

namespace storage {

// Writes events into their day partitions. Used by exactly one thread, the pipeline's writer,
// which owns the only write connection to the event tables.
class EventStoreWriter final
{
public:
    EventStoreWriter() = default;
    ~EventStoreWriter();
    Q_DISABLE_COPY_MOVE(EventStoreWriter)

    StoreError open(const QString &databasePath);
    void close();

    // Inserts every list in one transaction (group commit). An event whose event_id is already
    // stored is skipped; `stored[i][j]` tells which were new. All or nothing: on error nothing
    // of the call is kept.
    StoreError write(const QList<const core::EventList *> &lists, QList<QList<bool>> *stored);

    // Drops the partitions wholly older than the horizon and returns their pages to the file
    // system. Returns the dropped table names.
    QStringList applyRetention(qint64 nowMs, qint64 retentionMs, StoreError *error);

    QList<qint64> partitionDays() const;

private:
    sqlite3_stmt *insertStatement(qint64 day, StoreError *error);
    StoreError exec(const char *sql);
    void finalizeStatements();

    SqliteConnection m_connection;
    QHash<qint64, sqlite3_stmt *> m_inserts; // day -> prepared INSERT into that day's table
};

} // namespace storage
