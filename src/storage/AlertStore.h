#pragma once

#include "core/Alert.h"
#include "storage/StoreError.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSqlDatabase>
#include <optional>

namespace storage {

struct AlertQuery
{
    QString state;  // OPEN, ACK, RESOLVED; empty = any
    QString source;
    std::optional<core::Severity> severity;
    QString ruleId;
    QString sloId;
    std::optional<qint64> sinceMs; // created at or after
    int limit = 100;
    QString cursor;
};

struct AlertPage
{
    QList<core::Alert> alerts;
    QString nextCursor;
};

struct AlertSummary
{
    QMap<QString, QMap<QString, qint64>> bySeverityAndState; // severity -> state -> count
    QMap<QString, QMap<QString, qint64>> bySource;           // source -> state -> count
};

// Rules (as canonical JSON), alerts, timelines, silences (as JSON) and the audit log, on a
// connection owned by the calling thread.
class AlertStore final
{
public:
    explicit AlertStore(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    StoreError saveRule(const QString &id, const QByteArray &definition, qint64 nowMs);
    StoreError deleteRule(const QString &id);
    QList<QPair<QString, QByteArray>> loadRules(StoreError *error);

    // One transaction: the alerts in their new state, the timeline entries, optional audit rows.
    StoreError saveChanges(const QList<core::Alert> &alerts, const QList<core::TimelineEntry> &timeline);
    QList<core::Alert> loadUnresolved(StoreError *error);
    std::optional<core::Alert> alert(const QString &alertId, StoreError *error);
    StoreError queryAlerts(const AlertQuery &query, AlertPage *page);
    StoreError summary(AlertSummary *summary);
    QList<core::TimelineEntry> timeline(const QString &alertId, StoreError *error);

    StoreError saveSilence(const QString &id, const QByteArray &definition, qint64 endsAtMs);
    StoreError deleteSilence(const QString &id);
    QList<QByteArray> loadSilences(qint64 nowMs, StoreError *error);

    StoreError audit(qint64 atMs, const QString &actor, const QString &action, const QString &target,
                     const QByteArray &before, const QByteArray &after);
    QList<QStringList> auditLog(const QString &target, StoreError *error); // at, actor, action, target, before, after

private:
    QSqlDatabase m_db;
};

} // namespace storage
