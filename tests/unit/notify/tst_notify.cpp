// Routing, grouping, retry and circuit-breaker timing, and the exact wire messages.
#include "core/Rfc3339.h"
#include "notify/DeliveryPolicy.h"
#include "notify/Escalation.h"
#include "notify/Schedule.h"
#include "notify/Senders.h"
#include "notify/Grouper.h"
#include "notify/Messages.h"
#include "notify/Routing.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

namespace {

constexpr qint64 t0 = 1795392000000; // 2026-11-23T00:00:00Z

core::Alert alert(const QString &id, core::Severity severity, const QString &source = QStringLiteral("checkout"), const QString &rule = QStringLiteral("errors"))
{
    core::Alert a;
    a.alertId = id;
    a.ruleId = rule;
    a.severity = severity;
    a.source = source;
    a.title = QStringLiteral("High error rate on ") + source;
    a.startsAtMs = t0;
    a.createdAtMs = t0;
    a.fingerprint = QStringLiteral("fp-") + id;
    return a;
}

notify::ChannelConfig channel(const char *name, notify::ChannelKind kind)
{
    notify::ChannelConfig c;
    c.name = QString::fromLatin1(name);
    c.kind = kind;
    return c;
}

} // namespace

class TestNotify : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void defaultRoutingFollowsTheSeed()
    {
        const QList<notify::ChannelConfig> channels{channel("ops-slack", notify::ChannelKind::Slack), channel("pd", notify::ChannelKind::PagerDuty),
                                                    channel("hook", notify::ChannelKind::Webhook)};
        const notify::RoutingConfig routing; // nothing configured
        QCOMPARE(routing.channelsFor(alert(QStringLiteral("a"), core::Severity::Critical), channels), (QStringList{QStringLiteral("ops-slack"), QStringLiteral("pd")}));
        QCOMPARE(routing.channelsFor(alert(QStringLiteral("a"), core::Severity::Warn), channels), QStringList{QStringLiteral("ops-slack")});
        QCOMPARE(routing.channelsFor(alert(QStringLiteral("a"), core::Severity::Info), channels), QStringList{QStringLiteral("ops-slack")});
    }

    void routesInOrderWithContinue()
    {
        QList<notify::ConfigProblem> problems;
        const auto routing = notify::parseRouting(QJsonDocument::fromJson(R"({
            "routes": [{"match": {"severity": ["CRITICAL"], "labels": {"team": "payments"}}, "channels": ["pd"], "continue": true},
                       {"match": {"source": ["checkout"]}, "channels": ["ops-slack"]},
                       {"match": {"source": ["checkout"]}, "channels": ["hook"]}],
            "default": ["hook"], "group_by": ["source"], "group_wait": "1s", "group_interval": "10s"})").object(),
            {QStringLiteral("pd"), QStringLiteral("ops-slack"), QStringLiteral("hook")}, &problems);
        QVERIFY2(routing, qPrintable(problems.value(0).path + QLatin1Char(' ') + problems.value(0).problem));
        core::Alert paying = alert(QStringLiteral("a"), core::Severity::Critical);
        paying.labels.insert(QStringLiteral("team"), QStringLiteral("payments"));
        QCOMPARE(routing->channelsFor(paying, {}), (QStringList{QStringLiteral("pd"), QStringLiteral("ops-slack")})); // continue, then first match stops
        QCOMPARE(routing->channelsFor(alert(QStringLiteral("b"), core::Severity::Critical, QStringLiteral("search")), {}), QStringList{QStringLiteral("hook")});
        QCOMPARE(routing->groupKeyFor(paying), QStringLiteral("source=checkout"));
        QCOMPARE(routing->groupWaitMs, 1000);

        problems.clear();
        QVERIFY(!notify::parseRouting(QJsonDocument::fromJson(R"({"routes": [{"match": {"severity": ["LOUD"]}, "channels": ["nope"]}], "group_wait": "soon"})").object(),
                                      {QStringLiteral("pd")}, &problems));
        QStringList paths;
        for (const auto &p : problems)
            paths.append(p.path);
        QCOMPARE(paths, (QStringList{QStringLiteral("routes[0].match.severity[0]"), QStringLiteral("routes[0].channels[0]"), QStringLiteral("group_wait")}));
    }

    void aStormIsOneNotificationAndTheGroupFollowsItsAlerts()
    {
        notify::Grouper grouper;
        const notify::Grouper::Timing timing{30000, 60000};
        for (int i = 0; i < 100; ++i)
            grouper.update(QStringLiteral("ops-slack"), QStringLiteral("rule_id=errors"), alert(QStringLiteral("a%1").arg(i), core::Severity::Critical), true, false, timing, t0 + i * 100);
        QVERIFY(grouper.takeDue(t0 + 29999).isEmpty()); // group_wait from the first alert
        QCOMPARE(grouper.nextDueMs(), t0 + 30000);
        QList<notify::Notification> due = grouper.takeDue(t0 + 30000);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].action, notify::Notification::Action::Trigger);
        QCOMPARE(due[0].alerts.size(), 100);
        QCOMPARE(due[0].title(), QStringLiteral("[FIRING:100] High error rate on checkout and 99 more"));

        // Acknowledging all but one sends nothing; the last one makes it an acknowledgement,
        // no sooner than group_interval after the trigger.
        for (int i = 0; i < 100; ++i) {
            core::Alert a = alert(QStringLiteral("a%1").arg(i), core::Severity::Critical);
            a.state = core::AlertState::Acknowledged;
            grouper.update(QStringLiteral("ops-slack"), QStringLiteral("rule_id=errors"), a, true, false, timing, t0 + 40000);
            if (i == 98)
                QCOMPARE(grouper.nextDueMs(), -1);
        }
        QVERIFY(grouper.takeDue(t0 + 89999).isEmpty());
        due = grouper.takeDue(t0 + 90000);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].action, notify::Notification::Action::Acknowledge);
        // Resolution of all: a resolve, and the group ends.
        for (int i = 0; i < 100; ++i) {
            core::Alert a = alert(QStringLiteral("a%1").arg(i), core::Severity::Critical);
            a.state = core::AlertState::Resolved;
            grouper.update(QStringLiteral("ops-slack"), QStringLiteral("rule_id=errors"), a, true, false, timing, t0 + 100000);
        }
        due = grouper.takeDue(t0 + 150000);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].action, notify::Notification::Action::Resolve);
        QCOMPARE(grouper.groupCount(), 0);
    }

    void heldAlertsDoNotSendAndUnannouncedGroupsStayQuiet()
    {
        notify::Grouper grouper;
        const notify::Grouper::Timing timing{0, 1000};
        grouper.update(QStringLiteral("c"), QStringLiteral("g"), alert(QStringLiteral("s"), core::Severity::Critical), false, false, timing, t0); // silenced
        QVERIFY(grouper.takeDue(t0 + 5000).isEmpty());
        // Fired and resolved before anything was sent: nobody needs the resolution.
        grouper.update(QStringLiteral("c"), QStringLiteral("g"), alert(QStringLiteral("x"), core::Severity::Critical), true, false, {60000, 60000}, t0);
        core::Alert resolved = alert(QStringLiteral("x"), core::Severity::Critical);
        resolved.state = core::AlertState::Resolved;
        grouper.update(QStringLiteral("c"), QStringLiteral("g"), resolved, true, false, {60000, 60000}, t0 + 1000);
        QVERIFY(grouper.takeDue(t0 + 120000).isEmpty());
        // The silence ends while the alert still fires: now it is announced.
        grouper.update(QStringLiteral("c"), QStringLiteral("g"), alert(QStringLiteral("s"), core::Severity::Critical), true, false, timing, t0 + 130000);
        QCOMPARE(grouper.takeDue(t0 + 130000).size(), 1);

        // After a restart: an alert whose trigger went out before is not announced again, but
        // its resolution is.
        notify::Grouper restarted;
        restarted.update(QStringLiteral("c"), QStringLiteral("g"), alert(QStringLiteral("r"), core::Severity::Critical), true, true, {0, 1000}, t0);
        QVERIFY(restarted.takeDue(t0 + 5000).isEmpty());
        core::Alert cleared = alert(QStringLiteral("r"), core::Severity::Critical);
        cleared.state = core::AlertState::Resolved;
        restarted.update(QStringLiteral("c"), QStringLiteral("g"), cleared, true, true, {0, 1000}, t0 + 6000);
        const auto due = restarted.takeDue(t0 + 6000);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].action, notify::Notification::Action::Resolve);
    }

    // Berlin leaves summer time on 2026-10-25 (03:00 CEST -> 02:00 CET) and enters it on
    // 2026-03-29: daily 09:00 handovers stay at 09:00 local, so those shifts last 25 and 23 h.
    void onCallAcrossDaylightSavingChanges()
    {
        QList<notify::ConfigProblem> problems;
        const auto schedule = notify::parseSchedule(QStringLiteral("primary"), QJsonDocument::fromJson(R"({"timezone": "Europe/Berlin",
            "rotations": [{"name": "day", "kind": "daily", "start": "2026-10-20", "handoff": "09:00",
                           "members": [{"name": "alice", "channels": ["a"]}, {"name": "bob", "channels": ["b"]}, {"name": "carol", "channels": ["c"]}]}],
            "overrides": [{"rotation": "day", "from": "2026-10-28T12:00:00Z", "until": "2026-10-28T14:00:00Z", "member": {"name": "dave", "channels": ["d"]}}]})").object(),
            {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}, &problems);
        QVERIFY2(schedule, qPrintable(problems.value(0).path + QLatin1Char(' ') + problems.value(0).problem));
        const auto at = [](const char *rfc3339) { return *core::parseRfc3339(QString::fromLatin1(rfc3339)); };
        const auto who = [&](const char *rfc3339) { return schedule->onCallAt(at(rfc3339)).first(); };
        QCOMPARE(who("2026-10-20T07:00:00Z").member.name, QStringLiteral("alice")); // 09:00 CEST, the first handover
        QCOMPARE(who("2026-10-20T06:59:59Z").member.name, QStringLiteral("carol")); // before it: the turn before
        QCOMPARE(who("2026-10-21T07:00:00Z").member.name, QStringLiteral("bob"));
        // The shift from Oct 24 09:00 CEST to Oct 25 09:00 CET spans the change: 25 hours.
        const notify::OnCallShift long_ = who("2026-10-24T12:00:00Z");
        QCOMPARE(long_.startsAtMs, at("2026-10-24T07:00:00Z"));
        QCOMPARE(long_.endsAtMs, at("2026-10-25T08:00:00Z"));
        QCOMPARE(who("2026-10-25T07:30:00Z").member.name, long_.member.name); // 08:30 CET: still the same shift
        QVERIFY(who("2026-10-25T08:00:00Z").member.name != long_.member.name);
        // An override covers two hours and then the rotation resumes.
        QCOMPARE(who("2026-10-28T13:00:00Z").member.name, QStringLiteral("dave"));
        QVERIFY(who("2026-10-28T13:00:00Z").overridden);
        QVERIFY(who("2026-10-28T14:00:00Z").member.name != QStringLiteral("dave"));
        // Spring forward: the shift into 2026-03-29 is 23 hours.
        const notify::OnCallShift short_ = who("2026-03-28T12:00:00Z");
        QCOMPARE(short_.endsAtMs - short_.startsAtMs, 23LL * 3600 * 1000);

        problems.clear();
        QVERIFY(!notify::parseSchedule(QStringLiteral("x"), QJsonDocument::fromJson(R"({"timezone": "Mars/Olympus",
            "rotations": [{"kind": "monthly", "start": "soon", "handoff": "25:00", "members": [{"name": "eve", "channels": ["nope"]}]}]})").object(), {}, &problems));
        QStringList paths;
        for (const auto &p : problems)
            paths.append(p.path);
        QCOMPARE(paths, (QStringList{QStringLiteral("timezone"), QStringLiteral("rotations[0].kind"), QStringLiteral("rotations[0].start"),
                                     QStringLiteral("rotations[0].handoff"), QStringLiteral("rotations[0].members[0].channels[0]")}));
    }

    void escalationStepsUntilAcknowledged()
    {
        QList<notify::ConfigProblem> problems;
        const auto policy = notify::parseEscalation(QStringLiteral("db"), QJsonDocument::fromJson(R"({"match": {"source": ["checkout"]},
            "steps": [{"after": "0m", "targets": ["channel:ops-slack"]}, {"after": "10m", "targets": ["schedule:primary"]}], "repeat": 2})").object(),
            {QStringLiteral("ops-slack")}, {QStringLiteral("primary")}, &problems);
        QVERIFY(policy);
        notify::Escalator escalator;
        escalator.setPolicies({*policy});
        core::Alert a = alert(QStringLiteral("a1"), core::Severity::Critical);
        escalator.update(a, false);
        QList<notify::Escalator::Due> due = escalator.takeDue(t0);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].targets, QStringList{QStringLiteral("channel:ops-slack")});
        QCOMPARE(due[0].key(), QStringLiteral("escalation:db:0:0"));
        QCOMPARE(escalator.nextDueMs(), t0 + 10 * 60000);
        QVERIFY(escalator.takeDue(t0 + 10 * 60000 - 1).isEmpty());
        due = escalator.takeDue(t0 + 10 * 60000);
        QCOMPARE(due[0].targets, QStringList{QStringLiteral("schedule:primary")});
        // Round two keeps the cadence: 20 min, then 30 min.
        QCOMPARE(escalator.nextDueMs(), t0 + 20 * 60000);
        // A silence holds it; what fell due meanwhile goes out once when it ends.
        escalator.update(a, true);
        QVERIFY(escalator.takeDue(t0 + 45 * 60000).isEmpty());
        escalator.update(a, false);
        due = escalator.takeDue(t0 + 45 * 60000);
        QCOMPARE(due.size(), 1);
        QCOMPARE(due[0].key(), QStringLiteral("escalation:db:2:0")); // 20, 30 and 40 min fell due: only the latest goes
        // Acknowledged: nothing more.
        a.state = core::AlertState::Acknowledged;
        escalator.update(a, false);
        QCOMPARE(escalator.nextDueMs(), -1);
        QVERIFY(escalator.takeDue(t0 + 3600000).isEmpty());
        // Other sources are not this policy's business.
        escalator.update(alert(QStringLiteral("a2"), core::Severity::Critical, QStringLiteral("search")), false);
        QVERIFY(escalator.takeDue(t0 + 3600000).isEmpty());
    }

    void retriesAndCircuitBreaker()
    {
        QList<qint64> delays;
        for (int attempt = 1; attempt <= 6; ++attempt)
            delays.append(notify::RetryPolicy::delayAfter(attempt, 0).value_or(-1));
        QCOMPARE(delays, (QList<qint64>{1000, 2000, 4000, 8000, 16000, -1}));
        QCOMPARE(*notify::RetryPolicy::delayAfter(3, 1.0), 4800);
        QCOMPARE(*notify::RetryPolicy::delayAfter(3, -1.0), 3200);
        QCOMPARE(*notify::RetryPolicy::delayAfter(1, 0, 30000), 30000); // Retry-After wins when longer

        notify::CircuitBreaker breaker;
        for (int i = 0; i < 4; ++i)
            breaker.failed(t0);
        QCOMPARE(breaker.state(t0), notify::CircuitBreaker::State::Closed);
        breaker.failed(t0);
        QCOMPARE(breaker.state(t0 + 59999), notify::CircuitBreaker::State::Open);
        QVERIFY(!breaker.allows(t0 + 59999));
        QVERIFY(breaker.allows(t0 + 60000)); // half-open: one trial
        breaker.started(t0 + 60000);
        QVERIFY(!breaker.allows(t0 + 60001));
        breaker.failed(t0 + 61000); // the trial failed: open again for 60 s
        QCOMPARE(breaker.state(t0 + 120999), notify::CircuitBreaker::State::Open);
        breaker.started(t0 + 121000);
        breaker.succeeded();
        QCOMPARE(breaker.state(t0 + 121000), notify::CircuitBreaker::State::Closed);
    }

    void retryAfterInSecondsOrAsADate()
    {
        QCOMPARE(notify::parseRetryAfter("30", t0), 30000);
        QCOMPARE(notify::parseRetryAfter(" 0 ", t0), 0);
        QCOMPARE(notify::parseRetryAfter("Mon, 23 Nov 2026 00:01:00 GMT", t0), 60000);
        QCOMPARE(notify::parseRetryAfter("Sun, 22 Nov 2026 23:00:00 GMT", t0), 0); // in the past
        QCOMPARE(notify::parseRetryAfter("soon", t0), 0);
    }

    void pagerDutyTriggerAcknowledgeResolveShareOneDedupKey()
    {
        notify::Notification n;
        n.groupKey = QStringLiteral("rule_id=errors");
        n.alerts = {alert(QStringLiteral("a1"), core::Severity::Critical)};
        n.alerts[0].labels.insert(QStringLiteral("customer_email"), QStringLiteral("jane@example.com"));
        n.eventMessage = QStringLiteral("payment for 4111 1111 1111 1111 failed");
        n.link = QStringLiteral("http://sentinel.local/v1/incidents/timeline?alert=a1");
        n.createdAtMs = t0;
        const notify::Scrubber scrubber;
        const QJsonObject trigger = QJsonDocument::fromJson(notify::pagerDutyMessage(n, QStringLiteral("R0UT1NGKEY"), QStringLiteral("http://127.0.0.1:1/v2/enqueue"), scrubber).body).object();
        QCOMPARE(trigger[QLatin1String("routing_key")].toString(), QStringLiteral("R0UT1NGKEY"));
        QCOMPARE(trigger[QLatin1String("event_action")].toString(), QStringLiteral("trigger"));
        QCOMPARE(trigger[QLatin1String("dedup_key")].toString().size(), 64);
        const QJsonObject payload = trigger[QLatin1String("payload")].toObject();
        QCOMPARE(payload[QLatin1String("summary")].toString(), QStringLiteral("[FIRING:1] High error rate on checkout"));
        QCOMPARE(payload[QLatin1String("severity")].toString(), QStringLiteral("critical"));
        QCOMPARE(payload[QLatin1String("source")].toString(), QStringLiteral("checkout"));
        QCOMPARE(payload[QLatin1String("component")].toString(), QStringLiteral("checkout"));
        QCOMPARE(payload[QLatin1String("group")].toString(), QStringLiteral("errors"));
        QCOMPARE(payload[QLatin1String("class")].toString(), QStringLiteral("rule"));
        QCOMPARE(payload[QLatin1String("timestamp")].toString(), core::formatRfc3339(t0));
        QCOMPARE(payload[QLatin1String("custom_details")][QLatin1String("message")].toString(), QStringLiteral("payment for [CARD] failed"));
        QCOMPARE(payload[QLatin1String("custom_details")][QLatin1String("labels")][QLatin1String("customer_email")].toString(), QStringLiteral("[EMAIL]"));
        QCOMPARE(trigger[QLatin1String("links")][0][QLatin1String("href")].toString(), n.link);
        for (const auto action : {notify::Notification::Action::Acknowledge, notify::Notification::Action::Resolve}) {
            n.action = action;
            const QJsonObject o = QJsonDocument::fromJson(notify::pagerDutyMessage(n, QStringLiteral("R0UT1NGKEY"), QStringLiteral("http://x/"), scrubber).body).object();
            QCOMPARE(o[QLatin1String("dedup_key")], trigger[QLatin1String("dedup_key")]);
            QCOMPARE(o[QLatin1String("event_action")].toString(), notify::actionName(action));
            QVERIFY(!o.contains(QLatin1String("payload")));
        }
    }

    void slackAndWebhookMessages()
    {
        notify::Notification n;
        n.id = QStringLiteral("n-1");
        n.groupKey = QStringLiteral("rule_id=errors");
        n.alerts = {alert(QStringLiteral("a1"), core::Severity::Critical), alert(QStringLiteral("a2"), core::Severity::Warn)};
        n.createdAtMs = t0;
        const notify::Scrubber scrubber;
        const QJsonObject slack = QJsonDocument::fromJson(notify::slackMessage(n, QStringLiteral("http://127.0.0.1:1/services/T/B/X"), {{QStringLiteral("channel"), QStringLiteral("#noc")}}, scrubber).body).object();
        QCOMPARE(slack[QLatin1String("text")].toString(), QStringLiteral("[FIRING:2] High error rate on checkout and 1 more"));
        QCOMPARE(slack[QLatin1String("channel")].toString(), QStringLiteral("#noc"));
        const QJsonObject attachment = slack[QLatin1String("attachments")][0].toObject();
        QCOMPARE(attachment[QLatin1String("color")].toString(), QStringLiteral("#d40e0d")); // the worst severity
        QCOMPARE(attachment[QLatin1String("fields")][0][QLatin1String("value")].toString(), QStringLiteral("checkout"));
        QCOMPARE(attachment[QLatin1String("fields")][2][QLatin1String("value")].toString(), QStringLiteral("2 open"));
        QVERIFY(attachment[QLatin1String("text")].toString().contains(QLatin1String("WARN checkout: High error rate on checkout (OPEN)")));

        const notify::HttpMessage hook = notify::webhookMessage(n, QStringLiteral("http://127.0.0.1:1/hook"), QStringLiteral("s3cret"),
                                                                 {{QStringLiteral("X-Team"), QStringLiteral("noc")}}, scrubber);
        const QJsonObject body = QJsonDocument::fromJson(hook.body).object();
        QCOMPARE(body[QLatin1String("alerts")].toArray().size(), 2);
        QCOMPARE(body[QLatin1String("counts")][QLatin1String("open")].toInt(), 2);
        QByteArray signature;
        for (const auto &[name, value] : hook.headers)
            if (name == "X-Sentinel-Signature")
                signature = value;
        QCOMPARE(signature, notify::webhookSignature(hook.body, QStringLiteral("s3cret")));
        // RFC 4231-style check of the primitive against a published HMAC-SHA256 value.
        QCOMPARE(notify::webhookSignature("The quick brown fox jumps over the lazy dog", QStringLiteral("key")),
                 QByteArray("sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8"));
    }

    void emailIsMultipartWithAnEncodedSubject()
    {
        notify::Notification n;
        n.id = QStringLiteral("n-2");
        n.alerts = {alert(QStringLiteral("a1"), core::Severity::Critical, QStringLiteral("zahlung"))};
        n.alerts[0].title = QStringLiteral("Fehler bei Zahlungen für 415-555-0132");
        const QByteArray mail = notify::emailMessage(n, QStringLiteral("noc@example.test"), {QStringLiteral("oncall@example.test")}, notify::Scrubber(), t0);
        QVERIFY(mail.startsWith("From: noc@example.test\r\nTo: oncall@example.test\r\nSubject: =?UTF-8?B?"));
        QVERIFY(mail.contains("Date: Mon, 23 Nov 2026 00:00:00 +0000\r\n"));
        QVERIFY(mail.contains("Content-Type: multipart/alternative; boundary="));
        QVERIFY(mail.contains("Content-Type: text/plain; charset=utf-8"));
        QVERIFY(mail.contains("Content-Type: text/html; charset=utf-8"));
        const QByteArray subject = mail.mid(mail.indexOf("=?UTF-8?B?") + 10).split('?').first();
        QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(subject)), QStringLiteral("[FIRING:1] Fehler bei Zahlungen für [PHONE]"));
    }
};

QTEST_GUILESS_MAIN(TestNotify)
#include "tst_notify.moc"
