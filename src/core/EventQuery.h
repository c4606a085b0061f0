#pragma once

#include "core/EventRecord.h"

#include <QString>
#include <optional>

namespace core {

// A page request over stored events, newest first. The cursor is opaque to clients.
struct EventQuery
{
    QString source;
    QString type;
    Severity minSeverity = Severity::Info;
    std::optional<qint64> sinceMs;
    std::optional<qint64> untilMs;
    QString text; // substring of the payload, case-insensitive for ASCII
    QUuid eventId; // one event; null = any
    int limit = 100;
    // Keyset position: return events strictly older than (cursorTs, cursorSeq).
    std::optional<qint64> cursorTs;
    qint64 cursorSeq = 0;
};

struct StoredEvent
{
    EventRecord event;
    qint64 seq = 0; // row number within its day: the tie-break for equal timestamps
};

struct EventPage
{
    EventList events;
    QString nextCursor; // empty when there is no further page
};

QString encodeCursor(qint64 timestampMs, qint64 seq);
// False when the text is not a cursor this server issued.
bool decodeCursor(const QString &cursor, EventQuery *query);

inline constexpr int maxQueryLimit = 1000;

} // namespace core
