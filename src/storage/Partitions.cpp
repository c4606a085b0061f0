#include "storage/Partitions.h"

#include <QDate>

namespace storage {

namespace {
constexpr qint64 msPerDay = 86400000;
}

qint64 dayOf(qint64 unixMs)
{
    return unixMs >= 0 ? unixMs / msPerDay : (unixMs - msPerDay + 1) / msPerDay;
}

QString partitionTable(qint64 day)
{
    const QDate date = QDate(1970, 1, 1).addDays(day);
    return QStringLiteral("events_") + date.toString(QStringLiteral("yyyyMMdd"));
}

qint64 partitionDay(const QString &tableName)
{
    static const QString prefix = QStringLiteral("events_");
    if (!tableName.startsWith(prefix) || tableName.size() != prefix.size() + 8)
        return -1;
    const QDate date = QDate::fromString(tableName.mid(prefix.size()), QStringLiteral("yyyyMMdd"));
    if (!date.isValid())
        return -1;
    return QDate(1970, 1, 1).daysTo(date);
}

QList<qint64> partitionsToDrop(const QList<qint64> &days, qint64 nowMs, qint64 retentionMs)
{
    const qint64 horizon = nowMs - retentionMs;
    QList<qint64> result;
    for (const qint64 day : days) {
        if ((day + 1) * msPerDay <= horizon)
            result.append(day);
    }
    return result;
}

} // namespace storage
