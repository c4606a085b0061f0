#include "services/NotificationService.h"

#include "core/ApiKeys.h"
#include "core/Rfc3339.h"
#include "notify/Messages.h"
#include "notify/Senders.h"
#include "services/RouteSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QThreadPool>
#include <QUrlQuery>

namespace services {

using ingest::HttpResponse;

namespace {

const QString channelKind = QStringLiteral("channel");
const QString routingKind = QStringLiteral("routing");
const QString scrubbingKind = QStringLiteral("scrubbing");
const QString scheduleKind = QStringLiteral("schedule");
const QString escalationKind = QStringLiteral("escalation");
const QString hookKind = QStringLiteral("hook");
constexpr int sendTimeoutMs = 10000;
constexpr qint64 keepSentMs = 7LL * 24 * 3600 * 1000;

QString stepName(const core::Alert &alert)
{
    switch (alert.state) {
    case core::AlertState::Open:
        return QStringLiteral("trigger");
    case core::AlertState::Acknowledged:
        return QStringLiteral("acknowledge");
    case core::AlertState::Resolved:
        break;
    }
    return QStringLiteral("resolve");
}

// The steps a notification announces: for a trigger, its open alerts; for an acknowledgement,
// the acknowledged ones; for a resolution, all.
QList<storage::NotifiedStep> stepsOf(const notify::Notification &n)
{
    QList<storage::NotifiedStep> steps;
    if (!n.escalationKey.isEmpty()) {
        for (const core::Alert &a : n.alerts)
            steps.append({a.alertId, n.channel, n.escalationKey});
        return steps;
    }
    for (const core::Alert &a : n.alerts) {
        if (n.action == notify::Notification::Action::Trigger && a.state != core::AlertState::Open)
            continue;
        if (n.action == notify::Notification::Action::Acknowledge && a.state != core::AlertState::Acknowledged)
            continue;
        steps.append({a.alertId, n.channel, notify::actionName(n.action)});
    }
    return steps;
}

QStringList alertIdsOf(const notify::Notification &n)
{
    QStringList ids;
    for (const core::Alert &a : n.alerts)
        ids.append(a.alertId);
    return ids;
}

QJsonObject outboxJson(const storage::OutboxRow &row)
{
    const notify::Notification n = notify::Notification::fromJson(QJsonDocument::fromJson(row.notification).object());
    return QJsonObject{{QStringLiteral("id"), row.id},
                       {QStringLiteral("channel"), row.channel},
                       {QStringLiteral("action"), row.action},
                       {QStringLiteral("title"), n.title()},
                       {QStringLiteral("alert_ids"), QJsonArray::fromStringList(alertIdsOf(n))},
                       {QStringLiteral("state"), row.state},
                       {QStringLiteral("attempts"), row.attempts},
                       {QStringLiteral("next_attempt_at"), row.state == QLatin1String("pending") ? QJsonValue(core::formatRfc3339(row.nextAttemptAtMs)) : QJsonValue()},
                       {QStringLiteral("last_error"), row.lastError.isEmpty() ? QJsonValue() : QJsonValue(row.lastError)},
                       {QStringLiteral("created_at"), core::formatRfc3339(row.createdAtMs)},
                       {QStringLiteral("updated_at"), core::formatRfc3339(row.updatedAtMs)}};
}

} // namespace

NotificationService::NotificationService(QString databasePath, const core::Clock *clock, std::shared_ptr<core::SecretStore> secrets, Tuning tuning,
                                         QObject *parent)
    : QObject(parent)
    , m_databasePath(std::move(databasePath))
    , m_clock(clock)
    , m_secrets(std::move(secrets))
    , m_tuning(tuning)
    , m_schedules(scheduleKind, QStringLiteral("schedule"),
                  [this](const QString &name, const QJsonObject &json, QList<notify::ConfigProblem> *problems) {
                      return notify::parseSchedule(name, json, m_channels.keys(), problems);
                  },
                  notify::scheduleToJson)
    , m_escalations(escalationKind, QStringLiteral("escalation policy"),
                    [this](const QString &name, const QJsonObject &json, QList<notify::ConfigProblem> *problems) {
                        return notify::parseEscalation(name, json, m_channels.keys(), m_schedules.items().keys(), problems);
                    },
                    notify::escalationToJson)
    , m_hooks(hookKind, QStringLiteral("hook"), notify::parseHook, notify::hookToJson)
    , m_jitter(QRandomGenerator::securelySeeded())
{
}

NotificationService::~NotificationService() = default;

notify::CircuitBreaker &NotificationService::breaker(const QString &channel)
{
    auto it = m_breakers.find(channel);
    if (it == m_breakers.end())
        it = m_breakers.insert(channel, notify::CircuitBreaker(m_tuning.circuitOpenMs));
    return *it;
}

QString NotificationService::start()
{
    if (const storage::StoreError error = m_connection.open(m_databasePath, QStringLiteral("sentinel-notify")); error.isError())
        return error.message;
    if (const storage::StoreError error = m_events.open(m_databasePath, QStringLiteral("sentinel-notify-events")); error.isError())
        return error.message;
    m_store = std::make_unique<storage::NotifyStore>(m_connection.database());
    m_alerts = std::make_unique<storage::AlertStore>(m_connection.database());
    storage::StoreError error;
    for (const auto &[name, definition] : m_store->loadConfig(channelKind, &error)) {
        if (const auto channel = notify::channelFromStorage(name, QJsonDocument::fromJson(definition).object()))
            m_channels.insert(name, *channel);
        else
            qWarning().noquote() << "stored channel" << name << "no longer validates";
    }
    m_schedules.load(*m_store, &error);
    m_escalations.load(*m_store, &error);
    m_escalator.setPolicies(m_escalations.items().values());
    m_hooks.load(*m_store, &error);
    const auto routing = m_store->loadConfig(routingKind, &error);
    if (!routing.isEmpty()) {
        QList<notify::ConfigProblem> problems;
        if (const auto parsed = notify::parseRouting(QJsonDocument::fromJson(routing.first().second).object(), m_channels.keys(), &problems))
            m_routing = *parsed;
    }
    const auto scrubbing = m_store->loadConfig(scrubbingKind, &error);
    if (!scrubbing.isEmpty()) {
        const QJsonObject json = QJsonDocument::fromJson(scrubbing.first().second).object();
        m_scrubbingConfig.extraPatterns = json.value(QLatin1String("patterns")).toVariant().toStringList();
        m_scrubbingConfig.extraFields = json.value(QLatin1String("fields")).toVariant().toStringList();
        m_scrubber = notify::Scrubber(m_scrubbingConfig);
    }
    for (const storage::OutboxRow &row : m_store->rows(QStringLiteral("pending"), 1000000, &error))
        m_pending.insert(row.id, row);
    if (error.isError())
        return error.message;
    m_http = new notify::HttpSender(this);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &NotificationService::wake);
    // Alerts that changed while Sentinel was down, or whose group had not spoken yet: their
    // steps not yet announced are taken up again (the announced ones are skipped).
    QList<core::Alert> unfinished = m_alerts->loadUnresolved(&error);
    storage::AlertPage recent;
    storage::AlertQuery query;
    query.state = QStringLiteral("RESOLVED");
    query.sinceMs = m_clock->nowMs() - 24LL * 3600 * 1000;
    query.limit = 1000;
    if (!m_alerts->queryAlerts(query, &recent).isError())
        unfinished += recent.alerts;
    consider(unfinished);
    m_store->pruneSent(m_clock->nowMs() - keepSentMs);
    schedule();
    return {};
}

void NotificationService::stop()
{
    if (m_timer)
        m_timer->stop();
    // Requests and hook commands still running answer into this object: end them while its
    // members are alive (their rows stay pending and go out after the next start).
    delete std::exchange(m_http, nullptr); // null first: an answer arriving now must not send again
    for (QProcess *process : findChildren<QProcess *>()) {
        process->disconnect();
        process->kill();
        process->waitForFinished(1000);
        delete process;
    }
    m_store.reset();
    m_alerts.reset();
    m_events.close();
    m_connection.close();
}

void NotificationService::registerRoutes(ingest::ApiServer *api)
{
    const auto route = [this, api](const char *method, const char *pattern, const QString &scope,
                                   void (NotificationService::*handler)(const Call &, const Respond &)) {
        addServiceRoute(api, this, method, pattern, scope, handler, &NotificationService::isRunning,
                        QStringLiteral("the notification service is not running"));
    };
    using S = NotificationService;
    route("GET", "/v1/notify/channels", core::scopes::admin, &S::listChannels);
    route("GET", "/v1/notify/channels/{}", core::scopes::admin, &S::getChannel);
    route("PUT", "/v1/notify/channels/{}", core::scopes::admin, &S::putChannel);
    route("DELETE", "/v1/notify/channels/{}", core::scopes::admin, &S::deleteChannel);
    route("GET", "/v1/notify/routing", core::scopes::admin, &S::getRouting);
    route("PUT", "/v1/notify/routing", core::scopes::admin, &S::putRouting);
    route("GET", "/v1/notify/scrubbing", core::scopes::admin, &S::getScrubbing);
    route("PUT", "/v1/notify/scrubbing", core::scopes::admin, &S::putScrubbing);
    route("GET", "/v1/notify/outbox", core::scopes::admin, &S::listOutbox);
    route("POST", "/v1/notify/outbox/{}/retry", core::scopes::admin, &S::retryOutbox);
    route("POST", "/api/test/alert", core::scopes::admin, &S::testAlert);
    route("GET", "/v1/notify/schedules", core::scopes::admin, &S::listSchedules);
    route("GET", "/v1/notify/schedules/{}", core::scopes::admin, &S::getSchedule);
    route("PUT", "/v1/notify/schedules/{}", core::scopes::admin, &S::putSchedule);
    route("DELETE", "/v1/notify/schedules/{}", core::scopes::admin, &S::deleteSchedule);
    route("GET", "/v1/notify/schedules/{}/oncall", core::scopes::admin, &S::onCall);
    route("GET", "/v1/notify/escalations", core::scopes::admin, &S::listEscalations);
    route("GET", "/v1/notify/escalations/{}", core::scopes::admin, &S::getEscalation);
    route("PUT", "/v1/notify/escalations/{}", core::scopes::admin, &S::putEscalation);
    route("DELETE", "/v1/notify/escalations/{}", core::scopes::admin, &S::deleteEscalation);
    route("GET", "/v1/hooks", core::scopes::admin, &S::listHooks);
    route("GET", "/v1/hooks/{}", core::scopes::admin, &S::getHook);
    route("PUT", "/v1/hooks/{}", core::scopes::admin, &S::putHook);
    route("DELETE", "/v1/hooks/{}", core::scopes::admin, &S::deleteHook);
    route("GET", "/v1/alerts/{}/hooks", core::scopes::alertRead, &S::offeredHooks);
    route("POST", "/v1/alerts/{}/remediate", core::scopes::alertWrite, &S::remediate);
    route("GET", "/api/health/notifications", core::scopes::admin, &S::health);
}

void NotificationService::alertsChanged(const QList<core::Alert> &alerts)
{
    if (!m_store)
        return;
    consider(alerts);
    schedule();
}

QList<notify::ChannelConfig> NotificationService::channelList() const
{
    return m_channels.values();
}

notify::Grouper::Timing NotificationService::timing() const
{
    return {m_routing.groupWaitMs, m_routing.groupIntervalMs};
}

void NotificationService::consider(const QList<core::Alert> &alerts)
{
    if (alerts.isEmpty())
        return;
    QStringList ids;
    for (const core::Alert &a : alerts)
        ids.append(a.alertId);
    storage::StoreError error;
    const QSet<storage::NotifiedStep> announced = m_store->stepsFor(ids, &error);
    const qint64 now = m_clock->nowMs();
    const QList<notify::ChannelConfig> channels = channelList();
    for (const core::Alert &alert : alerts) {
        // A silence or flapping holds notifications; the alert still counts in its group.
        const bool held = alert.silencedUntilMs > now || alert.flapping;
        if (!m_escalations.items().isEmpty())
            m_escalator.update(alert, held);
        if (alert.state == core::AlertState::Open && !held && !m_hooks.items().isEmpty())
            autoRemediate(alert, now);
        const QString group = m_routing.groupKeyFor(alert);
        for (const QString &channel : m_routing.channelsFor(alert, channels)) {
            if (!m_channels.contains(channel) || announced.contains({alert.alertId, channel, stepName(alert)}))
                continue;
            const bool triggered = announced.contains({alert.alertId, channel, QStringLiteral("trigger")});
            m_grouper.update(channel, group, alert, !held, triggered, timing(), now);
        }
    }
}

void NotificationService::schedule()
{
    if (!m_timer)
        return;
    const qint64 now = m_clock->nowMs();
    qint64 next = m_grouper.nextDueMs();
    if (const qint64 escalation = m_escalator.nextDueMs(); escalation >= 0 && (next < 0 || escalation < next))
        next = escalation;
    for (const storage::OutboxRow &row : std::as_const(m_pending)) {
        if (m_inFlight.contains(row.id))
            continue;
        qint64 at = row.nextAttemptAtMs;
        const auto breaker = m_breakers.constFind(row.channel);
        if (breaker != m_breakers.cend() && breaker->state(now) == notify::CircuitBreaker::State::Open)
            at = std::max(at, breaker->reopensAtMs());
        if (next < 0 || at < next)
            next = at;
    }
    if (next < 0)
        return m_timer->stop();
    m_timer->start(int(std::clamp<qint64>(next - now, 0, 60000)));
}

void NotificationService::wake()
{
    if (!m_store)
        return;
    const qint64 now = m_clock->nowMs();
    flushGroups(now);
    escalate(now);
    dispatch(now);
    schedule();
}

void NotificationService::flushGroups(qint64 nowMs)
{
    QList<notify::Notification> due = m_grouper.takeDue(nowMs);
    if (!due.isEmpty())
        enqueue(std::move(due), nowMs);
}

void NotificationService::enqueue(QList<notify::Notification> notifications, qint64 nowMs)
{
    QList<storage::OutboxRow> rows;
    QList<storage::NotifiedStep> steps;
    for (notify::Notification &n : notifications) {
        n.id = m_ids.next(nowMs).toString(QUuid::WithoutBraces);
        if (!n.alerts.isEmpty()) {
            n.eventMessage = eventMessage(n.alerts.first());
            if (!m_routing.externalUrl.isEmpty())
                n.link = m_routing.externalUrl + QStringLiteral("/v1/incidents/timeline?alert=") + n.alerts.first().alertId;
        }
        storage::OutboxRow row;
        row.id = n.id;
        row.channel = n.channel;
        row.action = notify::actionName(n.action);
        row.notification = compactJson(n.toJson());
        row.nextAttemptAtMs = nowMs;
        row.createdAtMs = nowMs;
        row.updatedAtMs = nowMs;
        rows.append(row);
        steps += stepsOf(n);
    }
    if (const storage::StoreError error = m_store->enqueue(rows, steps); error.isError()) {
        qWarning().noquote() << "could not record notifications in the outbox:" << error.message;
        return;
    }
    for (const storage::OutboxRow &row : std::as_const(rows))
        m_pending.insert(row.id, row);
}

void NotificationService::escalate(qint64 nowMs)
{
    const QList<notify::Escalator::Due> due = m_escalator.takeDue(nowMs);
    if (due.isEmpty())
        return;
    QStringList ids;
    for (const auto &d : due)
        ids.append(d.alert.alertId);
    storage::StoreError error;
    const QSet<storage::NotifiedStep> announced = m_store->stepsFor(ids, &error);
    QList<notify::Notification> notifications;
    for (const notify::Escalator::Due &d : due) {
        QStringList channels;
        QStringList reached;
        for (const QString &target : d.targets) {
            const QString name = target.section(QLatin1Char(':'), 1);
            if (target.startsWith(QLatin1String("channel:"))) {
                channels.append(name);
                reached.append(name);
                continue;
            }
            for (const notify::OnCallShift &shift : m_schedules.value(name).onCallAt(nowMs)) {
                channels += shift.member.channels;
                reached.append(QStringLiteral("%1 (on call for %2)").arg(shift.member.name, name));
            }
        }
        channels.removeDuplicates();
        bool sent = false;
        for (const QString &channel : std::as_const(channels)) {
            if (!m_channels.contains(channel) || announced.contains({d.alert.alertId, channel, d.key()}))
                continue;
            notify::Notification n;
            n.channel = channel;
            n.action = notify::Notification::Action::Trigger;
            n.groupKey = m_routing.groupKeyFor(d.alert);
            n.alerts = {d.alert};
            n.createdAtMs = nowMs;
            n.escalationStep = d.round * 100 + d.step;
            n.escalationKey = d.key();
            notifications.append(n);
            sent = true;
        }
        if (sent)
            timeline({d.alert.alertId}, QStringLiteral("escalated"),
                     QStringLiteral("Escalated to %1 (policy %2, round %3, step %4)").arg(reached.join(QStringLiteral(", ")), d.policy).arg(d.round + 1).arg(d.step + 1));
    }
    if (!notifications.isEmpty())
        enqueue(std::move(notifications), nowMs);
}

QString NotificationService::eventMessage(const core::Alert &alert)
{
    if (alert.eventId.isNull())
        return {};
    core::EventQuery query;
    query.eventId = alert.eventId;
    query.limit = 1;
    core::EventPage page;
    if (m_events.query(query, &page).isError() || page.events.isEmpty())
        return {};
    return QJsonDocument::fromJson(page.events.first().payloadJson).object().value(QLatin1String("message")).toString();
}

void NotificationService::dispatch(qint64 nowMs)
{
    QList<storage::OutboxRow> due;
    for (const storage::OutboxRow &row : std::as_const(m_pending)) {
        if (row.nextAttemptAtMs <= nowMs && !m_inFlight.contains(row.id))
            due.append(row);
    }
    std::sort(due.begin(), due.end(), [](const storage::OutboxRow &a, const storage::OutboxRow &b) { return a.createdAtMs < b.createdAtMs; });
    for (const storage::OutboxRow &row : std::as_const(due)) {
        notify::CircuitBreaker &circuit = breaker(row.channel);
        if (!circuit.allows(nowMs))
            continue;
        circuit.started(nowMs);
        send(row, nowMs);
    }
}

void NotificationService::send(storage::OutboxRow row, qint64 nowMs)
{
    if (!m_http)
        return; // stopping
    const QString id = row.id;
    m_inFlight.insert(id);
    const auto fail = [this, id](const QString &why, bool permanent) {
        notify::DeliveryResult result;
        result.error = why;
        result.permanent = permanent;
        QMetaObject::invokeMethod(this, [this, id, result] { finish(id, result); }, Qt::QueuedConnection);
    };
    const auto channel = m_channels.constFind(row.channel);
    if (channel == m_channels.cend())
        return fail(QStringLiteral("the channel \"%1\" no longer exists").arg(row.channel), true);
    notify::Notification n = notify::Notification::fromJson(QJsonDocument::fromJson(row.notification).object());
    const auto done = [this, id](const notify::DeliveryResult &result) { finish(id, result); };
    QString error;
    const QJsonObject &settings = channel->settings;
    switch (channel->kind) {
    case notify::ChannelKind::Slack: {
        const auto url = secret(*channel, QStringLiteral("url"), &error);
        if (!url)
            return fail(error, error.isEmpty());
        return m_http->send(notify::slackMessage(n, *url, settings, m_scrubber), sendTimeoutMs, done);
    }
    case notify::ChannelKind::PagerDuty: {
        const auto key = secret(*channel, QStringLiteral("routing_key"), &error);
        if (!key)
            return fail(error, error.isEmpty());
        return m_http->send(notify::pagerDutyMessage(n, *key, settings.value(QLatin1String("url")).toString(), m_scrubber), sendTimeoutMs, done);
    }
    case notify::ChannelKind::Webhook: {
        const QString signingSecret = secret(*channel, QStringLiteral("secret"), &error).value_or(QString());
        if (!error.isEmpty())
            return fail(error, false);
        return m_http->send(notify::webhookMessage(n, settings.value(QLatin1String("url")).toString(), signingSecret,
                                                   settings.value(QLatin1String("headers")).toObject(), m_scrubber),
                            sendTimeoutMs, done);
    }
    case notify::ChannelKind::Email: {
        notify::SmtpSettings smtp;
        smtp.url = settings.value(QLatin1String("smtp_url")).toString();
        smtp.from = settings.value(QLatin1String("from")).toString();
        smtp.to = settings.value(QLatin1String("to")).toVariant().toStringList();
        smtp.username = settings.value(QLatin1String("username")).toString();
        smtp.password = secret(*channel, QStringLiteral("password"), &error).value_or(QString());
        smtp.startTls = settings.value(QLatin1String("starttls")).toBool(true);
        if (!error.isEmpty())
            return fail(error, false);
        const QByteArray mail = notify::emailMessage(n, smtp.from, smtp.to, m_scrubber, nowMs);
        // libcurl blocks: off this thread, and back with the result.
        QThreadPool::globalInstance()->start([this, id, smtp, mail] {
            const notify::DeliveryResult result = notify::sendMail(smtp, mail, sendTimeoutMs);
            QMetaObject::invokeMethod(this, [this, id, result] { finish(id, result); }, Qt::QueuedConnection);
        });
        return;
    }
    }
}

void NotificationService::finish(const QString &id, const notify::DeliveryResult &result)
{
    m_inFlight.remove(id);
    if (!m_store || !m_pending.contains(id))
        return;
    storage::OutboxRow row = m_pending.value(id);
    const qint64 now = m_clock->nowMs();
    row.attempts += 1;
    row.updatedAtMs = now;
    notify::CircuitBreaker &circuit = breaker(row.channel);
    ChannelHealth &health = m_health[row.channel];
    const notify::Notification n = notify::Notification::fromJson(QJsonDocument::fromJson(row.notification).object());
    if (result.ok) {
        circuit.succeeded();
        health.lastSuccessAtMs = now;
        row.state = QStringLiteral("sent");
        row.lastError.clear();
        m_pending.remove(id);
        timeline(alertIdsOf(n), QStringLiteral("notified"), QStringLiteral("Notified %1 (%2)").arg(row.channel, row.action));
    } else {
        circuit.failed(now);
        health.lastError = result.error;
        health.lastErrorAtMs = now;
        row.lastError = result.error;
        const double jitter = m_jitter.generateDouble() * 2.0 - 1.0;
        const auto delay = result.permanent ? std::nullopt : notify::RetryPolicy::delayAfter(row.attempts, jitter, result.retryAfterMs, m_tuning.retryBaseMs);
        if (delay) {
            row.nextAttemptAtMs = now + *delay;
            m_pending.insert(id, row);
        } else {
            row.state = QStringLiteral("dead");
            m_pending.remove(id);
            timeline(alertIdsOf(n), QStringLiteral("notification_failed"),
                     QStringLiteral("Notification to %1 (%2) failed after %3 attempt(s) and is in the dead-letter list: %4")
                         .arg(row.channel, row.action)
                         .arg(row.attempts)
                         .arg(result.error));
        }
    }
    if (const storage::StoreError error = m_store->update(row); error.isError())
        qWarning().noquote() << "could not update the outbox:" << error.message;
    dispatch(now);
    schedule();
}

void NotificationService::timeline(const QStringList &alertIds, const QString &kind, const QString &entry)
{
    QList<core::TimelineEntry> entries;
    const qint64 now = m_clock->nowMs();
    for (const QString &alertId : alertIds) {
        if (!alertId.startsWith(QLatin1String("test-")))
            entries.append({m_ids.next(now).toString(QUuid::WithoutBraces), alertId, kind, QStringLiteral("system"), entry, now, {}});
    }
    if (!entries.isEmpty())
        m_alerts->saveChanges({}, entries);
}

QString NotificationService::secretKey(const QString &channel, const QString &field) const
{
    return QStringLiteral("channel/%1/%2").arg(channel, field);
}

std::optional<QString> NotificationService::secret(const notify::ChannelConfig &channel, const QString &field, QString *error)
{
    if (channel.secretEnv.contains(field)) {
        const QByteArray value = qgetenv(channel.secretEnv.value(field).toLocal8Bit().constData());
        if (!value.isEmpty())
            return QString::fromUtf8(value);
        if (channel.requiredSecrets().contains(field))
            *error = QStringLiteral("the environment variable %1 (%2 of channel \"%3\") is not set").arg(channel.secretEnv.value(field), field, channel.name);
        return std::nullopt;
    }
    if (!channel.storedSecrets.contains(field)) {
        if (channel.requiredSecrets().contains(field))
            *error = QStringLiteral("%1 of channel \"%2\" was never given; PUT the channel again with it").arg(field, channel.name);
        return std::nullopt;
    }
    const QString key = secretKey(channel.name, field);
    if (const auto cached = m_secretCache.constFind(key); cached != m_secretCache.cend())
        return *cached;
    if (!m_secrets) {
        if (channel.requiredSecrets().contains(field))
            *error = QStringLiteral("no keychain is available to hold %1 of channel \"%2\"").arg(field, channel.name);
        return std::nullopt;
    }
    QString why;
    const auto value = m_secrets->read(key, &why);
    if (value) {
        m_secretCache.insert(key, *value);
        return value;
    }
    if (!why.isEmpty())
        *error = why;
    else if (channel.requiredSecrets().contains(field))
        *error = QStringLiteral("%1 of channel \"%2\" is not in the keychain; PUT the channel again with it").arg(field, channel.name);
    return std::nullopt;
}

QJsonObject NotificationService::channelJson(const notify::ChannelConfig &channel)
{
    QMap<QString, QString> stored;
    for (const QString &field : channel.storedSecrets) {
        QString ignored;
        if (const auto value = secret(channel, field, &ignored))
            stored.insert(field, *value);
    }
    QJsonObject json = notify::channelToJson(channel, stored);
    const notify::CircuitBreaker circuit = m_breakers.value(channel.name);
    const ChannelHealth health = m_health.value(channel.name);
    const qint64 now = m_clock->nowMs();
    const QString state = circuit.state(now) != notify::CircuitBreaker::State::Closed ? QStringLiteral("circuit_open")
                        : health.lastErrorAtMs > health.lastSuccessAtMs               ? QStringLiteral("failing")
                                                                                      : QStringLiteral("ok");
    storage::StoreError error;
    json.insert(QStringLiteral("health"), QJsonObject{{QStringLiteral("state"), state},
                                                      {QStringLiteral("last_error"), health.lastError.isEmpty() ? QJsonValue() : QJsonValue(health.lastError)},
                                                      {QStringLiteral("last_error_at"), health.lastErrorAtMs ? QJsonValue(core::formatRfc3339(health.lastErrorAtMs)) : QJsonValue()},
                                                      {QStringLiteral("last_success_at"), health.lastSuccessAtMs ? QJsonValue(core::formatRfc3339(health.lastSuccessAtMs)) : QJsonValue()},
                                                      {QStringLiteral("outbox_depth"), m_store->count(QStringLiteral("pending"), channel.name, &error)},
                                                      {QStringLiteral("dead"), m_store->count(QStringLiteral("dead"), channel.name, &error)}});
    return json;
}

void NotificationService::putChannel(const Call &call, const Respond &respond)
{
    const QString name = call.arguments.value(0);
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    QList<notify::ConfigProblem> problems;
    auto parsed = notify::parseChannel(name, json->toObject(), &problems);
    if (!parsed)
        return respond(invalidResponse(QStringLiteral("the channel is invalid"), problems));
    // A required secret must come now, be stored already, or come from the environment.
    for (const QString &field : parsed->config.requiredSecrets()) {
        if (parsed->secrets.contains(field) || parsed->config.secretEnv.contains(field))
            continue;
        const bool sameKind = m_channels.contains(name) && m_channels.value(name).kind == parsed->config.kind;
        if (!sameKind || !m_channels.value(name).storedSecrets.contains(field))
            problems.append({field, QStringLiteral("is required (or %1_env naming an environment variable)").arg(field)});
    }
    // Secrets stored before and not replaced by an environment variable stay stored.
    if (m_channels.contains(name) && m_channels.value(name).kind == parsed->config.kind) {
        for (const QString &field : m_channels.value(name).storedSecrets) {
            if (!parsed->config.secretEnv.contains(field))
                parsed->config.storedSecrets.append(field);
        }
    }
    if (!problems.isEmpty())
        return respond(invalidResponse(QStringLiteral("the channel is invalid"), problems));
    for (auto it = parsed->secrets.cbegin(); it != parsed->secrets.cend(); ++it) {
        const QString key = secretKey(name, it.key());
        const QString error = m_secrets ? m_secrets->write(key, it.value()) : QStringLiteral("no keychain is available in this process");
        if (!error.isEmpty())
            return respond(HttpResponse::error(503, QStringLiteral("could not store %1 in the OS keychain").arg(it.key()), {error}));
        m_secretCache.insert(key, it.value());
        if (!parsed->config.storedSecrets.contains(it.key()))
            parsed->config.storedSecrets.append(it.key());
    }
    const qint64 now = m_clock->nowMs();
    const QByteArray before = m_channels.contains(name) ? compactJson(notify::channelToStorage(m_channels.value(name))) : QByteArray();
    const QByteArray after = compactJson(notify::channelToStorage(parsed->config));
    if (const storage::StoreError error = m_store->saveConfig(channelKind, name, after, now); error.isError())
        return respond(HttpResponse::error(500, QStringLiteral("could not store the channel"), {error.message}));
    m_alerts->audit(now, call.actor, QStringLiteral("notify.channel.put"), name, before, after);
    const bool created = !m_channels.contains(name);
    m_channels.insert(name, parsed->config);
    m_breakers.remove(name);
    respond(HttpResponse::json(created ? 201 : 200, channelJson(parsed->config)));
}

void NotificationService::getChannel(const Call &call, const Respond &respond)
{
    const auto it = m_channels.constFind(call.arguments.value(0));
    if (it == m_channels.cend())
        return respond(HttpResponse::error(404, QStringLiteral("no channel named \"%1\"").arg(call.arguments.value(0))));
    respond(HttpResponse::json(200, channelJson(*it)));
}

void NotificationService::listChannels(const Call &, const Respond &respond)
{
    QJsonArray list;
    for (const notify::ChannelConfig &channel : std::as_const(m_channels))
        list.append(channelJson(channel));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("channels"), list}}));
}

void NotificationService::deleteChannel(const Call &call, const Respond &respond)
{
    const QString name = call.arguments.value(0);
    if (!m_channels.contains(name))
        return respond(HttpResponse::error(404, QStringLiteral("no channel named \"%1\"").arg(name)));
    if (const QStringList users = usersOfChannel(name); !users.isEmpty())
        return respond(HttpResponse::error(409, QStringLiteral("the channel is still in use; change these first"), QJsonArray::fromStringList(users)));
    for (const QString &field : m_channels.value(name).secretFields()) {
        m_secretCache.remove(secretKey(name, field));
        if (m_secrets)
            m_secrets->remove(secretKey(name, field));
    }
    const qint64 now = m_clock->nowMs();
    m_store->deleteConfig(channelKind, name);
    m_alerts->audit(now, call.actor, QStringLiteral("notify.channel.delete"), name, compactJson(notify::channelToStorage(m_channels.value(name))), {});
    m_channels.remove(name);
    HttpResponse done;
    done.status = 204;
    respond(done);
}

void NotificationService::putRouting(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    QList<notify::ConfigProblem> problems;
    const auto routing = notify::parseRouting(json->toObject(), m_channels.keys(), &problems);
    if (!routing)
        return respond(invalidResponse(QStringLiteral("the routing is invalid"), problems));
    const qint64 now = m_clock->nowMs();
    const QByteArray before = m_routing.configured ? compactJson(notify::routingToJson(m_routing)) : QByteArray();
    const QByteArray after = compactJson(json->toObject());
    m_store->saveConfig(routingKind, QStringLiteral("default"), after, now);
    m_alerts->audit(now, call.actor, QStringLiteral("notify.routing.put"), QStringLiteral("routing"), before, after);
    m_routing = *routing;
    respond(HttpResponse::json(200, notify::routingToJson(m_routing)));
}

void NotificationService::getRouting(const Call &, const Respond &respond)
{
    respond(HttpResponse::json(200, notify::routingToJson(m_routing)));
}

void NotificationService::putScrubbing(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    const QJsonObject o = json->toObject();
    notify::ScrubbingConfig config;
    QList<notify::ConfigProblem> problems;
    for (const char *key : {"patterns", "fields"}) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (!v.isUndefined() && (!v.isArray() || std::any_of(v.toArray().begin(), v.toArray().end(), [](const QJsonValue &x) { return !x.isString(); })))
            problems.append({QLatin1String(key), QStringLiteral("must be a list of strings")});
    }
    config.extraPatterns = o.value(QLatin1String("patterns")).toVariant().toStringList();
    config.extraFields = o.value(QLatin1String("fields")).toVariant().toStringList();
    QStringList patternProblems;
    const auto scrubber = notify::Scrubber::create(config, &patternProblems);
    for (const QString &p : std::as_const(patternProblems))
        problems.append({p.section(QLatin1Char(':'), 0, 0), p.section(QLatin1Char(':'), 1).trimmed()});
    if (!problems.isEmpty() || !scrubber)
        return respond(invalidResponse(QStringLiteral("the scrubbing settings are invalid"), problems));
    const qint64 now = m_clock->nowMs();
    const QJsonObject stored{{QStringLiteral("patterns"), QJsonArray::fromStringList(config.extraPatterns)},
                             {QStringLiteral("fields"), QJsonArray::fromStringList(config.extraFields)}};
    m_store->saveConfig(scrubbingKind, QStringLiteral("default"), compactJson(stored), now);
    m_alerts->audit(now, call.actor, QStringLiteral("notify.scrubbing.put"), QStringLiteral("scrubbing"), {}, compactJson(stored));
    m_scrubbingConfig = config;
    m_scrubber = *scrubber;
    respond(HttpResponse::json(200, stored));
}

void NotificationService::getScrubbing(const Call &, const Respond &respond)
{
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("patterns"), QJsonArray::fromStringList(m_scrubbingConfig.extraPatterns)},
                                                {QStringLiteral("fields"), QJsonArray::fromStringList(m_scrubbingConfig.extraFields)}}));
}

void NotificationService::listOutbox(const Call &call, const Respond &respond)
{
    const QString state = call.request.query.queryItemValue(QStringLiteral("state"));
    if (!state.isEmpty() && state != QLatin1String("pending") && state != QLatin1String("sent") && state != QLatin1String("dead"))
        return respond(invalidResponse(QStringLiteral("invalid query parameters"), QStringLiteral("state"), QStringLiteral("must be pending, sent or dead")));
    bool ok = true;
    const int limit = call.request.query.hasQueryItem(QStringLiteral("limit")) ? call.request.query.queryItemValue(QStringLiteral("limit")).toInt(&ok) : 100;
    if (!ok || limit < 1 || limit > 1000)
        return respond(invalidResponse(QStringLiteral("invalid query parameters"), QStringLiteral("limit"), QStringLiteral("must be a whole number from 1 to 1000")));
    storage::StoreError error;
    QJsonArray list;
    for (const storage::OutboxRow &row : m_store->rows(state, limit, &error))
        list.append(outboxJson(row));
    if (error.isError())
        return respond(HttpResponse::error(500, QStringLiteral("could not read the outbox"), {error.message}));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("notifications"), list}}));
}

void NotificationService::retryOutbox(const Call &call, const Respond &respond)
{
    storage::StoreError error;
    auto row = m_store->row(call.arguments.value(0), &error);
    if (!row)
        return respond(HttpResponse::error(404, QStringLiteral("no notification with id \"%1\"").arg(call.arguments.value(0))));
    if (row->state != QLatin1String("dead"))
        return respond(HttpResponse::error(409, QStringLiteral("only dead-lettered notifications are retried; this one is %1").arg(row->state)));
    const qint64 now = m_clock->nowMs();
    row->state = QStringLiteral("pending");
    row->attempts = 0;
    row->nextAttemptAtMs = now;
    row->updatedAtMs = now;
    m_store->update(*row);
    m_alerts->audit(now, call.actor, QStringLiteral("notify.outbox.retry"), row->id, {}, {});
    m_pending.insert(row->id, *row);
    m_breakers.remove(row->channel); // the operator says the channel is worth another try
    dispatch(now);
    schedule();
    respond(HttpResponse::json(202, outboxJson(*row)));
}

void NotificationService::testAlert(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond, true);
    if (!json)
        return;
    const QJsonObject o = json->toObject();
    const auto severity = core::parseSeverity(o.value(QLatin1String("severity")).toString(QStringLiteral("CRITICAL")));
    QList<notify::ConfigProblem> problems;
    if (!severity)
        problems.append({QStringLiteral("severity"), QStringLiteral("must be INFO, WARN, ERROR or CRITICAL")});
    const QStringList requested = o.value(QLatin1String("channels")).toVariant().toStringList();
    for (qsizetype i = 0; i < requested.size(); ++i) {
        if (!m_channels.contains(requested[i]))
            problems.append({QStringLiteral("channels[%1]").arg(i), QStringLiteral("no channel named \"%1\"").arg(requested[i])});
    }
    if (!problems.isEmpty())
        return respond(invalidResponse(QStringLiteral("invalid test alert"), problems));
    const qint64 now = m_clock->nowMs();
    core::Alert alert;
    alert.alertId = QStringLiteral("test-") + m_ids.next(now).toString(QUuid::WithoutBraces);
    alert.ruleId = QStringLiteral("sentinel-test");
    alert.severity = *severity;
    alert.source = QStringLiteral("sentinel");
    alert.title = o.value(QLatin1String("title")).toString(QStringLiteral("Test notification from Sentinel (sent by %1)").arg(call.actor));
    alert.startsAtMs = alert.createdAtMs = alert.updatedAtMs = now;
    const QStringList channels = requested.isEmpty() ? m_routing.channelsFor(alert, channelList()) : requested;
    if (channels.isEmpty())
        return respond(HttpResponse::error(409, QStringLiteral("no channel receives this test alert: add a channel or a route first")));
    QList<notify::Notification> notifications;
    for (const QString &channel : channels) {
        notify::Notification n;
        n.channel = channel;
        n.action = notify::Notification::Action::Test;
        n.groupKey = alert.alertId;
        n.alerts = {alert};
        n.createdAtMs = now;
        notifications.append(n);
    }
    enqueue(notifications, now);
    m_alerts->audit(now, call.actor, QStringLiteral("notify.test"), alert.alertId, {}, compactJson(o));
    dispatch(now);
    schedule();
    QJsonArray sent;
    for (auto it = m_pending.cbegin(); it != m_pending.cend(); ++it) {
        if (it->notification.contains(alert.alertId.toUtf8()))
            sent.append(QJsonObject{{QStringLiteral("id"), it->id}, {QStringLiteral("channel"), it->channel}});
    }
    respond(HttpResponse::json(202, QJsonObject{{QStringLiteral("alert_id"), alert.alertId}, {QStringLiteral("notifications"), sent}}));
}

void NotificationService::health(const Call &, const Respond &respond)
{
    QJsonArray channels;
    for (const notify::ChannelConfig &channel : std::as_const(m_channels)) {
        QJsonObject health = channelJson(channel).value(QLatin1String("health")).toObject();
        health.insert(QStringLiteral("name"), channel.name);
        health.insert(QStringLiteral("kind"), notify::channelKindName(channel.kind));
        channels.append(health);
    }
    storage::StoreError error;
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("channels"), channels},
                                                {QStringLiteral("outbox"), QJsonObject{{QStringLiteral("pending"), m_store->count(QStringLiteral("pending"), {}, &error)},
                                                                                       {QStringLiteral("dead"), m_store->count(QStringLiteral("dead"), {}, &error)}}}}));
}

QStringList NotificationService::usersOfChannel(const QString &name) const
{
    QStringList users;
    for (qsizetype i = 0; i < m_routing.routes.size(); ++i) {
        if (m_routing.routes[i].channels.contains(name))
            users.append(QStringLiteral("routing routes[%1]").arg(i));
    }
    if (m_routing.defaultChannels.contains(name))
        users.append(QStringLiteral("routing default"));
    for (const notify::EscalationPolicy &p : m_escalations.items()) {
        for (const notify::EscalationStep &step : p.steps) {
            if (step.targets.contains(QStringLiteral("channel:") + name))
                users.append(QStringLiteral("escalation %1").arg(p.name));
        }
    }
    for (const notify::Schedule &s : m_schedules.items()) {
        for (const notify::Rotation &r : s.rotations) {
            for (const notify::OnCallMember &m : r.members) {
                if (m.channels.contains(name))
                    users.append(QStringLiteral("schedule %1 (%2)").arg(s.name, m.name));
            }
        }
    }
    users.removeDuplicates();
    return users;
}

QStringList NotificationService::usersOfSchedule(const QString &name) const
{
    QStringList users;
    for (const notify::EscalationPolicy &p : m_escalations.items()) {
        for (const notify::EscalationStep &step : p.steps) {
            if (step.targets.contains(QStringLiteral("schedule:") + name))
                users.append(QStringLiteral("escalation %1").arg(p.name));
        }
    }
    users.removeDuplicates();
    return users;
}

ConfigContext NotificationService::configContext() const
{
    return {m_store.get(), m_alerts.get(), m_clock->nowMs()};
}

void NotificationService::putSchedule(const Call &call, const Respond &respond)
{
    m_schedules.put(call, respond, configContext());
}

void NotificationService::getSchedule(const Call &call, const Respond &respond)
{
    m_schedules.get(call, respond);
}

void NotificationService::listSchedules(const Call &, const Respond &respond)
{
    m_schedules.list(QStringLiteral("schedules"), respond);
}

void NotificationService::deleteSchedule(const Call &call, const Respond &respond)
{
    m_schedules.remove(call, respond, configContext(), usersOfSchedule(call.arguments.value(0)));
}

void NotificationService::onCall(const Call &call, const Respond &respond)
{
    const notify::Schedule *it = m_schedules.find(call, respond);
    if (!it)
        return;
    qint64 at = m_clock->nowMs();
    if (call.request.query.hasQueryItem(QStringLiteral("at"))) {
        const auto parsed = core::parseRfc3339(call.request.query.queryItemValue(QStringLiteral("at"), QUrl::FullyDecoded));
        if (!parsed)
            return respond(invalidResponse(QStringLiteral("invalid query parameters"), QStringLiteral("at"), QStringLiteral("must be an RFC 3339 time")));
        at = *parsed;
    }
    QJsonArray shifts;
    for (const notify::OnCallShift &shift : it->onCallAt(at))
        shifts.append(notify::shiftToJson(shift));
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("schedule"), it->name}, {QStringLiteral("at"), core::formatRfc3339(at)}, {QStringLiteral("oncall"), shifts}}));
}

void NotificationService::putEscalation(const Call &call, const Respond &respond)
{
    if (!m_escalations.put(call, respond, configContext()))
        return;
    m_escalator.setPolicies(m_escalations.items().values());
    // Open alerts that the policy covers escalate from when they opened.
    storage::StoreError error;
    const qint64 now = m_clock->nowMs();
    for (const core::Alert &alert : m_alerts->loadUnresolved(&error))
        m_escalator.update(alert, alert.silencedUntilMs > now || alert.flapping);
    schedule();
}

void NotificationService::getEscalation(const Call &call, const Respond &respond)
{
    m_escalations.get(call, respond);
}

void NotificationService::listEscalations(const Call &, const Respond &respond)
{
    m_escalations.list(QStringLiteral("escalations"), respond);
}

void NotificationService::deleteEscalation(const Call &call, const Respond &respond)
{
    if (m_escalations.remove(call, respond, configContext(), {}))
        m_escalator.setPolicies(m_escalations.items().values());
}

} // namespace services
