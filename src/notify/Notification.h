#pragma once

#include "core/Alert.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace notify {

// What happened to a group of alerts, as one message to one channel. Stored in the outbox as
// JSON (secrets are not part of it: they are looked up when it is sent).
struct Notification
{
    enum class Action { Trigger, Acknowledge, Resolve, Test };

    QString id;         // the outbox id; also the idempotency key receivers see
    QString channel;
    Action action = Action::Trigger;
    QString groupKey;   // stable for the routing group: PagerDuty's dedup_key derives from it
    QList<core::Alert> alerts; // the group's alerts, newest state
    QString eventMessage;      // payload.message of the first alert's triggering event, if any
    QString link;              // where the operator reads more
    qint64 createdAtMs = 0;
    int escalationStep = -1;   // >= 0 when an escalation policy sent it
    QString escalationKey;     // "escalation:<policy>:<round>:<step>" then

    int count(core::AlertState state) const;
    core::Severity severity() const; // the worst among the alerts
    QString source() const;          // the first alert's, or "several" when they differ
    // "[FIRING:3] High error rate on checkout" / "[RESOLVED] …" / "[ACK] …" / "[TEST] …"
    QString title() const;
    // A PagerDuty-safe dedup key (sha256 of the group key, hex).
    QString dedupKey() const;

    QJsonObject toJson() const;
    static Notification fromJson(const QJsonObject &json);
};

QString actionName(Notification::Action action); // "trigger", "acknowledge", "resolve", "test"

} // namespace notify
