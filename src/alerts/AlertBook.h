#pragma once

#include "alerts/FlapDetector.h"
#include "alerts/Silence.h"
#include "core/Alert.h"
#include "core/EventId.h"
#include "core/RuleSignal.h"

#include <QHash>
#include <functional>
#include <optional>

namespace alerts {

// What the book needs to know of a rule to open an alert for it.
struct RuleInfo
{
    QString name;
    QString sloId; // set for an SLO's burn-rate policy
    core::Severity severity = core::Severity::Warn;
    QMap<QString, QString> labels;
};

// Everything one operation changed: the alerts in their new state and the timeline it wrote.
struct AlertChanges
{
    QList<core::Alert> alerts;
    QList<core::TimelineEntry> timeline;
    bool isEmpty() const { return alerts.isEmpty() && timeline.isEmpty(); }
};

enum class TransitionResult { Done, NoChange, NotFound, Conflict };

// The alert lifecycle, in memory: OPEN -> ACK -> RESOLVED and OPEN -> RESOLVED. One unresolved
// alert per fingerprint; firing again dedups into it (occurrences, last_event_at); firing after
// a resolution opens a new alert linked to the previous one. Silenced alerts are recorded with
// silenced_until; flapping series are marked. Every transition writes a timeline entry.
// Pure and single-threaded; the caller persists what each call returns.
class AlertBook final
{
public:
    // What to open for a signal: by rule id, and for an SLO by its policy row (group labels).
    using RuleLookup = std::function<std::optional<RuleInfo>(const core::RuleSignal &signal)>;

    AlertBook() = default;

    // Restores unresolved alerts and active silences after a restart.
    void restore(const QList<core::Alert> &unresolved, const QList<Silence> &silences);

    AlertChanges apply(const QList<core::RuleSignal> &signals, const RuleLookup &rules, qint64 nowMs);

    TransitionResult acknowledge(const QString &alertId, const QString &actor, const QString &comment, qint64 nowMs, AlertChanges *changes);
    TransitionResult resolve(const QString &alertId, const QString &actor, const QString &comment, qint64 nowMs, AlertChanges *changes);
    // Acknowledges every OPEN alert the predicate accepts; returns their ids.
    QStringList acknowledgeAll(const std::function<bool(const core::Alert &)> &accept, const QString &actor, qint64 nowMs, AlertChanges *changes);
    void comment(const QString &alertId, const QString &actor, const QString &text, qint64 nowMs, AlertChanges *changes);

    AlertChanges addSilence(Silence silence, qint64 nowMs);
    AlertChanges removeSilence(const QString &silenceId, const QString &actor, qint64 nowMs);
    // Notes in the timeline the silences that ended, and clears them from the alerts.
    AlertChanges expireSilences(qint64 nowMs);

    std::optional<core::Alert> find(const QString &alertId) const;
    QList<core::Alert> unresolved() const;
    QList<Silence> silences() const { return m_silences; }
    // Notifications are held for silenced and flapping alerts.
    static bool shouldNotify(const core::Alert &alert, qint64 nowMs);

private:
    core::Alert *unresolvedById(const QString &alertId);
    void write(core::Alert &alert, const QString &kind, const QString &actor, const QString &entry, qint64 nowMs,
               const QList<QUuid> &eventIds, AlertChanges *changes);
    void applySilences(core::Alert &alert, qint64 nowMs, AlertChanges *changes);
    QString newId(qint64 nowMs) { return m_ids.next(nowMs).toString(QUuid::WithoutBraces); }

    QHash<QString, core::Alert> m_unresolved;      // fingerprint -> its alert
    QHash<QString, QString> m_lastResolved;         // fingerprint -> id of its last resolved alert
    QHash<QString, core::Alert> m_recentlyResolved; // id -> alert, for 409 answers and re-open links
    QHash<QString, FlapDetector> m_flaps;           // fingerprint -> its series' history
    QList<Silence> m_silences;
    core::EventIdGenerator m_ids;
};

} // namespace alerts
