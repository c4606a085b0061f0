#pragma once

#include <QList>
#include <QMap>
#include <QString>
#include <QUuid>

namespace core {

// What a rule (or an SLO's burn-rate policy) tells the alert lifecycle: a condition began,
// happened again, or cleared. A value type in core so the engines that emit it and the alert
// lifecycle that consumes it do not depend on each other.
struct RuleSignal
{
    enum class Kind { Fired, Occurred, Resolved };
    Kind kind = Kind::Fired;
    QString ruleId;
    QString groupKey;                   // the group_by values joined; empty without group_by
    QMap<QString, QString> groupLabels; // group_by field -> value
    QString source;                     // the source of the group's latest event (match.source if none)
    qint64 atMs = 0;                    // event time of the transition
    qint64 startsAtMs = 0;              // Fired: event time the condition began
    QUuid eventId;                      // the event behind it; null for time-driven transitions
    QList<QUuid> eventIds;              // Occurred: the events since the last signal (at most 20)
    qint64 occurrences = 0;             // Occurred: how many matching events held the condition
    double value = 0;                   // the compared number when it fired
    QMap<QString, QString> annotations; // Fired: shown among the alert's labels, not part of its identity
    QString detail;                     // the figures behind the transition, for the timeline entry
};

} // namespace core
