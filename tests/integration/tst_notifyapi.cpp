// Notifications end to end: a real engine, real alerts from real rules, and real HTTP receivers
// on 127.0.0.1 standing in for Slack, PagerDuty and a webhook. Secrets come from environment
// variables here (the keychain has its own test under a Secret Service).
#include "EngineFixture.h"
#include "HttpReceiver.h"
#include "core/ApiKeys.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QScopeGuard>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

using testsupport::EngineFixture;
using testsupport::HttpReceiver;
using testsupport::RawResponse;

namespace {

const QByteArray diskRule = R"({"id":"disk-full","name":"Disk full","severity":"CRITICAL","match":{"source":"db"},
  "detector":{"kind":"threshold","field":"payload.used_pct","op":">","value":90},"group_by":["payload.host"]})";
const QByteArray latencyRule = R"({"id":"slow","name":"Slow responses","severity":"WARN","match":{"source":"api"},
  "detector":{"kind":"threshold","field":"payload.latency_ms","op":">","value":500}})";

QByteArray diskEvent(const QString &host, int usedPct, const QString &message = {})
{
    QJsonObject payload{{QStringLiteral("host"), host}, {QStringLiteral("used_pct"), usedPct}};
    if (!message.isEmpty())
        payload.insert(QStringLiteral("message"), message);
    return QJsonDocument(QJsonObject{{QStringLiteral("source"), QStringLiteral("db")}, {QStringLiteral("type"), QStringLiteral("disk")},
                                     {QStringLiteral("severity"), QStringLiteral("ERROR")}, {QStringLiteral("payload"), payload}})
        .toJson(QJsonDocument::Compact);
}

const QByteArray mailTestAlert = R"json({"channels":["mail"],"title":"Disk full on db-1 (call 415-555-0132)"})json";
const QByteArray onCallSchedule = R"({"timezone":"Europe/Berlin","rotations":[{"name":"day","kind":"weekly","start":"2026-11-02","handoff":"09:00",
  "members":[{"name":"alice","channels":["alice-hook"]}]}]})";
const QByteArray escalationPolicy = R"({"match":{"source":["db"]},"steps":[{"after":"1s","targets":["schedule:primary"]},{"after":"10s","targets":["channel:ops-slack"]}]})";
// A host name an attacker might choose: quotes, a command substitution, a path and a space.
const QString nastyHost = QStringLiteral("db \"1\"; $(touch /tmp/x) /../");
const QByteArray printHook = R"({"kind":"command","argv":["/usr/bin/printf","[%s]","{{labels.payload.host}}"],"allow":true,"confirm":true,"timeout":"5s"})";

const char restartBody[] = R"json({"host": "{{labels.payload.host}}", "severity": "{{severity}}"})json";

QByteArray restartHook(const QString &receiverUrl)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("webhook")},
                                     {QStringLiteral("url"), QString(receiverUrl + QStringLiteral("/{{labels.payload.host}}"))},
                                     {QStringLiteral("body"), QString::fromUtf8(restartBody)},
                                     {QStringLiteral("timeout"), QStringLiteral("5s")}})
        .toJson(QJsonDocument::Compact);
}

const QString slackRoom = QStringLiteral("#noc");
const QByteArray slackChannel = R"({"kind":"slack","url_env":"SENTINEL_TEST_SLACK_URL","channel":"#noc"})";

QByteArray pagerDutyChannel(const QString &url)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("pagerduty")},
                                     {QStringLiteral("routing_key_env"), QStringLiteral("SENTINEL_TEST_PD_KEY")},
                                     {QStringLiteral("url"), url}})
        .toJson(QJsonDocument::Compact);
}

QByteArray webhookChannel(const QString &url)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("webhook")},
                                     {QStringLiteral("url"), url},
                                     {QStringLiteral("secret_env"), QStringLiteral("SENTINEL_TEST_HOOK_SECRET")},
                                     {QStringLiteral("headers"), QJsonObject{{QStringLiteral("X-Team"), QStringLiteral("noc")}}}})
        .toJson(QJsonDocument::Compact);
}

int countPath(const HttpReceiver &receiver, const QString &path)
{
    return int(std::count_if(receiver.received.cbegin(), receiver.received.cend(), [&](const HttpReceiver::Received &r) { return r.path == path; }));
}

} // namespace

class TestNotifyApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EngineFixture> m_fixture;
    std::unique_ptr<HttpReceiver> m_receiver;
    QList<QPair<QByteArray, QByteArray>> m_headers;

    RawResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {})
    {
        return m_fixture->client()->request(method, target, body, m_headers);
    }
    // Slack at /slack and PagerDuty at /pd on the receiver, secrets from the environment.
    void addSlackAndPagerDuty()
    {
        qputenv("SENTINEL_TEST_SLACK_URL", m_receiver->url(QStringLiteral("/slack")).toUtf8());
        qputenv("SENTINEL_TEST_PD_KEY", "R0UT1NGKEY0123456789");
        QCOMPARE(call("PUT", "/v1/notify/channels/ops-slack", slackChannel).status, 201);
        QCOMPARE(call("PUT", "/v1/notify/channels/pd", pagerDutyChannel(m_receiver->url(QStringLiteral("/pd")))).status, 201);
    }
    void fastGrouping() { QCOMPARE(call("PUT", "/v1/notify/routing", R"({"group_wait":"1s","group_interval":"1s"})").status, 200); }

private Q_SLOTS:
    void init()
    {
        m_receiver = std::make_unique<HttpReceiver>();
        QVERIFY(m_receiver->start());
        services::EngineConfig config;
        config.notifyRetryBaseMs = 100; // 0.1, 0.2, 0.4, 0.8, 1.6 s: the same schedule, faster
        config.notifyCircuitOpenMs = 5000; // long enough to observe it open on a busy machine
        m_fixture = std::make_unique<EngineFixture>(config);
        QVERIFY(m_fixture->start());
        m_headers = {{"Authorization", "Bearer " + m_fixture->createKey(QStringLiteral("noc-admin"), core::scopes::all())},
                     {"Content-Type", "application/json"}};
        QCOMPARE(call("POST", "/v1/alerts/policies", diskRule).status, 201);
        QCOMPARE(call("POST", "/v1/alerts/policies", latencyRule).status, 201);
    }
    void cleanup()
    {
        m_fixture.reset();
        m_receiver.reset();
    }

    void channelsAreValidatedAndSecretsStayOutOfTheDatabase()
    {
        RawResponse r = call("PUT", "/v1/notify/channels/x", R"({"kind":"slack"})");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()[QLatin1String("details")][0][QLatin1String("path")].toString(), QStringLiteral("url"));
        r = call("PUT", "/v1/notify/channels/bad%20name", R"({"kind":"sms","url":"x"})");
        QCOMPARE(r.status, 400);
        r = call("PUT", "/v1/notify/channels/mail", R"({"kind":"email","smtp_url":"mailto:x","from":"nope","to":[]})");
        QStringList paths;
        for (const QJsonValue &d : r.json()[QLatin1String("details")].toArray())
            paths.append(d[QLatin1String("path")].toString());
        QCOMPARE(paths, (QStringList{QStringLiteral("smtp_url"), QStringLiteral("from"), QStringLiteral("to")}));
        addSlackAndPagerDuty();
        r = call("GET", "/v1/notify/channels/pd");
        QCOMPARE(r.json()[QLatin1String("routing_key")][QLatin1String("env")].toString(), QStringLiteral("SENTINEL_TEST_PD_KEY"));
        QCOMPARE(r.json()[QLatin1String("health")][QLatin1String("state")].toString(), QStringLiteral("ok"));
        // A secret given inline must go to the keychain; this test process has none, so the
        // answer says how to get one rather than storing the secret anywhere else.
        r = call("PUT", "/v1/notify/channels/pd2", R"({"kind":"pagerduty","routing_key":"INLINE-SECRET-0123456789"})");
        QCOMPARE(r.status, 503);
        QVERIFY2(QJsonDocument(r.json()).toJson().contains("gnome-keyring-daemon"), r.body.constData());
        QCOMPARE(call("GET", "/v1/notify/channels/pd2").status, 404);
        // Routed channels cannot be deleted from under the routing.
        QCOMPARE(call("PUT", "/v1/notify/routing", R"({"routes":[{"match":{"severity":["CRITICAL"]},"channels":["pd"]}],"default":["ops-slack"]})").status, 200);
        QCOMPARE(call("DELETE", "/v1/notify/channels/pd").status, 409);
        QCOMPARE(call("PUT", "/v1/notify/routing", R"({"routes":[{"channels":["nowhere"]}]})").status, 400);
        m_fixture->stop();
        QFile db(m_fixture->databasePath());
        QVERIFY(db.open(QIODevice::ReadOnly));
        const QByteArray bytes = db.readAll();
        QVERIFY(!bytes.contains("R0UT1NGKEY") && !bytes.contains("INLINE-SECRET"));
    }

    void defaultRoutingBySeverityAndPagerDutyLifecycle()
    {
        addSlackAndPagerDuty();
        fastGrouping();
        QCOMPARE(call("POST", "/v1/events", diskEvent(QStringLiteral("db-1"), 95, QStringLiteral("disk of patient jane@example.org's record server full"))).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/pd")), 1, 10000);
        QTRY_COMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 1);
        HttpReceiver::Received trigger;
        for (const auto &r : std::as_const(m_receiver->received))
            if (r.path == QLatin1String("/pd"))
                trigger = r;
        const QJsonObject pd = trigger.json();
        QCOMPARE(pd[QLatin1String("event_action")].toString(), QStringLiteral("trigger"));
        QCOMPARE(pd[QLatin1String("routing_key")].toString(), QStringLiteral("R0UT1NGKEY0123456789"));
        QCOMPARE(pd[QLatin1String("payload")][QLatin1String("severity")].toString(), QStringLiteral("critical"));
        QCOMPARE(pd[QLatin1String("payload")][QLatin1String("source")].toString(), QStringLiteral("db"));
        QCOMPARE(pd[QLatin1String("payload")][QLatin1String("group")].toString(), QStringLiteral("disk-full"));
        QCOMPARE(pd[QLatin1String("payload")][QLatin1String("custom_details")][QLatin1String("message")].toString(),
                 QStringLiteral("disk of patient [EMAIL]'s record server full")); // scrubbed
        const QString dedup = pd[QLatin1String("dedup_key")].toString();

        // A WARN goes to Slack only.
        QCOMPARE(call("POST", "/v1/events", R"({"source":"api","type":"http","severity":"INFO","payload":{"latency_ms":900}})").status, 202);
        QTRY_COMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 2);
        QTest::qWait(1500);
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/pd")), 1);

        // Acknowledge, then resolve: PagerDuty hears both, under the same dedup_key.
        const QJsonArray alerts = call("GET", "/v1/alerts?rule=disk-full").json()[QLatin1String("alerts")].toArray();
        QCOMPARE(alerts.size(), 1);
        const QByteArray id = alerts[0][QLatin1String("alert_id")].toString().toLatin1();
        QCOMPARE(call("POST", "/v1/alerts/" + id + "/ack").status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/pd")), 2, 10000);
        const auto lastPagerDuty = [this] {
            QJsonObject last;
            for (const auto &r : std::as_const(m_receiver->received))
                if (r.path == QLatin1String("/pd"))
                    last = r.json();
            return last;
        };
        QCOMPARE(lastPagerDuty()[QLatin1String("event_action")].toString(), QStringLiteral("acknowledge"));
        QCOMPARE(lastPagerDuty()[QLatin1String("dedup_key")].toString(), dedup);
        QCOMPARE(call("POST", "/v1/events", diskEvent(QStringLiteral("db-1"), 40)).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/pd")), 3, 10000);
        const QJsonObject resolve = lastPagerDuty();
        QCOMPARE(resolve[QLatin1String("event_action")].toString(), QStringLiteral("resolve"));
        QCOMPARE(resolve[QLatin1String("dedup_key")].toString(), dedup);
        // The timeline says who was told.
        const QJsonArray entries = call("GET", "/v1/incidents/timeline?alert=" + id).json()[QLatin1String("entries")].toArray();
        QStringList notified;
        for (const QJsonValue &e : entries)
            if (e[QLatin1String("kind")].toString() == QLatin1String("notified"))
                notified.append(e[QLatin1String("entry")].toString());
        QVERIFY2(notified.contains(QStringLiteral("Notified pd (trigger)")) && notified.contains(QStringLiteral("Notified pd (resolve)")),
                 qPrintable(notified.join(QLatin1Char('|'))));
    }

    void aStormOf100AlertsIsOneNotification()
    {
        addSlackAndPagerDuty();
        QCOMPARE(call("PUT", "/v1/notify/routing", R"({"group_wait":"2s","group_interval":"30s"})").status, 200);
        QByteArray batch = "[";
        for (int i = 0; i < 100; ++i)
            batch += (i ? "," : "") + diskEvent(QStringLiteral("db-%1").arg(i), 99);
        QCOMPARE(call("POST", "/v1/events", batch + "]").status, 202);
        QTRY_COMPARE(call("GET", "/v1/alerts?rule=disk-full&limit=1000").json()[QLatin1String("alerts")].toArray().size(), 100);
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/slack")), 1, 10000);
        QTest::qWait(2500);
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 1);
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/pd")), 1);
        QJsonObject slack;
        for (const auto &r : std::as_const(m_receiver->received))
            if (r.path == QLatin1String("/slack"))
                slack = r.json();
        QVERIFY2(slack[QLatin1String("text")].toString().startsWith(QLatin1String("[FIRING:100] Disk full")), qPrintable(slack[QLatin1String("text")].toString()));
        QCOMPARE(slack[QLatin1String("attachments")][0][QLatin1String("fields")][2][QLatin1String("value")].toString(), QStringLiteral("100 open"));
        QCOMPARE(slack[QLatin1String("channel")].toString(), slackRoom);
    }

    void anOutageIsRetriedAndDeliveredExactlyOnceAcrossARestart()
    {
        addSlackAndPagerDuty();
        fastGrouping();
        QVERIFY(m_receiver->setDown(true));
        QCOMPARE(call("POST", "/v1/events", diskEvent(QStringLiteral("db-9"), 97)).status, 202);
        QJsonArray pending;
        QTRY_VERIFY_WITH_TIMEOUT((pending = call("GET", "/v1/notify/outbox?state=pending").json()[QLatin1String("notifications")].toArray()).size() == 2
                                     && pending[0][QLatin1String("attempts")].toInt() >= 2,
                                 10000);
        QVERIFY(!pending[0][QLatin1String("last_error")].toString().isEmpty());
        // Sentinel restarts in the middle of the retries; the receiver comes back after.
        QVERIFY(m_fixture->restart());
        QVERIFY(m_receiver->setDown(false));
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/pd")), 1, 15000);
        QTRY_COMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 1);
        QTest::qWait(2000);
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/pd")), 1); // exactly once
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 1);
        QCOMPARE(call("GET", "/v1/notify/outbox?state=pending").json()[QLatin1String("notifications")].toArray().size(), 0);
    }

    void deadLetterAfterTheLastRetryAndRedrive()
    {
        addSlackAndPagerDuty();
        fastGrouping();
        m_receiver->failNext(1000, 503);
        QCOMPARE(call("POST", "/v1/events", R"({"source":"api","type":"http","severity":"INFO","payload":{"latency_ms":900}})").status, 202);
        QJsonArray dead;
        QTRY_VERIFY_WITH_TIMEOUT((dead = call("GET", "/v1/notify/outbox?state=dead").json()[QLatin1String("notifications")].toArray()).size() == 1, 20000);
        QCOMPARE(dead[0][QLatin1String("attempts")].toInt(), 6); // the first try and 5 retries
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 6);
        QVERIFY(dead[0][QLatin1String("last_error")].toString().contains(QLatin1String("503")));
        // The retries were spaced at least 0.1, 0.2, 0.4, 0.8, 1.6 s less 20 % jitter (the fifth
        // failure also opened the circuit, so the last retry waited for it to half-open).
        QList<qint64> gaps;
        for (qsizetype i = 1; i < m_receiver->received.size(); ++i)
            gaps.append(m_receiver->received[i].atMs - m_receiver->received[i - 1].atMs);
        QCOMPARE(gaps.size(), 5);
        for (int i = 0; i < 5; ++i)
            QVERIFY2(gaps[i] >= (80 << i) - 5, qPrintable(QStringLiteral("retry %1 after %2 ms").arg(i + 1).arg(gaps[i])));
        QVERIFY(gaps[4] >= 5000 - 5);
        const QJsonObject health = call("GET", "/api/health/notifications").json().object();
        QCOMPARE(health[QLatin1String("outbox")][QLatin1String("dead")].toInt(), 1);
        // Re-drive once the receiver is healthy again.
        m_receiver->failNext(0, 200);
        const QByteArray id = dead[0][QLatin1String("id")].toString().toLatin1();
        QCOMPARE(call("POST", "/v1/notify/outbox/" + id + "/retry").status, 202);
        QTRY_COMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 7);
        QTRY_COMPARE(call("GET", "/v1/notify/outbox?state=dead").json()[QLatin1String("notifications")].toArray().size(), 0);
        QCOMPARE(call("POST", "/v1/notify/outbox/" + id + "/retry").status, 409);
    }

    // PagerDuty and Slack answer 429 with Retry-After when rate limited: the retry waits that long
    // instead of 0.1 s (this test's first retry delay).
    void tooManyRequestsWaitsForRetryAfter()
    {
        addSlackAndPagerDuty();
        m_receiver->failNext(1, 429, "2");
        QCOMPARE(call("POST", "/api/test/alert", R"({"channels":["pd"]})").status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/pd")), 2, 10000);
        const qint64 gap = m_receiver->received[1].atMs - m_receiver->received[0].atMs;
        QVERIFY2(gap >= 1990, qPrintable(QString::number(gap)));
        QTRY_COMPARE(call("GET", "/v1/notify/outbox?state=sent").json()[QLatin1String("notifications")].toArray().size(), 1);
    }

    void circuitBreakerOpensAfterFiveFailuresAndHalfOpensLater()
    {
        addSlackAndPagerDuty();
        QCOMPARE(call("PUT", "/v1/notify/routing", R"({"default":["ops-slack"],"group_by":["source","rule_id"],"group_wait":"0s","group_interval":"1s"})").status, 200);
        m_receiver->failNext(1000, 500);
        QCOMPARE(call("POST", "/api/test/alert", R"({"channels":["ops-slack"]})").status, 202);
        QCOMPARE(call("POST", "/api/test/alert", R"({"channels":["ops-slack"]})").status, 202);
        QTRY_VERIFY_WITH_TIMEOUT(call("GET", "/api/health/notifications").body.contains("\"state\":\"circuit_open\""), 10000);
        QVERIFY(m_receiver->refusedWhileFailing >= 5); // five failures in a row opened it (one more may have been on its way)
        QTest::qWait(1000); // anything sent before it opened has arrived by now
        const int before = int(m_receiver->received.size());
        QTest::qWait(1500); // open: nothing is sent although retries are due
        QCOMPARE(int(m_receiver->received.size()), before);
        m_receiver->failNext(0, 200);
        // Half-open after 5 s (this test's setting): one trial succeeds and both go out.
        QTRY_COMPARE_WITH_TIMEOUT(call("GET", "/v1/notify/outbox?state=pending").json()[QLatin1String("notifications")].toArray().size(), 0, 20000);
        QCOMPARE(call("GET", "/api/health/notifications").json()[QLatin1String("channels")][0][QLatin1String("state")].toString(), QStringLiteral("ok"));
    }

    void escalationReachesWhoeverIsOnCallUntilAcknowledged()
    {
        addSlackAndPagerDuty();
        QCOMPARE(call("PUT", "/v1/notify/channels/alice-hook", webhookChannel(m_receiver->url(QStringLiteral("/alice")))).status, 201);
        QCOMPARE(call("PUT", "/v1/notify/schedules/primary", onCallSchedule).status, 201);
        RawResponse r = call("GET", "/v1/notify/schedules/primary/oncall?at=2026-11-24T12:00:00Z");
        QCOMPARE(r.json()[QLatin1String("oncall")][0][QLatin1String("member")][QLatin1String("name")].toString(), QStringLiteral("alice"));
        QCOMPARE(call("GET", "/v1/notify/schedules/primary/oncall?at=yesterday").status, 400);
        // Disk alerts are routed nowhere; only the escalation policy speaks for them.
        QCOMPARE(call("PUT", "/v1/notify/routing", R"({"routes":[{"match":{"source":["api"]},"channels":["ops-slack"]}]})").status, 200);
        QCOMPARE(call("PUT", "/v1/notify/escalations/db", escalationPolicy).status, 201);
        QCOMPARE(call("PUT", "/v1/notify/escalations/bad", R"({"steps":[{"after":"5m","targets":["schedule:nobody"]}]})").status, 400);
        QCOMPARE(call("DELETE", "/v1/notify/schedules/primary").status, 409); // the policy uses it

        QCOMPARE(call("POST", "/v1/events", diskEvent(QStringLiteral("db-2"), 99)).status, 202);
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/alice")), 1, 10000);
        QVERIFY(m_receiver->received.last().json()[QLatin1String("title")].toString().startsWith(QLatin1String("[ESCALATED] [FIRING:1] Disk full")));
        const QByteArray id = call("GET", "/v1/alerts?rule=disk-full").json()[QLatin1String("alerts")][0][QLatin1String("alert_id")].toString().toLatin1();
        QCOMPARE(call("POST", "/v1/alerts/" + id + "/ack").status, 200);
        QTest::qWait(10000); // past the second step (10 s after opening): acknowledged, so nobody else is woken
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/slack")), 0);
        QCOMPARE(countPath(*m_receiver, QStringLiteral("/alice")), 1);
        QStringList escalated;
        for (const QJsonValue &e : call("GET", "/v1/incidents/timeline?alert=" + id).json()[QLatin1String("entries")].toArray())
            if (e[QLatin1String("kind")].toString() == QLatin1String("escalated"))
                escalated.append(e[QLatin1String("entry")].toString());
        QCOMPARE(escalated, QStringList{QStringLiteral("Escalated to alice (on call for primary) (policy db, round 1, step 1)")});
    }

    void remediationHooksEscapeTheirValues()
    {
        // A webhook hook and a command hook; the disk rule offers both and runs one by itself.
        QCOMPARE(call("PUT", "/v1/hooks/restart", restartHook(m_receiver->url(QStringLiteral("/restart")))).status, 201);
        QCOMPARE(call("PUT", "/v1/hooks/print", printHook).status, 201);
        RawResponse r = call("PUT", "/v1/hooks/bad", R"({"kind":"command","argv":["rm","{{nope}}"]})");
        QCOMPARE(r.status, 400);
        QStringList paths;
        for (const QJsonValue &d : r.json()[QLatin1String("details")].toArray())
            paths.append(d[QLatin1String("path")].toString());
        QCOMPARE(paths, (QStringList{QStringLiteral("argv[1]"), QStringLiteral("allow")}));
        QCOMPARE(call("PUT", "/v1/alerts/policies/disk-full", R"({"hooks":["print","restart"],"auto_remediate":{"hook":"restart","cooldown":"15m"}})").status, 200);

        QCOMPARE(call("POST", "/v1/events", diskEvent(nastyHost, 99)).status, 202);
        // It fired: the auto-remediation called the webhook once, with every value escaped.
        QTRY_COMPARE_WITH_TIMEOUT(countPath(*m_receiver, QStringLiteral("/restart/") + nastyHost), 1, 10000);
        const HttpReceiver::Received restart = m_receiver->received.last();
        QCOMPARE(restart.method, QByteArray("POST"));
        QCOMPARE(restart.json()[QLatin1String("host")].toString(), nastyHost);
        QCOMPARE(restart.json()[QLatin1String("severity")].toString(), QStringLiteral("CRITICAL"));
        const QByteArray id = call("GET", "/v1/alerts?rule=disk-full").json()[QLatin1String("alerts")][0][QLatin1String("alert_id")].toString().toLatin1();
        QCOMPARE(call("GET", "/v1/alerts/" + id + "/hooks").json()[QLatin1String("hooks")].toArray().size(), 2);

        // The command hook asks for confirmation, then runs without a shell: the host name
        // arrives as one argument, its $( ) and quotes untouched.
        QCOMPARE(call("POST", "/v1/alerts/" + id + "/remediate", R"({"hook":"print"})").status, 409);
        r = call("POST", "/v1/alerts/" + id + "/remediate", R"({"hook":"print","confirmed":true})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QLatin1String("status")].toString(), QStringLiteral("succeeded"));
        QCOMPARE(r.json()[QLatin1String("exit_code")].toInt(), 0);
        QCOMPARE(r.json()[QLatin1String("excerpt")].toString(), QStringLiteral("[") + nastyHost + QStringLiteral("]"));
        QVERIFY(r.json()[QLatin1String("duration_ms")].toInt() >= 0);
        // Both runs are in the timeline.
        QStringList remediated;
        for (const QJsonValue &e : call("GET", "/v1/incidents/timeline?alert=" + id).json()[QLatin1String("entries")].toArray())
            if (e[QLatin1String("kind")].toString() == QLatin1String("remediated"))
                remediated.append(e[QLatin1String("entry")].toString());
        QCOMPARE(remediated.size(), 2);
        QVERIFY2(remediated[0].startsWith(QLatin1String("Ran restart (by system): succeeded, HTTP 200")), qPrintable(remediated[0]));
        QVERIFY2(remediated[1].startsWith(QLatin1String("Ran print (by noc-admin): succeeded, exit code 0")), qPrintable(remediated[1]));
        // A failing hook answers 502 with what went wrong. (A command: this test's receivers
        // serve on the thread that waits for the answer.)
        QCOMPARE(call("PUT", "/v1/hooks/fail", R"({"kind":"command","argv":["/bin/false"],"allow":true})").status, 201);
        QCOMPARE(call("PUT", "/v1/alerts/policies/disk-full", R"({"hooks":["print","restart","fail"]})").status, 200);
        r = call("POST", "/v1/alerts/" + id + "/remediate", R"({"hook":"fail"})");
        QCOMPARE(r.status, 502);
        QCOMPARE(r.json()[QLatin1String("exit_code")].toInt(), 1);
        QCOMPARE(r.json()[QLatin1String("status")].toString(), QStringLiteral("failed"));
    }

    // E-mail through libcurl to Debian's aiosmtpd (a real SMTP server) writing a Maildir.
    void emailReachesAnSmtpServer()
    {
        QTemporaryDir maildir;
        QTcpServer probe; // a free port for the sink
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess smtp;
        smtp.start(QStringLiteral("/usr/bin/python3"), {QStringLiteral("-m"), QStringLiteral("aiosmtpd"), QStringLiteral("-n"), QStringLiteral("-l"),
                                                       QStringLiteral("127.0.0.1:%1").arg(port), QStringLiteral("-c"),
                                                       QStringLiteral("aiosmtpd.handlers.Mailbox"), maildir.filePath(QStringLiteral("mail"))});
        QVERIFY2(smtp.waitForStarted(), "aiosmtpd (python3-aiosmtpd) must be installed for Debian's /usr/bin/python3");
        const auto stopSmtp = qScopeGuard([&smtp] {
            smtp.terminate();
            smtp.waitForFinished(5000);
        });
        QTcpSocket connectProbe;
        QTRY_VERIFY_WITH_TIMEOUT((connectProbe.connectToHost(QHostAddress::LocalHost, port), connectProbe.waitForConnected(200)), 10000);
        connectProbe.abort();
        const QByteArray channel = QJsonDocument(QJsonObject{{QStringLiteral("kind"), QStringLiteral("email")},
                                                             {QStringLiteral("smtp_url"), QStringLiteral("smtp://127.0.0.1:%1/sentinel.test").arg(port)},
                                                             {QStringLiteral("from"), QStringLiteral("sentinel@sentinel.test")},
                                                             {QStringLiteral("to"), QJsonArray{QStringLiteral("oncall@example.test"), QStringLiteral("lead@example.test")}},
                                                             {QStringLiteral("starttls"), false}})
                                       .toJson(QJsonDocument::Compact);
        QCOMPARE(call("PUT", "/v1/notify/channels/mail", channel).status, 201);
        QCOMPARE(call("POST", "/api/test/alert", mailTestAlert).status, 202);
        QDir inbox(maildir.filePath(QStringLiteral("mail/new")));
        QTRY_COMPARE_WITH_TIMEOUT(inbox.entryList(QDir::Files).size(), 1, 15000);
        QFile file(inbox.filePath(inbox.entryList(QDir::Files).first()));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray mail = file.readAll();
        QVERIFY2(mail.contains("X-RcptTo: oncall@example.test, lead@example.test"), mail.constData());
        QVERIFY(mail.contains("From: sentinel@sentinel.test"));
        QVERIFY(mail.contains("multipart/alternative"));
        const QByteArray subject = mail.mid(mail.indexOf("=?UTF-8?B?") + 10).split('?').first();
        QCOMPARE(QString::fromUtf8(QByteArray::fromBase64(subject)), QStringLiteral("[TEST] Disk full on db-1 (call [PHONE])"));
        QTRY_COMPARE(call("GET", "/v1/notify/outbox?state=sent").json()[QLatin1String("notifications")].toArray().size(), 1);
    }

    void signedWebhookAndTestAlert()
    {
        qputenv("SENTINEL_TEST_HOOK_SECRET", "hook-secret-value");
        QCOMPARE(call("PUT", "/v1/notify/channels/hook", webhookChannel(m_receiver->url(QStringLiteral("/hook")))).status, 201);
        QCOMPARE(call("POST", "/api/test/alert", R"({"channels":["nowhere"]})").status, 400);
        const RawResponse r = call("POST", "/api/test/alert", R"({"channels":["hook"],"severity":"WARN"})");
        QCOMPARE(r.status, 202);
        QTRY_COMPARE(countPath(*m_receiver, QStringLiteral("/hook")), 1);
        const HttpReceiver::Received &hook = m_receiver->received.first();
        QCOMPARE(hook.headers.value("x-team"), QByteArray("noc"));
        const QByteArray expected = "sha256=" + QMessageAuthenticationCode::hash(hook.body, "hook-secret-value", QCryptographicHash::Sha256).toHex();
        QCOMPARE(hook.headers.value("x-sentinel-signature"), expected);
        QCOMPARE(hook.json()[QLatin1String("action")].toString(), QStringLiteral("test"));
        QCOMPARE(hook.json()[QLatin1String("severity")].toString(), QStringLiteral("WARN"));
        QVERIFY(!hook.headers.value("idempotency-key").isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestNotifyApi)
#include "tst_notifyapi.moc"
