#include "rules/RuleEvaluator.h"

#include "rules/EventFields.h"
#include "rules/RuleJson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace rules {

namespace {

RuleSignal makeSignal(RuleSignal::Kind kind, const Rule &rule, const QString &key, const QMap<QString, QString> &labels,
                      const QString &source, qint64 at)
{
    RuleSignal signal;
    signal.kind = kind;
    signal.ruleId = rule.id;
    signal.groupKey = key;
    signal.groupLabels = labels;
    signal.source = source.isEmpty() ? rule.match.source : source;
    signal.atMs = at;
    return signal;
}

bool whereHolds(const WhereClause &clause, const EventFields &fields)
{
    const QJsonValue actual = fields.value(clause.field);
    switch (clause.op) {
    case CompareOp::Equal:
    case CompareOp::NotEqual: {
        bool equal;
        if (clause.value.isDouble())
            equal = fields.number(clause.field) == clause.value.toDouble();
        else if (clause.value.isBool())
            equal = actual.isBool() && actual.toBool() == clause.value.toBool();
        else if (clause.value.isNull())
            equal = actual.isNull() || actual.isUndefined();
        else
            equal = !actual.isUndefined() && fields.text(clause.field) == clause.value.toString();
        return clause.op == CompareOp::Equal ? equal : !equal;
    }
    case CompareOp::Greater:
    case CompareOp::GreaterOrEqual:
    case CompareOp::Less:
    case CompareOp::LessOrEqual: {
        const double number = fields.number(clause.field);
        return !std::isnan(number) && evaluateCompare(clause.op, number, clause.value.toDouble());
    }
    case CompareOp::Contains:
        if (actual.isArray())
            return actual.toArray().contains(clause.value);
        return !actual.isUndefined() && fields.text(clause.field).contains(clause.value.toString());
    case CompareOp::Matches:
        return !actual.isUndefined() && clause.regex.match(fields.text(clause.field)).hasMatch();
    }
    return false;
}

} // namespace

bool matchesEvent(const EventMatch &match, const EventFields &fields)
{
    const core::EventRecord &event = fields.event();
    if (event.severity < match.minSeverity)
        return false;
    if (!match.source.isEmpty() && event.source != match.source)
        return false;
    if (!match.type.isEmpty() && event.type != match.type)
        return false;
    for (const WhereClause &clause : match.where) {
        if (!whereHolds(clause, fields))
            return false;
    }
    return true;
}

RuleEvaluator::RuleEvaluator(qint64 evaluationIntervalMs)
    : m_interval(std::max<qint64>(1, evaluationIntervalMs))
{
}

RuleEvaluator::~RuleEvaluator() = default;

qsizetype RuleEvaluator::groupCount() const
{
    qsizetype count = 0;
    for (const auto &rule : m_rules)
        count += rule->groups.size();
    return count;
}

QList<RuleSignal> RuleEvaluator::setRules(const QList<Rule> &rules)
{
    QList<RuleSignal> signals;
    QHash<QString, std::shared_ptr<RuleState>> previous;
    for (const auto &state : std::as_const(m_rules))
        previous.insert(state->rule.id, state);
    QList<std::shared_ptr<RuleState>> next;
    for (const Rule &rule : rules) {
        if (!rule.enabled)
            continue;
        const QByteArray definition = QJsonDocument(ruleToJson(rule)).toJson(QJsonDocument::Compact);
        auto kept = previous.take(rule.id);
        if (kept && kept->definition == definition) {
            kept->rule = rule; // same definition, fresh compiled regexes are equivalent
            next.append(kept);
            continue;
        }
        if (kept)
            previous.insert(rule.id, kept); // changed: resolve below, start afresh
        auto state = std::make_shared<RuleState>();
        state->rule = rule;
        state->definition = definition;
        state->createdMs = m_watermark == std::numeric_limits<qint64>::min() ? -1 : m_watermark;
        next.append(state);
    }
    const qint64 at = m_watermark == std::numeric_limits<qint64>::min() ? 0 : m_watermark;
    for (const auto &gone : std::as_const(previous)) {
        for (auto it = gone->groups.cbegin(); it != gone->groups.cend(); ++it) {
            if (it.value()->firing) {
                RuleSignal signal = makeSignal(RuleSignal::Kind::Resolved, gone->rule, it.key(), it.value()->labels, it.value()->lastSource, at);
                signal.value = it.value()->value;
                signals.append(signal);
            }
        }
    }
    m_rules = next;
    return signals;
}

RuleEvaluator::GroupState *RuleEvaluator::groupFor(RuleState &rule, const EventFields &fields, QString *key)
{
    QMap<QString, QString> labels;
    QStringList parts;
    for (const QString &field : std::as_const(rule.rule.groupBy)) {
        const QString value = fields.text(field);
        labels.insert(field, value);
        parts.append(field + QLatin1Char('=') + value);
    }
    *key = parts.join(QLatin1Char(','));
    auto it = rule.groups.find(*key);
    if (it == rule.groups.end()) {
        if (rule.groups.size() >= maxGroupsPerRule)
            return nullptr; // a runaway group_by must not exhaust memory
        auto group = std::make_shared<GroupState>();
        group->detector = makeGroupDetector(rule.rule.detector);
        group->labels = labels;
        it = rule.groups.insert(*key, group);
    }
    return it.value().get();
}

void RuleEvaluator::step(RuleState &rule, const QString &key, GroupState &group, bool active, qint64 at, const QUuid &eventId,
                         QList<RuleSignal> *signals)
{
    group.active = active;
    if (active) {
        group.clearSince = -1;
        if (!group.firing) {
            if (group.pendingSince < 0)
                group.pendingSince = at;
            if (at - group.pendingSince >= rule.rule.forMs) {
                group.firing = true;
                group.occurrences = 0;
                group.occurrenceIds.clear();
                RuleSignal signal = makeSignal(RuleSignal::Kind::Fired, rule.rule, key, group.labels, group.lastSource, at);
                signal.startsAtMs = group.pendingSince;
                signal.eventId = eventId.isNull() ? group.lastEventId : eventId;
                signal.occurrences = 1;
                signal.value = group.value;
                signals->append(signal);
            }
        } else if (!eventId.isNull()) {
            ++group.occurrences;
            if (group.occurrenceIds.size() < 20)
                group.occurrenceIds.append(eventId);
        }
        return;
    }
    group.pendingSince = -1;
    if (!group.firing)
        return;
    if (group.clearSince < 0)
        group.clearSince = at;
    if (at - group.clearSince >= rule.rule.keepFiringForMs) {
        // Occurrences gathered in this batch belong to the alert that is about to resolve.
        if (group.occurrences > 0) {
            RuleSignal occurred = makeSignal(RuleSignal::Kind::Occurred, rule.rule, key, group.labels, group.lastSource, at);
            occurred.eventId = group.lastEventId;
            occurred.eventIds = group.occurrenceIds;
            occurred.occurrences = group.occurrences;
            occurred.value = group.value;
            signals->append(occurred);
            group.occurrences = 0;
            group.occurrenceIds.clear();
        }
        group.firing = false;
        group.clearSince = -1;
        RuleSignal signal = makeSignal(RuleSignal::Kind::Resolved, rule.rule, key, group.labels, group.lastSource, at);
        signal.eventId = eventId;
        signal.value = group.value;
        signals->append(signal);
    }
}

void RuleEvaluator::tick(qint64 at, QList<RuleSignal> *signals)
{
    for (const auto &rulePointer : std::as_const(m_rules)) {
        RuleState &rule = *rulePointer;
        if (rule.createdMs < 0)
            rule.createdMs = at;
        if (rule.rule.detector.kind == DetectorKind::Absence) {
            const qint64 after = rule.rule.detector.afterMs;
            if (rule.groups.isEmpty() && at - rule.createdMs >= after && rule.rule.groupBy.isEmpty()) {
                // Nothing has ever matched: the heartbeat never started.
                auto group = std::make_shared<GroupState>();
                group->lastEventMs = rule.createdMs;
                rule.groups.insert(QString(), group);
            }
            for (auto it = rule.groups.begin(); it != rule.groups.end(); ++it) {
                GroupState &group = *it.value();
                const bool silent = at - group.lastEventMs >= after;
                if (silent || group.firing || group.pendingSince >= 0)
                    step(rule, it.key(), group, silent, at, {}, signals);
            }
            continue;
        }
        for (auto it = rule.groups.begin(); it != rule.groups.end(); ++it) {
            GroupState &group = *it.value();
            if (const auto observation = group.detector->reevaluate(at)) {
                group.value = observation->value;
                group.active = observation->active;
            }
            if (group.active || group.firing)
                step(rule, it.key(), group, group.active, at, {}, signals);
        }
    }
}

QList<RuleSignal> RuleEvaluator::advanceTo(qint64 nowMs)
{
    QList<RuleSignal> signals;
    if (m_lastTick == std::numeric_limits<qint64>::min()) {
        m_lastTick = nowMs - nowMs % m_interval;
        tick(m_lastTick, &signals);
        return signals;
    }
    const qint64 ticks = (nowMs - m_lastTick) / m_interval;
    if (ticks <= 0)
        return signals;
    // A long silence in a replay: evaluate at most 600 evenly spaced points of it. Which points
    // depends only on the event times, so replays stay deterministic.
    const qint64 stride = ticks > 600 ? (ticks + 599) / 600 * m_interval : m_interval;
    for (qint64 at = m_lastTick + stride; at <= nowMs; at += stride) {
        tick(at, &signals);
        m_lastTick = at;
    }
    return signals;
}

QList<RuleSignal> RuleEvaluator::process(const core::EventList &events)
{
    QList<RuleSignal> signals;
    for (const core::EventRecord &event : events) {
        if (event.timestampMs > m_watermark) {
            // Evaluations due strictly before this event happen first.
            if (m_lastTick != std::numeric_limits<qint64>::min() && event.timestampMs - 1 >= m_lastTick + m_interval)
                signals += advanceTo(event.timestampMs - 1);
            else if (m_lastTick == std::numeric_limits<qint64>::min())
                signals += advanceTo(event.timestampMs);
            m_watermark = event.timestampMs;
        }
        const qint64 at = m_watermark;
        const EventFields fields(event);
        for (const auto &rulePointer : std::as_const(m_rules)) {
            RuleState &rule = *rulePointer;
            if (!matchesEvent(rule.rule.match, fields))
                continue;
            QString key;
            GroupState *group = groupFor(rule, fields, &key);
            if (!group)
                continue;
            group->lastEventMs = std::max(group->lastEventMs, event.timestampMs);
            group->lastEventId = event.eventId;
            group->lastSource = event.source;
            if (rule.rule.detector.kind == DetectorKind::Absence) {
                step(rule, key, *group, false, at, event.eventId, &signals);
                continue;
            }
            const QString &field = rule.rule.detector.field;
            const double value = field.isEmpty() ? 0.0 : fields.number(field);
            if (const auto observation = group->detector->observe(event.timestampMs, value)) {
                group->value = observation->value;
                step(rule, key, *group, observation->active, at, event.eventId, &signals);
            }
        }
    }
    // Occurrences are reported once per group and batch, not once per event.
    for (const auto &rulePointer : std::as_const(m_rules)) {
        for (auto it = rulePointer->groups.begin(); it != rulePointer->groups.end(); ++it) {
            GroupState &group = *it.value();
            if (group.firing && group.occurrences > 0) {
                RuleSignal signal = makeSignal(RuleSignal::Kind::Occurred, rulePointer->rule, it.key(), group.labels, group.lastSource, m_watermark);
                signal.eventId = group.lastEventId;
                signal.eventIds = group.occurrenceIds;
                signal.occurrences = group.occurrences;
                signal.value = group.value;
                signals.append(signal);
                group.occurrences = 0;
                group.occurrenceIds.clear();
            }
        }
    }
    return signals;
}

} // namespace rules
