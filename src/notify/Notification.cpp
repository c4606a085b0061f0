#include "notify/Notification.h"

#include "core/AlertJson.h"
#include "core/Rfc3339.h"

#include <QCryptographicHash>
#include <QJsonArray>

namespace notify {

QString actionName(Notification::Action action)
{
    switch (action) {
    case Notification::Action::Trigger:
        return QStringLiteral("trigger");
    case Notification::Action::Acknowledge:
        return QStringLiteral("acknowledge");
    case Notification::Action::Resolve:
        return QStringLiteral("resolve");
    case Notification::Action::Test:
        break;
    }
    return QStringLiteral("test");
}

int Notification::count(core::AlertState state) const
{
    return int(std::count_if(alerts.cbegin(), alerts.cend(), [state](const core::Alert &a) { return a.state == state; }));
}

core::Severity Notification::severity() const
{
    core::Severity worst = core::Severity::Info;
    for (const core::Alert &a : alerts)
        worst = std::max(worst, a.severity);
    return worst;
}

QString Notification::source() const
{
    if (alerts.isEmpty())
        return QStringLiteral("sentinel");
    for (const core::Alert &a : alerts) {
        if (a.source != alerts.first().source)
            return QStringLiteral("several services");
    }
    return alerts.first().source;
}

QString Notification::title() const
{
    const QString what = alerts.isEmpty() ? QStringLiteral("Sentinel test notification") : alerts.first().title;
    const QString more = alerts.size() > 1 ? QStringLiteral(" and %1 more").arg(alerts.size() - 1) : QString();
    switch (action) {
    case Action::Trigger:
        return (escalationKey.isEmpty() ? QString() : QStringLiteral("[ESCALATED] "))
             + QStringLiteral("[FIRING:%1] %2%3").arg(count(core::AlertState::Open)).arg(what, more);
    case Action::Acknowledge:
        return QStringLiteral("[ACK] %1%2").arg(what, more);
    case Action::Resolve:
        return QStringLiteral("[RESOLVED] %1%2").arg(what, more);
    case Action::Test:
        break;
    }
    return QStringLiteral("[TEST] ") + what;
}

QString Notification::dedupKey() const
{
    return QString::fromLatin1(QCryptographicHash::hash(groupKey.toUtf8(), QCryptographicHash::Sha256).toHex());
}

QJsonObject Notification::toJson() const
{
    QJsonArray list;
    for (const core::Alert &a : alerts)
        list.append(core::alertToJson(a));
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("channel"), channel},
                       {QStringLiteral("action"), actionName(action)},
                       {QStringLiteral("group_key"), groupKey},
                       {QStringLiteral("alerts"), list},
                       {QStringLiteral("message"), eventMessage},
                       {QStringLiteral("link"), link},
                       {QStringLiteral("created_at"), core::formatRfc3339(createdAtMs)},
                       {QStringLiteral("escalation_step"), escalationStep},
                       {QStringLiteral("escalation_key"), escalationKey}};
}

Notification Notification::fromJson(const QJsonObject &json)
{
    Notification n;
    n.id = json.value(QLatin1String("id")).toString();
    n.channel = json.value(QLatin1String("channel")).toString();
    const QString action = json.value(QLatin1String("action")).toString();
    n.action = action == QLatin1String("acknowledge") ? Action::Acknowledge
             : action == QLatin1String("resolve")     ? Action::Resolve
             : action == QLatin1String("test")        ? Action::Test
                                                      : Action::Trigger;
    n.groupKey = json.value(QLatin1String("group_key")).toString();
    for (const QJsonValue &a : json.value(QLatin1String("alerts")).toArray())
        n.alerts.append(core::alertFromJson(a.toObject()));
    n.eventMessage = json.value(QLatin1String("message")).toString();
    n.link = json.value(QLatin1String("link")).toString();
    n.createdAtMs = core::parseRfc3339(json.value(QLatin1String("created_at")).toString()).value_or(0);
    n.escalationStep = json.value(QLatin1String("escalation_step")).toInt(-1);
    n.escalationKey = json.value(QLatin1String("escalation_key")).toString();
    return n;
}

} // namespace notify
