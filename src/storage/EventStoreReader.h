#pragma once

#include "core/EventQuery.h"
#include "core/ServiceActivity.h"
#include "storage/SqliteConnection.h"

namespace storage {

// Read-only queries over the day partitions, on a connection of its own so that reads never
// wait for the writer (WAL). Used by one thread.
class EventStoreReader final
{
public:
    StoreError open(const QString &databasePath, const QString &connectionName);
    void close() { m_connection.close(); }

    StoreError query(const core::EventQuery &query, core::EventPage *page);
    // Per-service counts and worst severity per minute since `sinceMs`, to seed the dashboard.
    StoreError activitySince(qint64 sinceMs, core::ServiceActivity *activity);

private:
    QList<qint64> partitionDays();

    SqliteConnection m_connection;
};

} // namespace storage
