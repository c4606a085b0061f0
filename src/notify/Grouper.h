#pragma once

#include "core/Alert.h"
#include "notify/Notification.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <QSet>
#include <QString>

namespace notify {

// Turns alert changes into few notifications per channel: alerts of one group (the routing
// group key) are sent together. A group's first message waits `wait` for its siblings; later
// changes go out at most every `interval`. A group with a newly firing alert sends a trigger
// listing all its alerts with counts; once nothing in it is open, an acknowledgement; once all
// its alerts are resolved, a resolution, and the group ends. A resolution or acknowledgement of
// part of a group while the rest still fires sends nothing (the final one reports everything).
// Pure logic on a caller's clock; single-threaded.
class Grouper final
{
public:
    struct Timing
    {
        qint64 waitMs = 30000;
        qint64 intervalMs = 60000;
    };

    // `alert` changed and goes to `channel` in group `groupKey`. `notify` is false for alerts
    // whose notifications are held (silenced, flapping): they are kept up to date but do not
    // make the group send. `announced`: its trigger already went to this channel (before a
    // restart), so it is not announced again but its acknowledgement and resolution are.
    void update(const QString &channel, const QString &groupKey, const core::Alert &alert, bool notify, bool announced, const Timing &timing,
                qint64 nowMs);
    // The notifications whose time has come (without ids; the caller numbers them).
    QList<Notification> takeDue(qint64 nowMs);
    // When takeDue() next has something, or -1.
    qint64 nextDueMs() const;
    int groupCount() const { return int(m_groups.size()); }

private:
    struct Group
    {
        QString channel;
        QString groupKey;
        Timing timing;
        QMap<QString, core::Alert> alerts; // alert id -> latest
        QSet<QString> newlyFiring;         // not yet announced
        bool ackPending = false;
        bool sentTrigger = false;
        bool sentAck = false;
        qint64 createdAtMs = 0;
        qint64 lastSentAtMs = -1;
        qint64 dueAtMs() const;
        bool hasWork() const;
    };
    QHash<QString, Group> m_groups; // channel + '\n' + group key
};

} // namespace notify
