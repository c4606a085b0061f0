#pragma once

#include "core/Alert.h"
#include "core/Clock.h"
#include "core/EventId.h"
#include "core/Interfaces.h"
#include "ingest/ApiServer.h"
#include "notify/Channel.h"
#include "notify/DeliveryPolicy.h"
#include "notify/Escalation.h"
#include "notify/Hook.h"
#include "rules/Rule.h"
#include "notify/Schedule.h"
#include "services/NamedConfigs.h"
#include "notify/Grouper.h"
#include "notify/Routing.h"
#include "notify/Scrubber.h"
#include "storage/AlertStore.h"
#include "storage/EventStoreReader.h"
#include "storage/NotifyStore.h"
#include "storage/SqliteConnection.h"

#include <QHash>
#include <QObject>
#include <QRandomGenerator>
#include <QTimer>
#include <memory>

namespace notify {
class HttpSender;
struct DeliveryResult;
} // namespace notify

namespace services {

// Alert changes in, messages out: routing, grouping, the persistent outbox with retries, dead
// letters and per-channel circuit breakers, and the notification settings API. Lives on a
// thread of its own with its own store connection; a notification is in the outbox (and the
// alert steps it announces are recorded) before anything is sent, so nothing is lost or sent
// twice across restarts.
class NotificationService final : public QObject
{
    Q_OBJECT

public:
    struct Tuning
    {
        qint64 retryBaseMs = 1000;
        qint64 circuitOpenMs = 60000;
    };
    NotificationService(QString databasePath, const core::Clock *clock, std::shared_ptr<core::SecretStore> secrets, Tuning tuning,
                        QObject *parent = nullptr);
    ~NotificationService() override;

    // On the service's thread: opens the store, loads settings and the outbox, and picks up
    // alert steps that were not announced before the last stop.
    QString start();
    void stop();
    void registerRoutes(ingest::ApiServer *api);
    void alertsChanged(const QList<core::Alert> &alerts);

private:
    using Call = ingest::ApiServer::RouteCall;
    using Respond = ingest::ApiServer::Respond;

    struct ChannelHealth
    {
        QString lastError;
        qint64 lastErrorAtMs = 0;
        qint64 lastSuccessAtMs = 0;
    };

    bool isRunning() const { return m_store != nullptr; }
    void consider(const QList<core::Alert> &alerts);
    void schedule();
    void wake();
    void flushGroups(qint64 nowMs);
    void escalate(qint64 nowMs);
    void enqueue(QList<notify::Notification> notifications, qint64 nowMs);
    void dispatch(qint64 nowMs);
    void send(storage::OutboxRow row, qint64 nowMs);
    void finish(const QString &id, const notify::DeliveryResult &result);
    void timeline(const QStringList &alertIds, const QString &kind, const QString &entry);
    QString eventMessage(const core::Alert &alert);
    // The channel's secret `field`: its environment variable, else the keychain (cached).
    std::optional<QString> secret(const notify::ChannelConfig &channel, const QString &field, QString *error);
    QString secretKey(const QString &channel, const QString &field) const;
    QList<notify::ChannelConfig> channelList() const;
    notify::Grouper::Timing timing() const;

    void putChannel(const Call &call, const Respond &respond);
    void getChannel(const Call &call, const Respond &respond);
    void listChannels(const Call &call, const Respond &respond);
    void deleteChannel(const Call &call, const Respond &respond);
    void putRouting(const Call &call, const Respond &respond);
    void getRouting(const Call &call, const Respond &respond);
    void putScrubbing(const Call &call, const Respond &respond);
    void getScrubbing(const Call &call, const Respond &respond);
    void listOutbox(const Call &call, const Respond &respond);
    void retryOutbox(const Call &call, const Respond &respond);
    void testAlert(const Call &call, const Respond &respond);
    void putSchedule(const Call &call, const Respond &respond);
    void getSchedule(const Call &call, const Respond &respond);
    void listSchedules(const Call &call, const Respond &respond);
    void deleteSchedule(const Call &call, const Respond &respond);
    void onCall(const Call &call, const Respond &respond);
    void putEscalation(const Call &call, const Respond &respond);
    void getEscalation(const Call &call, const Respond &respond);
    void listEscalations(const Call &call, const Respond &respond);
    void deleteEscalation(const Call &call, const Respond &respond);
    // Where a configuration item is still referred to ("routing routes[0]", "escalation db"...).
    QStringList usersOfChannel(const QString &name) const;
    QStringList usersOfSchedule(const QString &name) const;
    void putHook(const Call &call, const Respond &respond);
    void getHook(const Call &call, const Respond &respond);
    void listHooks(const Call &call, const Respond &respond);
    void deleteHook(const Call &call, const Respond &respond);
    void offeredHooks(const Call &call, const Respond &respond);
    void remediate(const Call &call, const Respond &respond);
    // Runs `hook` for `alert`, writes the outcome to the timeline and the audit log, and hands
    // it ({"hook", "status", "duration_ms", "excerpt", ...}) to `done`.
    void runHook(const notify::Hook &hook, const core::Alert &alert, const QString &actor, std::function<void(const QJsonObject &)> done);
    void autoRemediate(const core::Alert &alert, qint64 nowMs);
    // The rules, re-read from the store at most every few seconds (the alert service owns them).
    const QMap<QString, rules::Rule> &rulesById();
    void health(const Call &call, const Respond &respond);
    QJsonObject channelJson(const notify::ChannelConfig &channel);
    ConfigContext configContext() const;

    QString m_databasePath;
    const core::Clock *m_clock;
    std::shared_ptr<core::SecretStore> m_secrets;
    Tuning m_tuning;
    storage::SqliteConnection m_connection;
    std::unique_ptr<storage::NotifyStore> m_store;
    std::unique_ptr<storage::AlertStore> m_alerts; // timeline entries and audit rows
    storage::EventStoreReader m_events;            // the triggering event's message
    QMap<QString, notify::ChannelConfig> m_channels;
    notify::RoutingConfig m_routing;
    notify::ScrubbingConfig m_scrubbingConfig;
    notify::Scrubber m_scrubber;
    notify::Grouper m_grouper;
    NamedConfigs<notify::Schedule> m_schedules;
    NamedConfigs<notify::EscalationPolicy> m_escalations;
    notify::Escalator m_escalator;
    NamedConfigs<notify::Hook> m_hooks;
    QHash<QString, qint64> m_autoRemediatedAtMs; // rule + hook + fingerprint -> last run
    QMap<QString, rules::Rule> m_rules;
    qint64 m_rulesReadAtMs = -1;
    QMap<QString, storage::OutboxRow> m_pending; // outbox rows still to send
    QSet<QString> m_inFlight;
    QHash<QString, notify::CircuitBreaker> m_breakers;
    QHash<QString, ChannelHealth> m_health;
    QHash<QString, QString> m_secretCache; // keychain key -> secret
    core::EventIdGenerator m_ids;
    QRandomGenerator m_jitter;
    notify::HttpSender *m_http = nullptr;
    notify::CircuitBreaker &breaker(const QString &channel);
    QTimer *m_timer = nullptr;
};

} // namespace services
