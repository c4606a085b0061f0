#include "notify/Escalation.h"

#include "core/Duration.h"

#include <QJsonArray>

namespace notify {

QString Escalator::Due::key() const
{
    return QStringLiteral("escalation:%1:%2:%3").arg(policy).arg(round).arg(step);
}

std::optional<EscalationPolicy> parseEscalation(const QString &name, const QJsonObject &json, const QStringList &knownChannels,
                                                const QStringList &knownSchedules, QList<ConfigProblem> *problems)
{
    const qsizetype before = problems->size();
    EscalationPolicy p;
    p.name = name;
    p.match = parseAlertMatch(json.value(QLatin1String("match")), QStringLiteral("match"), problems);
    const QJsonArray steps = json.value(QLatin1String("steps")).toArray();
    if (steps.isEmpty())
        problems->append({QStringLiteral("steps"), QStringLiteral("is required: at least one step")});
    qint64 previous = -1;
    for (qsizetype i = 0; i < steps.size(); ++i) {
        const QString path = QStringLiteral("steps[%1]").arg(i);
        const QJsonObject o = steps[i].toObject();
        EscalationStep step;
        const auto after = core::parseDuration(o.value(QLatin1String("after")).toString());
        if (!after)
            problems->append({path + QStringLiteral(".after"), QStringLiteral("must be a duration such as \"10m\"")});
        else if (*after <= previous)
            problems->append({path + QStringLiteral(".after"), QStringLiteral("must be later than the step before")});
        step.afterMs = after.value_or(0);
        previous = step.afterMs;
        const QJsonArray targets = o.value(QLatin1String("targets")).toArray();
        if (targets.isEmpty())
            problems->append({path + QStringLiteral(".targets"), QStringLiteral("is required: channel:NAME or schedule:NAME")});
        for (qsizetype j = 0; j < targets.size(); ++j) {
            const QString t = targets[j].toString();
            const QString target = t.section(QLatin1Char(':'), 1);
            const bool ok = (t.startsWith(QLatin1String("channel:")) && knownChannels.contains(target))
                         || (t.startsWith(QLatin1String("schedule:")) && knownSchedules.contains(target));
            if (!ok)
                problems->append({QStringLiteral("%1.targets[%2]").arg(path).arg(j), QStringLiteral("\"%1\" is not channel:NAME or schedule:NAME of an existing one").arg(t)});
            step.targets.append(t);
        }
        p.steps.append(step);
    }
    const QJsonValue repeat = json.value(QLatin1String("repeat"));
    if (!repeat.isUndefined() && (!repeat.isDouble() || repeat.toInt(-1) < 0 || repeat.toInt() > 10))
        problems->append({QStringLiteral("repeat"), QStringLiteral("must be a whole number from 0 to 10")});
    p.repeat = repeat.toInt(0);
    if (p.repeat > 0 && !p.steps.isEmpty() && p.steps.last().afterMs == 0)
        problems->append({QStringLiteral("repeat"), QStringLiteral("needs a last step later than 0s to space the rounds")});
    if (problems->size() != before)
        return std::nullopt;
    return p;
}

QJsonObject escalationToJson(const EscalationPolicy &policy)
{
    QJsonArray steps;
    for (const EscalationStep &s : policy.steps)
        steps.append(QJsonObject{{QStringLiteral("after"), core::formatDuration(s.afterMs)}, {QStringLiteral("targets"), QJsonArray::fromStringList(s.targets)}});
    return QJsonObject{{QStringLiteral("name"), policy.name},
                       {QStringLiteral("match"), alertMatchToJson(policy.match)},
                       {QStringLiteral("steps"), steps},
                       {QStringLiteral("repeat"), policy.repeat}};
}

void Escalator::setPolicies(const QList<EscalationPolicy> &policies)
{
    m_policies = policies;
}

std::optional<qint64> Escalator::dueAt(const EscalationPolicy &policy, int index, qint64 originMs)
{
    const int perRound = int(policy.steps.size());
    const int round = index / perRound;
    if (perRound == 0 || round > policy.repeat)
        return std::nullopt;
    // A repeat starts as long after the last step as the last step came after the one before it
    // (a single step repeats every `after`), so the cadence carries on evenly.
    const qint64 last = policy.steps.last().afterMs;
    const qint64 roundLength = perRound > 1 ? last + (last - policy.steps[perRound - 2].afterMs) : last;
    return originMs + qint64(round) * roundLength + policy.steps[index % perRound].afterMs;
}

void Escalator::update(const core::Alert &alert, bool held)
{
    if (alert.state != core::AlertState::Open) {
        m_alerts.remove(alert.alertId); // acknowledged or resolved: escalation stops
        return;
    }
    Tracked &t = m_alerts[alert.alertId];
    t.alert = alert;
    t.held = held;
}

QList<Escalator::Due> Escalator::takeDue(qint64 nowMs)
{
    QList<Due> due;
    for (auto it = m_alerts.begin(); it != m_alerts.end(); ++it) {
        Tracked &t = *it;
        if (t.held)
            continue;
        for (const EscalationPolicy &policy : std::as_const(m_policies)) {
            if (!policy.match.matches(t.alert))
                continue;
            int &next = t.nextIndex[policy.name];
            // Everything already due collapses into its latest step: after a hold or a restart
            // the on-call person gets one message, not a backlog.
            int latest = -1;
            while (const auto at = dueAt(policy, next, t.alert.createdAtMs)) {
                if (*at > nowMs)
                    break;
                latest = next++;
            }
            if (latest < 0)
                continue;
            const int perRound = int(policy.steps.size());
            due.append({t.alert, policy.name, latest / perRound, latest % perRound, policy.steps[latest % perRound].targets});
        }
    }
    return due;
}

qint64 Escalator::nextDueMs() const
{
    qint64 next = -1;
    for (const Tracked &t : m_alerts) {
        if (t.held)
            continue;
        for (const EscalationPolicy &policy : m_policies) {
            if (!policy.match.matches(t.alert))
                continue;
            if (const auto at = dueAt(policy, t.nextIndex.value(policy.name), t.alert.createdAtMs); at && (next < 0 || *at < next))
                next = *at;
        }
    }
    return next;
}

} // namespace notify
