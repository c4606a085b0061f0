#pragma once

#include <QMutex>
#include <QUuid>

namespace core {

// Generates RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then a counter seeded at
// random each millisecond, so ids from one generator are strictly increasing. Time-ordered keys
// keep SQLite's unique index append-only (measured ~30x faster than random v4 keys).
class EventIdGenerator final
{
public:
    QUuid next(qint64 unixMs);

private:
    QMutex m_mutex;
    qint64 m_lastMs = -1;
    quint64 m_counter = 0; // 42 bits: 12 in rand_a, 30 at the top of rand_b
};

int uuidVersion(const QUuid &id);
// The millisecond timestamp embedded in a version 7 UUID, or -1 for other versions.
qint64 uuidV7Millis(const QUuid &id);

} // namespace core
