#pragma once

#include <QList>
#include <QString>

namespace storage {

// Events live in one table per UTC day, "events_YYYYMMDD", so that retention drops whole
// tables instead of deleting rows.
qint64 dayOf(qint64 unixMs); // days since the epoch
QString partitionTable(qint64 day);
// The day a partition table holds, or -1 when the name is not a partition's.
qint64 partitionDay(const QString &tableName);
// Partitions entirely older than the retention horizon, i.e. whose last millisecond is before
// nowMs - retentionMs. Pure so it can be tested against a fake clock.
QList<qint64> partitionsToDrop(const QList<qint64> &days, qint64 nowMs, qint64 retentionMs);

} // namespace storage
