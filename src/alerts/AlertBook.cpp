#include "alerts/AlertBook.h"

#include "alerts/Fingerprint.h"
#include "core/Rfc3339.h"

#include <QCoreApplication>

namespace alerts {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("alerts::AlertBook", text);
}

const QString systemActor = QStringLiteral("system");
constexpr qsizetype maxRecentlyResolved = 10000;

QString titleFor(const RuleInfo &rule, const QMap<QString, QString> &groupLabels)
{
    QStringList parts;
    for (auto it = groupLabels.cbegin(); it != groupLabels.cend(); ++it)
        parts.append(it.value());
    return parts.isEmpty() ? rule.name : tr("%1 (%2)").arg(rule.name, parts.join(QLatin1String(", ")));
}

} // namespace

void AlertBook::restore(const QList<core::Alert> &unresolved, const QList<Silence> &silences)
{
    for (const core::Alert &alert : unresolved)
        m_unresolved.insert(alert.fingerprint, alert);
    m_silences = silences;
}

std::optional<core::Alert> AlertBook::find(const QString &alertId) const
{
    for (const core::Alert &alert : m_unresolved) {
        if (alert.alertId == alertId)
            return alert;
    }
    if (m_recentlyResolved.contains(alertId))
        return m_recentlyResolved.value(alertId);
    return std::nullopt;
}

QList<core::Alert> AlertBook::unresolved() const
{
    return m_unresolved.values();
}

core::Alert *AlertBook::unresolvedById(const QString &alertId)
{
    for (core::Alert &alert : m_unresolved) {
        if (alert.alertId == alertId)
            return &alert;
    }
    return nullptr;
}

bool AlertBook::shouldNotify(const core::Alert &alert, qint64 nowMs)
{
    return alert.state != core::AlertState::Resolved && !alert.flapping && alert.silencedUntilMs <= nowMs;
}

void AlertBook::write(core::Alert &alert, const QString &kind, const QString &actor, const QString &entry, qint64 nowMs,
                      const QList<QUuid> &eventIds, AlertChanges *changes)
{
    alert.updatedAtMs = nowMs;
    changes->timeline.append({newId(nowMs), alert.alertId, kind, actor, entry, nowMs, eventIds});
    // Keep one copy per alert in a change set: its latest state.
    for (core::Alert &existing : changes->alerts) {
        if (existing.alertId == alert.alertId) {
            existing = alert;
            return;
        }
    }
    changes->alerts.append(alert);
}

void AlertBook::applySilences(core::Alert &alert, qint64 nowMs, AlertChanges *changes)
{
    qint64 until = 0;
    QString silenceId;
    for (const Silence &silence : std::as_const(m_silences)) {
        if (silence.isActiveAt(nowMs) && silence.matches(alert) && silence.endsAtMs > until) {
            until = silence.endsAtMs;
            silenceId = silence.id;
        }
    }
    if (until > alert.silencedUntilMs) {
        alert.silencedUntilMs = until;
        write(alert, QStringLiteral("silenced"), systemActor,
              tr("Silenced until %1 by silence %2").arg(core::formatRfc3339(until), silenceId), nowMs, {}, changes);
    }
}

AlertChanges AlertBook::apply(const QList<core::RuleSignal> &signals, const RuleLookup &rules, qint64 nowMs)
{
    AlertChanges changes;
    for (const core::RuleSignal &signal : signals) {
        const QString key = fingerprint(signal.ruleId, signal.groupLabels);
        auto existing = m_unresolved.find(key);
        switch (signal.kind) {
        case core::RuleSignal::Kind::Fired: {
            if (existing != m_unresolved.end()) { // still open or acked: the same incident
                core::Alert &alert = *existing;
                ++alert.occurrences;
                alert.lastEventAtMs = std::max(alert.lastEventAtMs, signal.atMs);
                write(alert, QStringLiteral("refired"), systemActor, tr("Fired again (value %1)").arg(signal.value), nowMs,
                      signal.eventId.isNull() ? QList<QUuid>{} : QList<QUuid>{signal.eventId}, &changes);
                break;
            }
            const auto rule = rules(signal);
            if (!rule)
                break; // the rule was deleted in the meantime
            core::Alert alert;
            alert.alertId = newId(nowMs);
            alert.ruleId = signal.ruleId;
            alert.sloId = rule->sloId;
            alert.fingerprint = key;
            alert.severity = rule->severity;
            alert.source = signal.source;
            alert.title = titleFor(*rule, signal.groupLabels);
            alert.labels = rule->labels;
            for (auto it = signal.groupLabels.cbegin(); it != signal.groupLabels.cend(); ++it)
                alert.labels.insert(it.key(), it.value());
            for (auto it = signal.annotations.cbegin(); it != signal.annotations.cend(); ++it)
                alert.labels.insert(it.key(), it.value());
            alert.eventId = signal.eventId;
            alert.startsAtMs = signal.startsAtMs;
            alert.createdAtMs = nowMs;
            alert.lastEventAtMs = signal.atMs;
            alert.value = signal.value;
            alert.previousAlertId = m_lastResolved.value(key);
            alert.flapping = m_flaps[key].record(true, signal.atMs);
            QString entry = tr("Opened: %1 (value %2, condition since %3)").arg(alert.title).arg(signal.value).arg(core::formatRfc3339(signal.startsAtMs));
            if (!signal.detail.isEmpty())
                entry += QStringLiteral("; ") + signal.detail;
            if (!alert.previousAlertId.isEmpty())
                entry += tr("; re-opens %1").arg(alert.previousAlertId);
            write(alert, QStringLiteral("created"), systemActor, entry, nowMs,
                  signal.eventId.isNull() ? QList<QUuid>{} : QList<QUuid>{signal.eventId}, &changes);
            if (alert.flapping)
                write(alert, QStringLiteral("flapping"), systemActor, tr("Flapping: notifications held until it settles"), nowMs, {}, &changes);
            applySilences(alert, nowMs, &changes);
            m_unresolved.insert(key, alert);
            break;
        }
        case core::RuleSignal::Kind::Occurred:
            if (existing != m_unresolved.end()) {
                existing->occurrences += signal.occurrences;
                existing->lastEventAtMs = std::max(existing->lastEventAtMs, signal.atMs);
                existing->updatedAtMs = nowMs;
                bool listed = false;
                for (core::Alert &a : changes.alerts) {
                    if (a.alertId == existing->alertId) {
                        a = *existing;
                        listed = true;
                    }
                }
                if (!listed)
                    changes.alerts.append(*existing);
            }
            break;
        case core::RuleSignal::Kind::Resolved: {
            if (existing == m_unresolved.end())
                break;
            core::Alert alert = *existing;
            m_unresolved.erase(existing);
            alert.state = core::AlertState::Resolved;
            alert.endsAtMs = signal.atMs;
            const bool wasFlapping = alert.flapping;
            alert.flapping = m_flaps[key].record(false, signal.atMs);
            const QString cleared = tr("Resolved: the condition cleared at %1").arg(core::formatRfc3339(signal.atMs));
            write(alert, QStringLiteral("auto_resolved"), systemActor, signal.detail.isEmpty() ? cleared : cleared + QStringLiteral("; ") + signal.detail, nowMs,
                  signal.eventId.isNull() ? QList<QUuid>{} : QList<QUuid>{signal.eventId}, &changes);
            if (wasFlapping && !alert.flapping)
                write(alert, QStringLiteral("flapping_stopped"), systemActor, tr("Stopped flapping"), nowMs, {}, &changes);
            m_lastResolved.insert(key, alert.alertId);
            if (m_recentlyResolved.size() >= maxRecentlyResolved)
                m_recentlyResolved.clear();
            m_recentlyResolved.insert(alert.alertId, alert);
            break;
        }
        }
    }
    return changes;
}

TransitionResult AlertBook::acknowledge(const QString &alertId, const QString &actor, const QString &comment, qint64 nowMs, AlertChanges *changes)
{
    core::Alert *alert = unresolvedById(alertId);
    if (!alert)
        return m_recentlyResolved.contains(alertId) ? TransitionResult::Conflict : TransitionResult::NotFound;
    if (alert->state == core::AlertState::Acknowledged)
        return TransitionResult::NoChange;
    alert->state = core::AlertState::Acknowledged;
    alert->assignedTo = actor;
    write(*alert, QStringLiteral("acked"), actor, comment.isEmpty() ? tr("Acknowledged") : tr("Acknowledged: %1").arg(comment), nowMs, {}, changes);
    return TransitionResult::Done;
}

TransitionResult AlertBook::resolve(const QString &alertId, const QString &actor, const QString &comment, qint64 nowMs, AlertChanges *changes)
{
    core::Alert *alert = unresolvedById(alertId);
    if (!alert)
        return m_recentlyResolved.contains(alertId) ? TransitionResult::Conflict : TransitionResult::NotFound;
    core::Alert resolved = *alert;
    m_unresolved.remove(resolved.fingerprint);
    resolved.state = core::AlertState::Resolved;
    resolved.endsAtMs = nowMs;
    m_flaps[resolved.fingerprint].record(false, nowMs);
    write(resolved, QStringLiteral("resolved"), actor, comment.isEmpty() ? tr("Resolved") : tr("Resolved: %1").arg(comment), nowMs, {}, changes);
    m_lastResolved.insert(resolved.fingerprint, resolved.alertId);
    m_recentlyResolved.insert(resolved.alertId, resolved);
    return TransitionResult::Done;
}

QStringList AlertBook::acknowledgeAll(const std::function<bool(const core::Alert &)> &accept, const QString &actor, qint64 nowMs, AlertChanges *changes)
{
    QStringList ids;
    for (core::Alert &alert : m_unresolved) {
        if (alert.state == core::AlertState::Open && accept(alert))
            ids.append(alert.alertId);
    }
    ids.sort(); // a stable answer
    for (const QString &id : std::as_const(ids))
        acknowledge(id, actor, tr("bulk acknowledge"), nowMs, changes);
    return ids;
}

void AlertBook::comment(const QString &alertId, const QString &actor, const QString &text, qint64 nowMs, AlertChanges *changes)
{
    if (core::Alert *alert = unresolvedById(alertId))
        write(*alert, QStringLiteral("comment"), actor, text, nowMs, {}, changes);
}

AlertChanges AlertBook::addSilence(Silence silence, qint64 nowMs)
{
    AlertChanges changes;
    if (silence.id.isEmpty())
        silence.id = newId(nowMs);
    silence.createdAtMs = nowMs;
    m_silences.append(silence);
    for (core::Alert &alert : m_unresolved)
        applySilences(alert, nowMs, &changes);
    return changes;
}

AlertChanges AlertBook::removeSilence(const QString &silenceId, const QString &actor, qint64 nowMs)
{
    AlertChanges changes;
    const qsizetype removed = m_silences.removeIf([&](const Silence &s) { return s.id == silenceId; });
    if (!removed)
        return changes;
    for (core::Alert &alert : m_unresolved) {
        if (alert.silencedUntilMs > nowMs) {
            alert.silencedUntilMs = 0;
            write(alert, QStringLiteral("unsilenced"), actor, tr("Silence %1 removed").arg(silenceId), nowMs, {}, &changes);
            applySilences(alert, nowMs, &changes); // another silence may still cover it
        }
    }
    return changes;
}

AlertChanges AlertBook::expireSilences(qint64 nowMs)
{
    AlertChanges changes;
    m_silences.removeIf([nowMs](const Silence &s) { return s.endsAtMs <= nowMs; });
    for (core::Alert &alert : m_unresolved) {
        if (alert.silencedUntilMs != 0 && alert.silencedUntilMs <= nowMs) {
            alert.silencedUntilMs = 0;
            write(alert, QStringLiteral("silence_expired"), systemActor, tr("Silence expired"), nowMs, {}, &changes);
        }
    }
    return changes;
}

} // namespace alerts
