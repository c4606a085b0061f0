#include "storage/AlertStore.h"

#include "core/EventQuery.h"
#include "storage/SqliteConnection.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace storage {

namespace {

const QString alertColumns = QStringLiteral(
    "alert_id, fingerprint, rule_id, slo_id, state, severity, source, title, labels, event_id, assigned_to, starts_at,"
    " created_at, updated_at, last_event_at, occurrences, silenced_until, flapping, previous_alert_id, value, ends_at");

core::AlertState stateFromName(const QString &name)
{
    if (name == QLatin1String("ACK"))
        return core::AlertState::Acknowledged;
    if (name == QLatin1String("RESOLVED"))
        return core::AlertState::Resolved;
    return core::AlertState::Open;
}

core::Alert alertFromRow(const QSqlQuery &q)
{
    core::Alert a;
    a.alertId = q.value(0).toString();
    a.fingerprint = q.value(1).toString();
    a.ruleId = q.value(2).toString();
    a.sloId = q.value(3).toString();
    a.state = stateFromName(q.value(4).toString());
    a.severity = core::Severity(std::clamp(q.value(5).toInt(), 0, core::severityCount - 1));
    a.source = q.value(6).toString();
    a.title = q.value(7).toString();
    const QJsonObject labels = QJsonDocument::fromJson(q.value(8).toByteArray()).object();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        a.labels.insert(it.key(), it.value().toString());
    a.eventId = QUuid::fromString(q.value(9).toString());
    a.assignedTo = q.value(10).toString();
    a.startsAtMs = q.value(11).toLongLong();
    a.createdAtMs = q.value(12).toLongLong();
    a.updatedAtMs = q.value(13).toLongLong();
    a.lastEventAtMs = q.value(14).toLongLong();
    a.occurrences = q.value(15).toLongLong();
    a.silencedUntilMs = q.value(16).toLongLong();
    a.flapping = q.value(17).toBool();
    a.previousAlertId = q.value(18).toString();
    a.value = q.value(19).toDouble();
    a.endsAtMs = q.value(20).toLongLong();
    return a;
}

} // namespace

StoreError AlertStore::saveRule(const QString &id, const QByteArray &definition, qint64 nowMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO rules (id, definition, updated_at) VALUES (?, ?, ?) "
                             "ON CONFLICT(id) DO UPDATE SET definition = excluded.definition, updated_at = excluded.updated_at"));
    q.addBindValue(id);
    q.addBindValue(QString::fromUtf8(definition));
    q.addBindValue(nowMs);
    return q.exec() ? StoreError{} : queryError(q);
}

StoreError AlertStore::deleteRule(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM rules WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() ? StoreError{} : queryError(q);
}

QList<QPair<QString, QByteArray>> AlertStore::loadRules(StoreError *error)
{
    QList<QPair<QString, QByteArray>> rules;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT id, definition FROM rules ORDER BY id"))) {
        *error = queryError(q);
        return rules;
    }
    while (q.next())
        rules.append({q.value(0).toString(), q.value(1).toString().toUtf8()});
    return rules;
}

StoreError AlertStore::saveChanges(const QList<core::Alert> &alerts, const QList<core::TimelineEntry> &timeline)
{
    if (alerts.isEmpty() && timeline.isEmpty())
        return {};
    return inTransaction(m_db, [&]() -> StoreError {
        QSqlQuery upsert(m_db);
        upsert.prepare(QStringLiteral("INSERT OR REPLACE INTO alerts (") + alertColumns
                       + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        for (const core::Alert &a : alerts) {
            QJsonObject labels;
            for (auto it = a.labels.cbegin(); it != a.labels.cend(); ++it)
                labels.insert(it.key(), it.value());
            const StoreError error = execBound(
                upsert, {a.alertId, a.fingerprint, a.ruleId, a.sloId.isEmpty() ? QVariant() : QVariant(a.sloId), core::alertStateName(a.state),
                         int(a.severity), a.source, a.title, QString::fromUtf8(QJsonDocument(labels).toJson(QJsonDocument::Compact)),
                         a.eventId.isNull() ? QVariant() : QVariant(a.eventId.toString(QUuid::WithoutBraces)), a.assignedTo, a.startsAtMs,
                         a.createdAtMs, a.updatedAtMs, a.lastEventAtMs, a.occurrences, a.silencedUntilMs, a.flapping ? 1 : 0,
                         a.previousAlertId.isEmpty() ? QVariant() : QVariant(a.previousAlertId), a.value, a.endsAtMs});
            if (error.isError())
                return error;
        }
        QSqlQuery insert(m_db);
        insert.prepare(QStringLiteral("INSERT INTO timeline (timeline_id, alert_id, kind, actor, entry, timestamp, event_ids) VALUES (?, ?, ?, ?, ?, ?, ?)"));
        for (const core::TimelineEntry &t : timeline) {
            QJsonArray ids;
            for (const QUuid &id : t.eventIds)
                ids.append(id.toString(QUuid::WithoutBraces));
            const StoreError error = execBound(insert, {t.timelineId, t.alertId, t.kind, t.actor, t.entry, t.timestampMs,
                                                        QString::fromUtf8(QJsonDocument(ids).toJson(QJsonDocument::Compact))});
            if (error.isError())
                return error;
        }
        return {};
    });
}

QList<core::Alert> AlertStore::loadUnresolved(StoreError *error)
{
    QList<core::Alert> alerts;
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT ") + alertColumns + QStringLiteral(" FROM alerts WHERE state != 'RESOLVED'"))) {
        *error = queryError(q);
        return alerts;
    }
    while (q.next())
        alerts.append(alertFromRow(q));
    return alerts;
}

std::optional<core::Alert> AlertStore::alert(const QString &alertId, StoreError *error)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT ") + alertColumns + QStringLiteral(" FROM alerts WHERE alert_id = ?"));
    q.addBindValue(alertId);
    if (!q.exec()) {
        *error = queryError(q);
        return std::nullopt;
    }
    if (!q.next())
        return std::nullopt;
    return alertFromRow(q);
}

StoreError AlertStore::queryAlerts(const AlertQuery &query, AlertPage *page)
{
    // rowid breaks ties between alerts created in the same millisecond (column 20).
    QString sql = QStringLiteral("SELECT ") + alertColumns + QStringLiteral(", rowid FROM alerts WHERE 1 = 1");
    QVariantList binds;
    const auto add = [&](const QString &condition, const QVariant &value) {
        sql += QStringLiteral(" AND ") + condition;
        binds.append(value);
    };
    if (!query.state.isEmpty())
        add(QStringLiteral("state = ?"), query.state);
    if (!query.source.isEmpty())
        add(QStringLiteral("source = ?"), query.source);
    if (query.severity)
        add(QStringLiteral("severity = ?"), int(*query.severity));
    if (!query.ruleId.isEmpty())
        add(QStringLiteral("rule_id = ?"), query.ruleId);
    if (!query.sloId.isEmpty())
        add(QStringLiteral("slo_id = ?"), query.sloId);
    if (query.sinceMs)
        add(QStringLiteral("created_at >= ?"), *query.sinceMs);
    core::EventQuery position; // the same opaque (time, tie-break) cursor as events
    if (!query.cursor.isEmpty() && core::decodeCursor(query.cursor, &position)) {
        sql += QStringLiteral(" AND (created_at < ? OR (created_at = ? AND rowid < ?))");
        binds << *position.cursorTs << *position.cursorTs << position.cursorSeq;
    }
    const int limit = std::clamp(query.limit, 1, 1000);
    sql += QStringLiteral(" ORDER BY created_at DESC, rowid DESC LIMIT %1").arg(limit + 1);
    QSqlQuery q(m_db);
    q.prepare(sql);
    for (qsizetype i = 0; i < binds.size(); ++i)
        q.bindValue(int(i), binds[i]);
    if (!q.exec())
        return queryError(q);
    page->alerts.clear();
    page->nextCursor.clear();
    qint64 lastRowid = 0;
    while (q.next()) {
        if (page->alerts.size() == limit) {
            page->nextCursor = core::encodeCursor(page->alerts.last().createdAtMs, lastRowid);
            break;
        }
        page->alerts.append(alertFromRow(q));
        lastRowid = q.value(21).toLongLong();
    }
    return {};
}

StoreError AlertStore::summary(AlertSummary *summary)
{
    QSqlQuery q(m_db);
    if (!q.exec(QStringLiteral("SELECT severity, state, source, COUNT(*) FROM alerts GROUP BY severity, state, source")))
        return queryError(q);
    while (q.next()) {
        const QString severity = core::severityName(core::Severity(std::clamp(q.value(0).toInt(), 0, core::severityCount - 1)));
        const QString state = q.value(1).toString();
        const qint64 count = q.value(3).toLongLong();
        summary->bySeverityAndState[severity][state] += count;
        summary->bySource[q.value(2).toString()][state] += count;
    }
    return {};
}

QList<core::TimelineEntry> AlertStore::timeline(const QString &alertId, StoreError *error)
{
    QList<core::TimelineEntry> entries;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT timeline_id, alert_id, kind, actor, entry, timestamp, event_ids FROM timeline "
                             "WHERE alert_id = ? ORDER BY timestamp, rowid"));
    q.addBindValue(alertId);
    if (!q.exec()) {
        *error = queryError(q);
        return entries;
    }
    while (q.next()) {
        core::TimelineEntry t{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                              q.value(4).toString(), q.value(5).toLongLong(), {}};
        for (const QJsonValue &id : QJsonDocument::fromJson(q.value(6).toByteArray()).array())
            t.eventIds.append(QUuid::fromString(id.toString()));
        entries.append(t);
    }
    return entries;
}

StoreError AlertStore::saveSilence(const QString &id, const QByteArray &definition, qint64 endsAtMs)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT OR REPLACE INTO silences (id, definition, ends_at) VALUES (?, ?, ?)"));
    q.addBindValue(id);
    q.addBindValue(QString::fromUtf8(definition));
    q.addBindValue(endsAtMs);
    return q.exec() ? StoreError{} : queryError(q);
}

StoreError AlertStore::deleteSilence(const QString &id)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("DELETE FROM silences WHERE id = ?"));
    q.addBindValue(id);
    return q.exec() ? StoreError{} : queryError(q);
}

QList<QByteArray> AlertStore::loadSilences(qint64 nowMs, StoreError *error)
{
    QList<QByteArray> silences;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT definition FROM silences WHERE ends_at > ? ORDER BY id"));
    q.addBindValue(nowMs);
    if (!q.exec()) {
        *error = queryError(q);
        return silences;
    }
    while (q.next())
        silences.append(q.value(0).toString().toUtf8());
    return silences;
}

StoreError AlertStore::audit(qint64 atMs, const QString &actor, const QString &action, const QString &target,
                             const QByteArray &before, const QByteArray &after)
{
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("INSERT INTO audit_log (at, actor, action, target, before, after) VALUES (?, ?, ?, ?, ?, ?)"));
    q.addBindValue(atMs);
    q.addBindValue(actor);
    q.addBindValue(action);
    q.addBindValue(target);
    q.addBindValue(before.isNull() ? QVariant() : QVariant(QString::fromUtf8(before)));
    q.addBindValue(after.isNull() ? QVariant() : QVariant(QString::fromUtf8(after)));
    return q.exec() ? StoreError{} : queryError(q);
}

QList<QStringList> AlertStore::auditLog(const QString &target, StoreError *error)
{
    QList<QStringList> rows;
    QSqlQuery q(m_db);
    q.prepare(QStringLiteral("SELECT at, actor, action, target, before, after FROM audit_log WHERE target = ? ORDER BY id"));
    q.addBindValue(target);
    if (!q.exec()) {
        *error = queryError(q);
        return rows;
    }
    while (q.next())
        rows.append({q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                     q.value(4).toString(), q.value(5).toString()});
    return rows;
}

} // namespace storage
