// Rules, alerts, silences and timelines through the HTTP API of a real engine.
#include "EngineFixture.h"
#include "core/ApiKeys.h"
#include "storage/AlertStore.h"
#include "storage/SqliteConnection.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using testsupport::EngineFixture;
using testsupport::RawResponse;

namespace {

const QByteArray errorsRule = R"({"id":"checkout-errors","name":"Checkout errors","severity":"ERROR",
  "match":{"source":"checkout","min_severity":"ERROR"},
  "detector":{"kind":"threshold","aggregate":"count","window":"1m","op":">=","value":3},"group_by":["source"],"labels":{"team":"payments"}})";
const QByteArray latencyRule = R"({"name":"API latency","severity":"WARN","match":{"source":"api"},
  "detector":{"kind":"threshold","field":"payload.latency_ms","op":">","value":500}})";
const QByteArray invalidRule = R"({"name":"Bad","severity":"LOUD","detector":{"kind":"threshold","aggregate":"p95","op":">"}})";
const QByteArray silenceBody = R"({"matchers":[{"name":"source","value":"checkout"}],"ends_at":"2099-01-01T00:00:00Z","comment":"deploy"})";

QByteArray errorEvent(const QString &source, const QString &timestamp = {})
{
    QJsonObject o{{QStringLiteral("source"), source}, {QStringLiteral("type"), QStringLiteral("http_request")},
                  {QStringLiteral("severity"), QStringLiteral("ERROR")}, {QStringLiteral("payload"), QJsonObject{{QStringLiteral("message"), QStringLiteral("boom")}}}};
    if (!timestamp.isEmpty())
        o.insert(QStringLiteral("timestamp"), timestamp);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestAlertsApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EngineFixture> m_fixture;
    QByteArray m_key;

    RawResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {}, const QByteArray &key = {})
    {
        return m_fixture->client()->request(method, target, body,
                                            {{"Authorization", "Bearer " + (key.isEmpty() ? m_key : key)}, {"Content-Type", "application/json"}});
    }
    QJsonArray alerts(const QByteArray &parameters = {})
    {
        return call("GET", "/v1/alerts" + parameters).json().object().value(QLatin1String("alerts")).toArray();
    }
    void send(const QByteArray &event, int times = 1)
    {
        for (int i = 0; i < times; ++i)
            QCOMPARE(call("POST", "/v1/events", event).status, 202);
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<EngineFixture>();
        QVERIFY2(m_fixture->start(), qPrintable(m_fixture->lastError()));
        m_key = m_fixture->createKey(QStringLiteral("ops"), core::scopes::all());
    }
    void cleanup() { m_fixture.reset(); }

    void policiesCrud()
    {
        RawResponse r = call("POST", "/v1/alerts/policies", latencyRule);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json()[QLatin1String("id")].toString(), QStringLiteral("api-latency")); // derived slug
        QCOMPARE(call("POST", "/v1/alerts/policies", latencyRule).status, 409);
        r = call("POST", "/v1/alerts/policies", invalidRule);
        QCOMPARE(r.status, 400);
        QStringList paths;
        for (const QJsonValue &d : r.json()[QLatin1String("details")].toArray())
            paths.append(d[QLatin1String("path")].toString());
        QCOMPARE(paths, (QStringList{QStringLiteral("severity"), QStringLiteral("detector.field"), QStringLiteral("detector.window"), QStringLiteral("detector.value")}));
        QCOMPARE(call("GET", "/v1/alerts/policies/api-latency").json()[QLatin1String("severity")].toString(), QStringLiteral("WARN"));
        r = call("PUT", "/v1/alerts/policies/api-latency", R"({"enabled": false})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QLatin1String("enabled")].toBool(), false);
        QCOMPARE(r.json()[QLatin1String("name")].toString(), QStringLiteral("API latency")); // the rest kept
        QCOMPARE(call("PUT", "/v1/alerts/policies/api-latency", R"({"detector": {"kind": "nope"}})").status, 400);
        QCOMPARE(call("GET", "/v1/alerts/policies").json()[QLatin1String("rules")].toArray().size(), 1);
        QCOMPARE(call("DELETE", "/v1/alerts/policies/api-latency").status, 204);
        QCOMPARE(call("DELETE", "/v1/alerts/policies/api-latency").status, 404);
        QCOMPARE(call("GET", "/v1/alerts/policies/api-latency").status, 404);
        QCOMPARE(call("PATCH", "/v1/alerts/policies/api-latency").status, 405);
    }

    void importIsAllOrNothingAndExportRoundTrips()
    {
        const QByteArray document = "{\"version\":1,\"rules\":[" + errorsRule + "," + latencyRule + "]}";
        RawResponse r = call("POST", "/v1/alerts/policies/import", document);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QLatin1String("created")].toArray().size(), 2);
        r = call("POST", "/v1/alerts/policies/import", document);
        QCOMPARE(r.json()[QLatin1String("unchanged")].toArray().size(), 2);
        // One bad rule: nothing changes, and the problem is located inside the document.
        r = call("POST", "/v1/alerts/policies/import", "{\"version\":1,\"rules\":[" + latencyRule + "," + invalidRule + "]}");
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json()[QLatin1String("details")][0][QLatin1String("path")].toString(), QStringLiteral("rules[1].severity"));
        const QByteArray exported = call("GET", "/v1/alerts/policies/export").body;
        QCOMPARE(call("POST", "/v1/alerts/policies/import?mode=replace", exported).json()[QLatin1String("unchanged")].toArray().size(), 2);
        QCOMPARE(call("GET", "/v1/alerts/policies/export").body, exported); // byte-identical
        // replace removes what the document does not hold.
        r = call("POST", "/v1/alerts/policies/import?mode=replace", latencyRule);
        QCOMPARE(r.json()[QLatin1String("deleted")].toArray(), QJsonArray{QStringLiteral("checkout-errors")});
    }

    void eventsOpenAnAlertThatIsAckedAndResolved()
    {
        QCOMPARE(call("POST", "/v1/alerts/policies", errorsRule).status, 201);
        send(errorEvent(QStringLiteral("checkout")), 2);
        QVERIFY(alerts().isEmpty());
        send(errorEvent(QStringLiteral("checkout")));
        QTRY_COMPARE(alerts().size(), 1);
        QJsonObject alert = alerts()[0].toObject();
        const QByteArray id = alert[QLatin1String("alert_id")].toString().toUtf8();
        QCOMPARE(alert[QLatin1String("state")].toString(), QStringLiteral("OPEN"));
        QCOMPARE(alert[QLatin1String("rule_id")].toString(), QStringLiteral("checkout-errors"));
        QCOMPARE(alert[QLatin1String("labels")][QLatin1String("team")].toString(), QStringLiteral("payments"));
        QVERIFY(!alert[QLatin1String("event_id")].toString().isEmpty());
        send(errorEvent(QStringLiteral("checkout")), 2); // the same incident
        QTRY_COMPARE(alerts()[0][QLatin1String("occurrences")].toInt(), 3);
        QCOMPARE(alerts().size(), 1);

        RawResponse r = call("POST", "/v1/alerts/" + id + "/ack", R"({"comment":"looking"})");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()[QLatin1String("state")].toString(), QStringLiteral("ACK"));
        QCOMPARE(call("POST", "/v1/alerts/" + id + "/ack").status, 200); // acking an ACK alert is a no-op
        QCOMPARE(call("POST", "/v1/alerts/" + id + "/resolve").json()[QLatin1String("state")].toString(), QStringLiteral("RESOLVED"));
        r = call("POST", "/v1/alerts/" + id + "/ack");
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json()[QLatin1String("details")][0][QLatin1String("state")].toString(), QStringLiteral("RESOLVED"));
        QCOMPARE(call("POST", "/v1/alerts/nope/ack").status, 404);

        const QJsonArray entries = call("GET", "/v1/incidents/timeline?alert=" + id).json()[QLatin1String("entries")].toArray();
        QStringList kinds;
        for (const QJsonValue &e : entries)
            kinds.append(e[QLatin1String("kind")].toString() + QLatin1Char('/') + e[QLatin1String("actor")].toString());
        QCOMPARE(kinds, (QStringList{QStringLiteral("created/system"), QStringLiteral("acked/ops"), QStringLiteral("resolved/ops")}));
        QCOMPARE(entries[0][QLatin1String("event_ids")].toArray().size(), 1);
        QCOMPARE(call("GET", "/v1/incidents/timeline").status, 400);

        // Every action is in the audit log, with who and before/after.
        storage::SqliteConnection connection;
        QVERIFY(!connection.open(m_fixture->databasePath(), QStringLiteral("audit-check"), storage::SqliteConnection::Mode::ReadOnly).isError());
        storage::StoreError error;
        const auto audit = storage::AlertStore(connection.database()).auditLog(QString::fromUtf8(id), &error);
        QCOMPARE(audit.size(), 2);
        QCOMPARE(audit[0][1], QStringLiteral("ops"));
        QCOMPARE(audit[0][2], QStringLiteral("alert.ack"));
        QVERIFY(audit[0][4].contains(QLatin1String("\"OPEN\"")) && audit[0][5].contains(QLatin1String("\"ACK\"")));
    }

    void filtersSummaryAndAckAll()
    {
        QCOMPARE(call("POST", "/v1/alerts/policies", R"({"id":"any-error","name":"Errors","severity":"ERROR","match":{"min_severity":"ERROR"},
            "detector":{"kind":"threshold","aggregate":"count","window":"1m","op":">=","value":1},"group_by":["source"]})").status, 201);
        for (const char *source : {"checkout", "payments", "search"})
            send(errorEvent(QString::fromLatin1(source)));
        QTRY_COMPARE(alerts().size(), 3);
        QCOMPARE(alerts("?source=payments").size(), 1);
        QCOMPARE(alerts("?state=OPEN&rule=any-error").size(), 3);
        QCOMPARE(alerts("?severity=CRITICAL").size(), 0);
        QCOMPARE(call("GET", "/v1/alerts?state=sleeping").status, 400);
        RawResponse r = call("POST", "/v1/alerts/ackAll", R"({"source":"search"})");
        QCOMPARE(r.json()[QLatin1String("acked")].toArray().size(), 1);
        r = call("GET", "/v1/alerts/summary");
        QCOMPARE(r.json()[QLatin1String("by_severity")][QLatin1String("ERROR")][QLatin1String("OPEN")].toInt(), 2);
        QCOMPARE(r.json()[QLatin1String("by_service")][QLatin1String("search")][QLatin1String("ACK")].toInt(), 1);
        QCOMPARE(alerts("?limit=2").size(), 2);
        const QString cursor = call("GET", "/v1/alerts?limit=2").json()[QLatin1String("next_cursor")].toString();
        QCOMPARE(alerts("?limit=2&cursor=" + cursor.toUtf8()).size(), 1);
    }

    void silencedAlertsAreRecordedAndMarked()
    {
        QCOMPARE(call("POST", "/v1/alerts/policies", errorsRule).status, 201);
        RawResponse r = call("POST", "/v1/silences", silenceBody);
        QCOMPARE(r.status, 201);
        const QByteArray silenceId = r.json()[QLatin1String("id")].toString().toUtf8();
        QCOMPARE(call("POST", "/v1/silences", R"({"matchers":[]})").status, 400);
        send(errorEvent(QStringLiteral("checkout")), 3);
        QTRY_COMPARE(alerts().size(), 1);
        QCOMPARE(alerts()[0][QLatin1String("silenced_until")].toString(), QStringLiteral("2099-01-01T00:00:00.000Z"));
        QCOMPARE(call("GET", "/v1/silences").json()[QLatin1String("silences")].toArray().size(), 1);
        QCOMPARE(call("DELETE", "/v1/silences/" + silenceId).status, 204);
        QTRY_VERIFY(alerts()[0][QLatin1String("silenced_until")].isNull());
        QCOMPARE(call("DELETE", "/v1/silences/" + silenceId).status, 404);
    }

    void scopesAreEnforced()
    {
        const QByteArray reader = m_fixture->createKey(QStringLiteral("viewer"), {core::scopes::alertRead, core::scopes::policyRead});
        QCOMPARE(call("GET", "/v1/alerts", {}, reader).status, 200);
        QCOMPARE(call("GET", "/v1/alerts/policies", {}, reader).status, 200);
        QCOMPARE(call("POST", "/v1/alerts/policies", latencyRule, reader).status, 403);
        QCOMPARE(call("POST", "/v1/alerts/ackAll", {}, reader).status, 403);
        QCOMPARE(call("POST", "/v1/silences", silenceBody, reader).status, 403);
        QCOMPARE(m_fixture->client()->request("GET", "/v1/alerts").status, 401);
    }

    void rulesAndAlertsSurviveARestart()
    {
        QCOMPARE(call("POST", "/v1/alerts/policies", errorsRule).status, 201);
        send(errorEvent(QStringLiteral("checkout")), 3);
        QTRY_COMPARE(alerts().size(), 1);
        const QString id = alerts()[0][QLatin1String("alert_id")].toString();
        QVERIFY(m_fixture->restart());
        QCOMPARE(call("GET", "/v1/alerts/policies").json()[QLatin1String("rules")].toArray().size(), 1);
        QCOMPARE(alerts()[0][QLatin1String("alert_id")].toString(), id);
        QCOMPARE(call("POST", "/v1/alerts/" + id.toUtf8() + "/ack").status, 200); // the restored alert is live
    }

    void replayingABackdatedStreamGivesTheSameAlerts()
    {
        // The same stream into two fresh servers, in different batch sizes: the same alerts.
        const QByteArray rule = R"({"id":"bursts","name":"bursts","severity":"ERROR","for":"30s","keep_firing_for":"1m",
            "detector":{"kind":"threshold","aggregate":"count","window":"1m","op":">=","value":5},"group_by":["source"]})";
        const QDateTime start = QDateTime::currentDateTimeUtc().addDays(-2);
        QList<QByteArray> stream;
        for (int minute = 0; minute < 30; ++minute) {
            const int perMinute = (minute / 5) % 2 ? 12 : 1; // bursts every other five minutes
            for (int i = 0; i < perMinute; ++i)
                stream.append(errorEvent(minute % 3 ? QStringLiteral("api") : QStringLiteral("db"),
                                         start.addSecs(minute * 60 + i * (60 / perMinute)).toString(Qt::ISODateWithMs)));
        }
        const auto replay = [&](int batch) {
            EngineFixture fixture;
            if (!fixture.start())
                return QStringList{QStringLiteral("could not start")};
            const QByteArray key = fixture.createKey(QStringLiteral("replay"), core::scopes::all());
            const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
            fixture.client()->request("POST", "/v1/alerts/policies", rule, headers);
            for (qsizetype i = 0; i < stream.size(); i += batch)
                fixture.client()->request("POST", "/v1/events", "[" + stream.mid(i, batch).join(',') + "]", headers);
            QStringList out;
            QTest::qWait(1500); // the rules thread drains its queue
            const QJsonArray list = fixture.client()->request("GET", "/v1/alerts?limit=1000", {}, headers).json()[QLatin1String("alerts")].toArray();
            for (const QJsonValue &a : list)
                out.append(a[QLatin1String("fingerprint")].toString() + QLatin1Char(' ') + a[QLatin1String("starts_at")].toString() + QLatin1Char(' ')
                           + a[QLatin1String("state")].toString() + QLatin1Char(' ') + QString::number(a[QLatin1String("occurrences")].toInt()));
            out.sort();
            return out;
        };
        const QStringList one = replay(1);
        QVERIFY2(one.size() >= 2, qPrintable(one.join(QLatin1Char('\n'))));
        QCOMPARE(replay(50), one);
    }
};

QTEST_GUILESS_MAIN(TestAlertsApi)
#include "tst_alertsapi.moc"
