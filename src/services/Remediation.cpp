// Remediation hooks: their settings, the hooks a rule offers for its alerts, running one on an
// operator's request or by itself when an alert opens, and writing the outcome to the timeline.
// Part of NotificationService: it shares the HTTP sender, the scrubber and the store.
#include "services/NotificationService.h"

#include "core/ApiKeys.h"
#include "notify/Senders.h"
#include "rules/RuleJson.h"
#include "services/RouteSupport.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>

namespace services {

using ingest::HttpResponse;

namespace {
constexpr int excerptBytes = 2000;
} // namespace

const QMap<QString, rules::Rule> &NotificationService::rulesById()
{
    const qint64 now = m_clock->nowMs();
    if (m_rulesReadAtMs >= 0 && now - m_rulesReadAtMs < 5000)
        return m_rules;
    storage::StoreError error;
    m_rules.clear();
    for (const auto &[id, definition] : m_alerts->loadRules(&error)) {
        QList<rules::RuleProblem> problems;
        if (const auto rule = rules::parseRule(QJsonDocument::fromJson(definition).object(), &problems))
            m_rules.insert(id, *rule);
    }
    m_rulesReadAtMs = now;
    return m_rules;
}

void NotificationService::autoRemediate(const core::Alert &alert, qint64 nowMs)
{
    const auto rule = rulesById().constFind(alert.ruleId);
    if (rule == m_rules.cend() || rule->autoRemediateHook.isEmpty() || !m_hooks.contains(rule->autoRemediateHook))
        return;
    const notify::Hook hook = m_hooks.value(rule->autoRemediateHook);
    if (hook.confirm)
        return; // a hook that wants a human's yes never runs by itself
    storage::StoreError error;
    const QString step = QStringLiteral("auto_remediate:") + hook.name;
    if (m_store->stepsFor({alert.alertId}, &error).contains({alert.alertId, QStringLiteral("hooks"), step}))
        return; // this alert had its run (before a restart, perhaps)
    const QString key = alert.ruleId + QLatin1Char('\n') + hook.name + QLatin1Char('\n') + alert.fingerprint;
    if (m_autoRemediatedAtMs.contains(key) && nowMs - m_autoRemediatedAtMs.value(key) < rule->autoRemediateCooldownMs)
        return;
    m_autoRemediatedAtMs.insert(key, nowMs);
    m_store->enqueue({}, {{alert.alertId, QStringLiteral("hooks"), step}});
    runHook(hook, alert, QStringLiteral("system"), [](const QJsonObject &) {});
}

void NotificationService::runHook(const notify::Hook &hook, const core::Alert &alert, const QString &actor, std::function<void(const QJsonObject &)> done)
{
    auto clock = std::make_shared<QElapsedTimer>();
    clock->start();
    const auto finish = [this, hook, alert, actor, clock, done](bool ok, const QJsonObject &details, const QByteArray &excerpt) {
        QJsonObject result = details;
        result.insert(QStringLiteral("hook"), hook.name);
        result.insert(QStringLiteral("kind"), hook.kind == notify::Hook::Kind::Webhook ? QStringLiteral("webhook") : QStringLiteral("command"));
        result.insert(QStringLiteral("status"), ok ? QStringLiteral("succeeded") : QStringLiteral("failed"));
        result.insert(QStringLiteral("duration_ms"), clock->elapsed());
        result.insert(QStringLiteral("excerpt"), m_scrubber.scrubText(QString::fromUtf8(excerpt.left(excerptBytes))));
        if (m_alerts) {
            const QString outcome = details.contains(QLatin1String("http_status"))
                                        ? QStringLiteral("HTTP %1").arg(details.value(QLatin1String("http_status")).toInt())
                                    : details.contains(QLatin1String("exit_code")) ? QStringLiteral("exit code %1").arg(details.value(QLatin1String("exit_code")).toInt())
                                                                                    : details.value(QLatin1String("error")).toString();
            timeline({alert.alertId}, QStringLiteral("remediated"),
                     QStringLiteral("Ran %1 (by %2): %3, %4, %5 ms").arg(hook.name, actor, ok ? QStringLiteral("succeeded") : QStringLiteral("failed"), outcome).arg(clock->elapsed()));
            m_alerts->audit(m_clock->nowMs(), actor, QStringLiteral("alert.remediate"), alert.alertId, {}, compactJson(result));
        }
        done(result);
    };
    if (hook.kind == notify::Hook::Kind::Webhook) {
        m_http->send(notify::renderWebhook(hook, alert, m_scrubber), int(hook.timeoutMs), [finish](const notify::DeliveryResult &r) {
            QJsonObject details;
            if (r.status)
                details.insert(QStringLiteral("http_status"), r.status);
            if (!r.ok)
                details.insert(QStringLiteral("error"), r.error);
            finish(r.ok, details, r.excerpt);
        });
        return;
    }
    const QStringList argv = notify::renderCommand(hook, alert);
    auto *process = new QProcess(this);
    process->setProcessChannelMode(QProcess::MergedChannels);
    auto *timeout = new QTimer(process);
    timeout->setSingleShot(true);
    connect(timeout, &QTimer::timeout, process, [process] { process->kill(); });
    connect(process, &QProcess::errorOccurred, this, [process, finish, timeout](QProcess::ProcessError error) {
        if (error != QProcess::FailedToStart)
            return;
        timeout->stop();
        finish(false, {{QStringLiteral("error"), QStringLiteral("could not start: %1").arg(process->errorString())}}, {});
        process->deleteLater();
    });
    connect(process, &QProcess::finished, this, [process, finish, timeout](int exitCode, QProcess::ExitStatus status) {
        const bool timedOut = !timeout->isActive() && status == QProcess::CrashExit;
        timeout->stop();
        QJsonObject details{{QStringLiteral("exit_code"), exitCode}};
        if (timedOut)
            details.insert(QStringLiteral("error"), QStringLiteral("timed out and was killed"));
        else if (status == QProcess::CrashExit)
            details.insert(QStringLiteral("error"), QStringLiteral("crashed"));
        finish(status == QProcess::NormalExit && exitCode == 0, details, process->readAll());
        process->deleteLater();
    });
    timeout->start(int(hook.timeoutMs));
    process->start(argv.first(), argv.mid(1));
}

void NotificationService::putHook(const Call &call, const Respond &respond)
{
    m_hooks.put(call, respond, configContext());
}

void NotificationService::getHook(const Call &call, const Respond &respond)
{
    m_hooks.get(call, respond);
}

void NotificationService::listHooks(const Call &, const Respond &respond)
{
    m_hooks.list(QStringLiteral("hooks"), respond);
}

void NotificationService::deleteHook(const Call &call, const Respond &respond)
{
    m_hooks.remove(call, respond, configContext(), {});
}

void NotificationService::offeredHooks(const Call &call, const Respond &respond)
{
    storage::StoreError error;
    const auto alert = m_alerts->alert(call.arguments.value(0), &error);
    if (!alert)
        return respond(HttpResponse::error(404, QStringLiteral("no alert with id \"%1\"").arg(call.arguments.value(0))));
    QStringList names;
    if (const auto rule = rulesById().constFind(alert->ruleId); rule != m_rules.cend()) {
        names = rule->hooks;
        if (!rule->autoRemediateHook.isEmpty())
            names.append(rule->autoRemediateHook);
    }
    names.removeDuplicates();
    QJsonArray list;
    for (const QString &name : std::as_const(names)) {
        if (m_hooks.contains(name))
            list.append(notify::hookToJson(m_hooks.value(name)));
    }
    respond(HttpResponse::json(200, QJsonObject{{QStringLiteral("alert_id"), alert->alertId}, {QStringLiteral("hooks"), list}}));
}

void NotificationService::remediate(const Call &call, const Respond &respond)
{
    const auto json = requestJson(call.request, respond);
    if (!json)
        return;
    const QJsonObject o = json->toObject();
    storage::StoreError error;
    const auto alert = m_alerts->alert(call.arguments.value(0), &error);
    if (!alert)
        return respond(HttpResponse::error(404, QStringLiteral("no alert with id \"%1\"").arg(call.arguments.value(0))));
    const QString name = o.value(QLatin1String("hook")).toString();
    if (!m_hooks.contains(name))
        return respond(invalidResponse(QStringLiteral("invalid remediation"), QStringLiteral("hook"), QStringLiteral("no hook named \"%1\"").arg(name)));
    const notify::Hook hook = m_hooks.value(name);
    if (hook.confirm && o.value(QLatin1String("confirmed")).toBool() != true)
        return respond(HttpResponse::error(409, QStringLiteral("the hook \"%1\" asks for confirmation: send \"confirmed\": true").arg(name)));
    runHook(hook, *alert, call.actor, [respond](const QJsonObject &result) {
        respond(HttpResponse::json(result.value(QLatin1String("status")).toString() == QLatin1String("succeeded") ? 200 : 502, result));
    });
}

} // namespace services
