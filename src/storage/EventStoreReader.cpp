#include "storage/EventStoreReader.h"

#include "storage/Partitions.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <algorithm>

namespace storage {

StoreError EventStoreReader::open(const QString &databasePath, const QString &connectionName)
{
    return m_connection.open(databasePath, connectionName, SqliteConnection::Mode::ReadOnly);
}

QList<qint64> EventStoreReader::partitionDays()
{
    QList<qint64> days;
    QSqlQuery query(m_connection.database());
    query.exec(QStringLiteral("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'events\\_%' ESCAPE '\\'"));
    while (query.next()) {
        const qint64 day = partitionDay(query.value(0).toString());
        if (day >= 0)
            days.append(day);
    }
    std::sort(days.begin(), days.end(), std::greater<>());
    return days;
}

StoreError EventStoreReader::query(const core::EventQuery &request, core::EventPage *page)
{
    page->events.clear();
    page->nextCursor.clear();
    const int limit = std::clamp(request.limit, 1, core::maxQueryLimit);
    // Bounded defaults keep the day arithmetic far from integer overflow.
    constexpr qint64 farFuture = qint64(1) << 50;
    qint64 upper = std::min(request.untilMs.value_or(farFuture), farFuture);
    if (request.cursorTs)
        upper = std::min(upper, *request.cursorTs);
    const qint64 lower = std::max<qint64>(request.sinceMs.value_or(0), 0);

    QString conditions = QStringLiteral(" WHERE ts >= :lower AND ts <= :upper");
    if (request.cursorTs)
        conditions += QStringLiteral(" AND (ts < :cts OR (ts = :cts AND seq < :cseq))");
    if (!request.source.isEmpty())
        conditions += QStringLiteral(" AND source = :source");
    if (!request.type.isEmpty())
        conditions += QStringLiteral(" AND type = :type");
    if (request.minSeverity != core::Severity::Info)
        conditions += QStringLiteral(" AND severity >= :severity");
    if (!request.eventId.isNull())
        conditions += QStringLiteral(" AND event_id = :id"); // the unique index: one probe per day
    QString pattern;
    if (!request.text.isEmpty()) {
        conditions += QStringLiteral(" AND payload LIKE :text ESCAPE '\\'");
        QString escaped = request.text;
        escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"))
            .replace(QLatin1Char('%'), QLatin1String("\\%"))
            .replace(QLatin1Char('_'), QLatin1String("\\_"));
        pattern = QLatin1Char('%') + escaped + QLatin1Char('%');
    }

    QList<core::StoredEvent> rows;
    for (const qint64 day : partitionDays()) {
        if (rows.size() > limit)
            break;
        if (dayOf(upper) < day || dayOf(lower) > day)
            continue;
        QSqlQuery query(m_connection.database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT seq, event_id, ts, received, source, type, severity, payload FROM ")
                      + partitionTable(day) + conditions + QStringLiteral(" ORDER BY ts DESC, seq DESC LIMIT :n"));
        query.bindValue(QStringLiteral(":lower"), lower);
        query.bindValue(QStringLiteral(":upper"), upper);
        if (request.cursorTs) {
            query.bindValue(QStringLiteral(":cts"), *request.cursorTs);
            query.bindValue(QStringLiteral(":cseq"), request.cursorSeq);
        }
        if (!request.source.isEmpty())
            query.bindValue(QStringLiteral(":source"), request.source);
        if (!request.type.isEmpty())
            query.bindValue(QStringLiteral(":type"), request.type);
        if (request.minSeverity != core::Severity::Info)
            query.bindValue(QStringLiteral(":severity"), int(request.minSeverity));
        if (!pattern.isEmpty())
            query.bindValue(QStringLiteral(":text"), pattern);
        if (!request.eventId.isNull())
            query.bindValue(QStringLiteral(":id"), request.eventId.toRfc4122());
        query.bindValue(QStringLiteral(":n"), limit + 1 - rows.size());
        if (!query.exec())
            return {QCoreApplication::translate("storage::EventStoreReader", "query failed: %1").arg(query.lastError().text())};
        while (query.next()) {
            core::StoredEvent row;
            row.seq = query.value(0).toLongLong();
            row.event.eventId = QUuid::fromRfc4122(query.value(1).toByteArray());
            row.event.timestampMs = query.value(2).toLongLong();
            row.event.receivedMs = query.value(3).toLongLong();
            row.event.source = query.value(4).toString();
            row.event.type = query.value(5).toString();
            row.event.severity = core::Severity(std::clamp(query.value(6).toInt(), 0, core::severityCount - 1));
            row.event.payloadJson = query.value(7).toByteArray();
            rows.append(row);
        }
    }
    if (rows.size() > limit) {
        rows.resize(limit);
        page->nextCursor = core::encodeCursor(rows.last().event.timestampMs, rows.last().seq);
    }
    page->events.reserve(rows.size());
    for (const core::StoredEvent &row : std::as_const(rows))
        page->events.append(row.event);
    return {};
}

StoreError EventStoreReader::activitySince(qint64 sinceMs, core::ServiceActivity *activity)
{
    for (const qint64 day : partitionDays()) {
        if (day < dayOf(sinceMs))
            break;
        QSqlQuery query(m_connection.database());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT source, ts / 60000, MAX(severity), COUNT(*), MAX(ts) FROM ")
                      + partitionTable(day) + QStringLiteral(" WHERE ts >= :since GROUP BY source, ts / 60000"));
        query.bindValue(QStringLiteral(":since"), sinceMs);
        if (!query.exec())
            return {query.lastError().text()};
        while (query.next()) {
            const QString source = query.value(0).toString();
            const auto severity = core::Severity(std::clamp(query.value(2).toInt(), 0, core::severityCount - 1));
            activity->add(source, query.value(4).toLongLong(), severity, query.value(3).toLongLong());
        }
    }
    return {};
}

} // namespace storage
