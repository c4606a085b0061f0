#include "core/AlertJson.h"

#include "core/Rfc3339.h"

#include <QJsonArray>

namespace core {

namespace {
QJsonValue time(qint64 ms)
{
    return ms ? QJsonValue(core::formatRfc3339(ms)) : QJsonValue();
}
QJsonValue text(const QString &s)
{
    return s.isEmpty() ? QJsonValue() : QJsonValue(s);
}
} // namespace

QJsonObject alertToJson(const core::Alert &a)
{
    QJsonObject labels;
    for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
        labels.insert(it.key(), it.value());
    return QJsonObject{{QStringLiteral("alert_id"), a.alertId},
                       {QStringLiteral("event_id"), a.eventId.isNull() ? QJsonValue() : QJsonValue(a.eventId.toString(QUuid::WithoutBraces))},
                       {QStringLiteral("rule_id"), text(a.ruleId)},
                       {QStringLiteral("slo_id"), text(a.sloId)},
                       {QStringLiteral("state"), core::alertStateName(a.state)},
                       {QStringLiteral("assigned_to"), text(a.assignedTo)},
                       {QStringLiteral("fingerprint"), a.fingerprint},
                       {QStringLiteral("severity"), core::severityName(a.severity)},
                       {QStringLiteral("source"), a.source},
                       {QStringLiteral("title"), a.title},
                       {QStringLiteral("labels"), labels},
                       {QStringLiteral("occurrences"), a.occurrences},
                       {QStringLiteral("starts_at"), time(a.startsAtMs)},
                       {QStringLiteral("created_at"), time(a.createdAtMs)},
                       {QStringLiteral("updated_at"), time(a.updatedAtMs)},
                       {QStringLiteral("last_event_at"), time(a.lastEventAtMs)},
                       {QStringLiteral("silenced_until"), time(a.silencedUntilMs)},
                       {QStringLiteral("flapping"), a.flapping},
                       {QStringLiteral("previous_alert_id"), text(a.previousAlertId)},
                       {QStringLiteral("value"), a.value},
                       {QStringLiteral("ends_at"), time(a.endsAtMs)}};
}

QJsonObject timelineEntryToJson(const core::TimelineEntry &t)
{
    QJsonArray ids;
    for (const QUuid &id : t.eventIds)
        ids.append(id.toString(QUuid::WithoutBraces));
    return QJsonObject{{QStringLiteral("timeline_id"), t.timelineId}, {QStringLiteral("alert_id"), t.alertId},
                       {QStringLiteral("kind"), t.kind},             {QStringLiteral("actor"), t.actor},
                       {QStringLiteral("entry"), t.entry},           {QStringLiteral("timestamp"), core::formatRfc3339(t.timestampMs)},
                       {QStringLiteral("event_ids"), ids}};
}

Alert alertFromJson(const QJsonObject &o)
{
    Alert a;
    a.alertId = o.value(QLatin1String("alert_id")).toString();
    a.ruleId = o.value(QLatin1String("rule_id")).toString();
    a.sloId = o.value(QLatin1String("slo_id")).toString();
    a.fingerprint = o.value(QLatin1String("fingerprint")).toString();
    const QString state = o.value(QLatin1String("state")).toString();
    a.state = state == QLatin1String("ACK") ? AlertState::Acknowledged
            : state == QLatin1String("RESOLVED") ? AlertState::Resolved
                                                 : AlertState::Open;
    a.severity = parseSeverity(o.value(QLatin1String("severity")).toString()).value_or(Severity::Warn);
    a.source = o.value(QLatin1String("source")).toString();
    a.title = o.value(QLatin1String("title")).toString();
    const QJsonObject labels = o.value(QLatin1String("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        a.labels.insert(it.key(), it.value().toString());
    a.eventId = QUuid::fromString(o.value(QLatin1String("event_id")).toString());
    a.assignedTo = o.value(QLatin1String("assigned_to")).toString();
    const auto time = [&o](const char *key) { return parseRfc3339(o.value(QLatin1String(key)).toString()).value_or(0); };
    a.startsAtMs = time("starts_at");
    a.createdAtMs = time("created_at");
    a.updatedAtMs = time("updated_at");
    a.lastEventAtMs = time("last_event_at");
    a.silencedUntilMs = time("silenced_until");
    a.endsAtMs = time("ends_at");
    a.occurrences = o.value(QLatin1String("occurrences")).toInteger(1);
    a.flapping = o.value(QLatin1String("flapping")).toBool();
    a.previousAlertId = o.value(QLatin1String("previous_alert_id")).toString();
    a.value = o.value(QLatin1String("value")).toDouble();
    return a;
}

} // namespace core
