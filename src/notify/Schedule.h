#pragma once

#include "notify/Channel.h"

#include <QDate>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTime>
#include <QTimeZone>
#include <optional>

namespace notify {

struct OnCallMember
{
    QString name;
    QStringList channels; // where this person is reached
};

// One rotation: members take turns by the day or the week, handing over at a local time of day
// in the schedule's timezone (so a shift across a DST change is 23 or 25 hours long).
struct Rotation
{
    QString name;
    int periodDays = 7;   // 1 (daily) or 7 (weekly)
    QDate start;          // the local date the first member's first shift begins
    QTime handoff{9, 0};  // local time of each handover
    QList<OnCallMember> members;
};

// Someone else covers a rotation (or all of them) for a while.
struct Override
{
    QString rotation; // empty: every rotation
    qint64 fromMs = 0;
    qint64 untilMs = 0;
    OnCallMember member;
};

struct OnCallShift
{
    QString rotation;
    OnCallMember member;
    qint64 startsAtMs = 0;
    qint64 endsAtMs = 0;
    bool overridden = false;
};

struct Schedule
{
    QString name;
    QByteArray timeZone = "UTC";
    QList<Rotation> rotations;
    QList<Override> overrides;

    // Who is on call at `atMs`: one shift per rotation.
    QList<OnCallShift> onCallAt(qint64 atMs) const;
};

// PUT /v1/notify/schedules/{name}:
// {"timezone": "Europe/Berlin",
//  "rotations": [{"name": "primary", "kind": "weekly", "start": "2026-11-02", "handoff": "09:00",
//                 "members": [{"name": "alice", "channels": ["alice-slack"]}, ...]}],
//  "overrides": [{"rotation": "primary", "from": RFC 3339, "until": RFC 3339, "member": {...}}]}
std::optional<Schedule> parseSchedule(const QString &name, const QJsonObject &json, const QStringList &knownChannels, QList<ConfigProblem> *problems);
QJsonObject scheduleToJson(const Schedule &schedule);
QJsonObject shiftToJson(const OnCallShift &shift);

} // namespace notify
