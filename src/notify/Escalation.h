#pragma once

#include "core/Alert.h"
#include "notify/Routing.h"

#include <QHash>
#include <QList>
#include <QStringList>
#include <optional>

namespace notify {

struct EscalationStep
{
    qint64 afterMs = 0;
    QStringList targets; // "channel:NAME" or "schedule:NAME"
};

// Time-based escalation for alerts nobody acknowledges: each step goes out `after` the alert
// opened; after the last step the whole sequence runs `repeat` more times at the same cadence
// (steps at 0m and 10m repeat at 20m and 30m). Acknowledging or resolving stops it; a silence or
// flapping holds it (steps that fall due meanwhile go out as one when the hold ends).
struct EscalationPolicy
{
    QString name;
    AlertMatch match;
    QList<EscalationStep> steps;
    int repeat = 0;
};

std::optional<EscalationPolicy> parseEscalation(const QString &name, const QJsonObject &json, const QStringList &knownChannels,
                                                const QStringList &knownSchedules, QList<ConfigProblem> *problems);
QJsonObject escalationToJson(const EscalationPolicy &policy);

// Which escalation steps are due, for all open alerts. Pure logic on the caller's clock.
class Escalator final
{
public:
    struct Due
    {
        core::Alert alert;
        QString policy;
        int round = 0;
        int step = 0;
        QStringList targets;
        QString key() const; // "escalation:<policy>:<round>:<step>", the announced-step name
    };

    void setPolicies(const QList<EscalationPolicy> &policies);
    // The latest state of an alert; `held` while silenced or flapping.
    void update(const core::Alert &alert, bool held);
    QList<Due> takeDue(qint64 nowMs);
    qint64 nextDueMs() const;
    int trackedAlerts() const { return int(m_alerts.size()); }

private:
    struct Tracked
    {
        core::Alert alert;
        bool held = false;
        QHash<QString, int> nextIndex; // policy -> index of the next step over all rounds
    };
    // When step `index` (over all rounds) of `policy` is due for an alert opened at `originMs`.
    static std::optional<qint64> dueAt(const EscalationPolicy &policy, int index, qint64 originMs);

    QList<EscalationPolicy> m_policies;
    QHash<QString, Tracked> m_alerts;
};

} // namespace notify
