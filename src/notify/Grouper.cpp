#include "notify/Grouper.h"

#include <QSet>

namespace notify {

namespace {

bool allResolved(const QMap<QString, core::Alert> &alerts)
{
    return std::all_of(alerts.cbegin(), alerts.cend(), [](const core::Alert &a) { return a.state == core::AlertState::Resolved; });
}

bool noneOpen(const QMap<QString, core::Alert> &alerts)
{
    return std::none_of(alerts.cbegin(), alerts.cend(), [](const core::Alert &a) { return a.state == core::AlertState::Open; });
}

} // namespace

bool Grouper::Group::hasWork() const
{
    if (!newlyFiring.isEmpty())
        return true;
    if (!sentTrigger)
        return false; // nothing was announced: nothing to acknowledge or resolve
    return allResolved(alerts) || (ackPending && noneOpen(alerts) && !sentAck);
}

qint64 Grouper::Group::dueAtMs() const
{
    if (!hasWork())
        return -1;
    return lastSentAtMs < 0 ? createdAtMs + timing.waitMs : lastSentAtMs + timing.intervalMs;
}

void Grouper::update(const QString &channel, const QString &groupKey, const core::Alert &alert, bool notify, bool announced, const Timing &timing,
                     qint64 nowMs)
{
    const QString key = channel + QLatin1Char('\n') + groupKey;
    auto it = m_groups.find(key);
    if (it == m_groups.end()) {
        if (!announced && (alert.state != core::AlertState::Open || !notify))
            return; // no group announced it: its acknowledgement or resolution has no audience
        Group group;
        group.channel = channel;
        group.groupKey = groupKey;
        group.createdAtMs = nowMs;
        group.sentTrigger = announced;
        group.lastSentAtMs = announced ? nowMs - timing.intervalMs : -1;
        it = m_groups.insert(key, group);
    }
    Group &group = *it;
    group.timing = timing;
    const core::Alert previous = group.alerts.value(alert.alertId);
    const bool known = group.alerts.contains(alert.alertId);
    group.alerts.insert(alert.alertId, alert);
    if (alert.state == core::AlertState::Open && notify && !announced && (!known || previous.state != core::AlertState::Open || !group.sentTrigger))
        group.newlyFiring.insert(alert.alertId);
    if (alert.state != core::AlertState::Open || !notify)
        group.newlyFiring.remove(alert.alertId);
    if (alert.state == core::AlertState::Acknowledged && previous.state != core::AlertState::Acknowledged)
        group.ackPending = true;
    if (alert.state == core::AlertState::Open)
        group.sentAck = false; // fired again after an acknowledgement
    if (!group.sentTrigger && group.newlyFiring.isEmpty() && noneOpen(group.alerts))
        m_groups.erase(it); // everything it held was acknowledged or resolved before it ever spoke
}

QList<Notification> Grouper::takeDue(qint64 nowMs)
{
    QList<Notification> due;
    for (auto it = m_groups.begin(); it != m_groups.end();) {
        Group &g = *it;
        const qint64 at = g.dueAtMs();
        if (at < 0 || at > nowMs) {
            ++it;
            continue;
        }
        Notification n;
        n.channel = g.channel;
        n.groupKey = g.groupKey;
        n.createdAtMs = nowMs;
        // Open alerts first: they are what the reader acts on.
        for (const core::Alert &a : std::as_const(g.alerts)) {
            if (a.state == core::AlertState::Open)
                n.alerts.append(a);
        }
        for (const core::Alert &a : std::as_const(g.alerts)) {
            if (a.state != core::AlertState::Open)
                n.alerts.append(a);
        }
        bool ended = false;
        if (!g.newlyFiring.isEmpty()) {
            n.action = Notification::Action::Trigger;
            g.sentTrigger = true;
            g.sentAck = false;
        } else if (allResolved(g.alerts)) {
            n.action = Notification::Action::Resolve;
            ended = true;
        } else {
            n.action = Notification::Action::Acknowledge;
            g.sentAck = true;
        }
        g.newlyFiring.clear();
        g.ackPending = false;
        g.lastSentAtMs = nowMs;
        due.append(n);
        // Resolved alerts are reported once; the group forgets them.
        for (auto a = g.alerts.begin(); a != g.alerts.end();)
            a = a->state == core::AlertState::Resolved && !ended ? g.alerts.erase(a) : std::next(a);
        it = ended ? m_groups.erase(it) : std::next(it);
    }
    return due;
}

qint64 Grouper::nextDueMs() const
{
    qint64 next = -1;
    for (const Group &g : m_groups) {
        const qint64 at = g.dueAtMs();
        if (at >= 0 && (next < 0 || at < next))
            next = at;
    }
    return next;
}

} // namespace notify
