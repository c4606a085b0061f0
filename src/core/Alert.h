#pragma once

#include "core/Severity.h"

#include <QList>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QUuid>

namespace core {

enum class AlertState { Open, Acknowledged, Resolved };

QString alertStateName(AlertState state); // "OPEN", "ACK", "RESOLVED"

// An alert (DESIGN.md section 3, extended by the rules issue). Times are Unix milliseconds;
// starts_at and last_event_at are event time, the others wall-clock time of the change.
struct Alert
{
    QString alertId;
    QString ruleId;
    QString sloId;
    QString fingerprint;
    AlertState state = AlertState::Open;
    Severity severity = Severity::Warn;
    QString source;
    QString title;
    QMap<QString, QString> labels;
    QUuid eventId;              // the first triggering event
    QString assignedTo;
    qint64 startsAtMs = 0;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
    qint64 lastEventAtMs = 0;
    qint64 occurrences = 1;
    qint64 silencedUntilMs = 0; // 0 when not silenced
    bool flapping = false;
    QString previousAlertId;    // the alert this one re-opens after a resolution
    double value = 0;
    qint64 endsAtMs = 0;        // when it resolved: event time of the clearing, or of the resolve action; 0 before
};

// One line of an alert's incident timeline.
struct TimelineEntry
{
    QString timelineId;
    QString alertId;
    QString kind;   // created, occurred, acked, resolved, auto_resolved, silenced, unsilenced, flapping, comment, ...
    QString actor;  // a user, an API key name, or "system"
    QString entry;  // human-readable
    qint64 timestampMs = 0;
    QList<QUuid> eventIds;
};

} // namespace core

Q_DECLARE_METATYPE(core::Alert)
