#pragma once

#include "core/EventRecord.h"
#include "core/RuleSignal.h"
#include "rules/Detectors.h"
#include "rules/Rule.h"

#include <QHash>
#include <QList>
#include <QMap>
#include <memory>

namespace rules {

class EventFields;

using RuleSignal = core::RuleSignal;

// Evaluates rules on event time. Events move a watermark (the newest event time seen); between
// events, conditions are re-evaluated on a fixed grid of event time (every second by default),
// so `for`, `keep_firing_for`, sliding windows and absence behave the same whether a stream is
// lived through or replayed, however it is batched. An event older than the watermark still
// feeds its group's window at its own time, and counts for the state machine at the watermark.
// Pure: no clock, no threads; the caller drives time with advanceTo().
class RuleEvaluator final
{
public:
    explicit RuleEvaluator(qint64 evaluationIntervalMs = 1000);
    ~RuleEvaluator();

    // Replaces the rule set. Rules whose definition is unchanged keep their state; for removed,
    // disabled or changed rules, every firing group is resolved (returned).
    QList<RuleSignal> setRules(const QList<Rule> &rules);
    QList<RuleSignal> process(const core::EventList &events);
    QList<RuleSignal> advanceTo(qint64 nowMs);

    qint64 watermark() const { return m_watermark; }
    int ruleCount() const { return int(m_rules.size()); }
    qsizetype groupCount() const;

    static constexpr qsizetype maxGroupsPerRule = 10000;

private:
    struct GroupState
    {
        std::unique_ptr<GroupDetector> detector;
        QMap<QString, QString> labels;
        qint64 lastEventMs = 0;
        QUuid lastEventId;
        QString lastSource;
        bool active = false;
        double value = 0;
        qint64 pendingSince = -1;
        bool firing = false;
        qint64 clearSince = -1;
        qint64 occurrences = 0;
        QList<QUuid> occurrenceIds;
    };
    struct RuleState
    {
        Rule rule;
        QByteArray definition;
        QHash<QString, std::shared_ptr<GroupState>> groups;
        qint64 createdMs = -1; // event time the rule started being evaluated (absence of anything)
    };

    void tick(qint64 at, QList<RuleSignal> *signals);
    void step(RuleState &rule, const QString &key, GroupState &group, bool active, qint64 at, const QUuid &eventId, QList<RuleSignal> *signals);
    GroupState *groupFor(RuleState &rule, const EventFields &fields, QString *key);

    qint64 m_interval;
    qint64 m_watermark = std::numeric_limits<qint64>::min();
    qint64 m_lastTick = std::numeric_limits<qint64>::min();
    QList<std::shared_ptr<RuleState>> m_rules;
};

bool matchesEvent(const EventMatch &match, const EventFields &fields);

} // namespace rules
