#pragma once

#include "storage/StoreError.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QSet>
#include <QSqlDatabase>
#include <QString>
#include <optional>

namespace storage {

// A notification waiting to be sent, sent, or given up on (dead). `notification` is the
// message as JSON without secrets; they are looked up when it is sent.
struct OutboxRow
{
    QString id;
    QString channel;
    QString action;
    QByteArray notification;
    QString state = QStringLiteral("pending"); // pending | sent | dead
    int attempts = 0;
    qint64 nextAttemptAtMs = 0;
    QString lastError;
    qint64 createdAtMs = 0;
    qint64 updatedAtMs = 0;
};

// One step of one alert on one channel (trigger, acknowledge, resolve, escalation:N): recorded
// with the outbox row that announces it, so no step is announced twice, restarts included.
struct NotifiedStep
{
    QString alertId;
    QString channel;
    QString step;
    bool operator==(const NotifiedStep &o) const { return alertId == o.alertId && channel == o.channel && step == o.step; }
};
size_t qHash(const NotifiedStep &step, size_t seed = 0);

// Notification configuration (channels, routing, escalations, schedules, hooks: JSON documents
// by kind and name, never secrets) and the outbox, on a connection owned by the caller.
class NotifyStore final
{
public:
    explicit NotifyStore(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    StoreError saveConfig(const QString &kind, const QString &name, const QByteArray &definition, qint64 nowMs);
    StoreError deleteConfig(const QString &kind, const QString &name);
    QList<QPair<QString, QByteArray>> loadConfig(const QString &kind, StoreError *error);

    // The rows and the steps they announce, in one transaction. Steps already recorded are
    // left as they were.
    StoreError enqueue(const QList<OutboxRow> &rows, const QList<NotifiedStep> &steps);
    QSet<NotifiedStep> stepsFor(const QStringList &alertIds, StoreError *error);
    StoreError update(const OutboxRow &row);
    QList<OutboxRow> rows(const QString &state, int limit, StoreError *error);
    std::optional<OutboxRow> row(const QString &id, StoreError *error);
    qint64 count(const QString &state, const QString &channel, StoreError *error);
    // Sent rows older than `beforeMs` go; pending and dead ones stay until handled.
    StoreError pruneSent(qint64 beforeMs);

private:
    QSqlDatabase m_db;
};

} // namespace storage
