// SLOs through the HTTP API of a real engine: definition, status from events and from explicit
// measurements, history, prediction, violations, and burn-rate pages through the alert lifecycle.
#include "EngineFixture.h"
#include "core/ApiKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QTest>

using testsupport::EngineFixture;
using testsupport::RawResponse;

namespace {

const QByteArray checkoutSlo = R"({"name": "Checkout availability", "service": "checkout",
 "sli": {"kind": "ratio", "valid": {"source": "checkout", "type": "http_request"},
         "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}},
 "objective": 0.999, "window": "30d"})";

QByteArray requests(int ok, int failed, qint64 startMs, qint64 spreadMs)
{
    QByteArray body = "[";
    const int total = ok + failed;
    for (int i = 0; i < total; ++i) {
        const qint64 at = startMs + spreadMs * i / std::max(1, total);
        body += (i ? "," : "") + QByteArray(R"({"source":"checkout","type":"http_request","severity":"INFO","timestamp":")")
            + QDateTime::fromMSecsSinceEpoch(at, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1() + R"(","payload":{"status":)"
            + (failed > 0 && i % (total / failed) == 0 ? "503" : "200") + "}}"; // failures spread evenly
    }
    return body + "]";
}

} // namespace

class TestSloApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EngineFixture> m_fixture;
    QList<QPair<QByteArray, QByteArray>> m_headers;

    RawResponse call(const QByteArray &method, const QByteArray &target, const QByteArray &body = {})
    {
        return m_fixture->client()->request(method, target, body, m_headers);
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<EngineFixture>();
        QVERIFY(m_fixture->start());
        m_headers = {{"Authorization", "Bearer " + m_fixture->createKey(QStringLiteral("sre"), core::scopes::all())},
                     {"Content-Type", "application/json"}};
    }
    void cleanup() { m_fixture.reset(); }

    void definitionIsValidated()
    {
        RawResponse r = call("POST", "/api/slo", checkoutSlo);
        QCOMPARE(r.status, 201);
        QCOMPARE(r.json()[QLatin1String("id")].toString(), QStringLiteral("checkout-availability"));
        QCOMPARE(r.json()[QLatin1String("alerting")].toArray().size(), 3);
        QCOMPARE(call("POST", "/api/slo", checkoutSlo).status, 409);
        r = call("POST", "/api/slo", R"({"name":"x","service":"api","objective":2,"sli":{"kind":"ratio","valid":{"min_severity":"LOUD"}}})");
        QCOMPARE(r.status, 400);
        QStringList paths;
        for (const QJsonValue &d : r.json()[QLatin1String("details")].toArray())
            paths.append(d[QLatin1String("path")].toString());
        QVERIFY2(paths.contains(QStringLiteral("objective")) && paths.contains(QStringLiteral("sli.valid.min_severity"))
                     && paths.contains(QStringLiteral("sli.good")),
                 qPrintable(paths.join(QLatin1Char(' '))));
        QCOMPARE(call("PUT", "/api/slo/checkout-availability", R"({"objective": 0.99})").json()[QLatin1String("objective")].toDouble(), 0.99);
        QCOMPARE(call("GET", "/api/slo").json()[QLatin1String("slos")].toArray().size(), 1);
        QCOMPARE(call("DELETE", "/api/slo/checkout-availability").status, 204);
        QCOMPARE(call("GET", "/api/slo/checkout-availability").status, 404);
    }

    void statusFromEventsAndMeasurements()
    {
        QCOMPARE(call("POST", "/api/slo", checkoutSlo).status, 201);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(call("POST", "/v1/events", requests(995, 5, now - 2 * 3600000, 3600000)).status, 202);
        // Events of another source or type are not valid for this SLI.
        QCOMPARE(call("POST", "/v1/events", R"({"source":"search","type":"http_request","severity":"INFO","payload":{"status":500}})").status, 202);
        QJsonObject status;
        QTRY_VERIFY((status = call("GET", "/api/slo/checkout-availability/status").json().object())[QLatin1String("events")][QLatin1String("valid")].toInt() == 1000);
        QCOMPARE(status[QLatin1String("events")][QLatin1String("good")].toInt(), 995);
        QCOMPARE(status[QLatin1String("sli")].toDouble(), 0.995);
        QCOMPARE(qRound(status[QLatin1String("error_budget")][QLatin1String("consumed")].toDouble() * 1000), 5000); // 5 bad / (1000 x 0.001)
        QCOMPARE(qRound(status[QLatin1String("error_budget")][QLatin1String("remaining")].toDouble() * 1000), -4000);
        QCOMPARE(status[QLatin1String("window")].toString(), QStringLiteral("30d"));
        QVERIFY(status[QLatin1String("burn_rates")].toObject().contains(QLatin1String("3d")));
        // Clients that aggregate themselves send counts.
        RawResponse r = call("POST", "/api/slo/checkout-availability/measurements",
                             "{\"timestamp\":\"" + QDateTime::fromMSecsSinceEpoch(now - 600000, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1()
                                 + "\",\"good\":1000,\"valid\":1000}");
        QCOMPARE(r.status, 202);
        QCOMPARE(call("POST", "/api/slo/checkout-availability/measurements", R"({"timestamp":"x","good":5,"valid":2})").status, 400);
        QCOMPARE(call("GET", "/api/slo/checkout-availability/status").json()[QLatin1String("events")][QLatin1String("valid")].toInt(), 2000);
        const QJsonArray days = call("GET", "/api/slo/checkout-availability/history").json()[QLatin1String("days")].toArray();
        QVERIFY(days.size() >= 30);
        QVERIFY(call("GET", "/api/slo/checkout-availability/predict").json()[QLatin1String("exhaustion_at")].isString());
        QCOMPARE(call("GET", "/api/slo/violations").json()[QLatin1String("violations")].toArray().size(), 1);
        // Counts survive a restart.
        QVERIFY(m_fixture->restart());
        QCOMPARE(call("GET", "/api/slo/checkout-availability/status").json()[QLatin1String("events")][QLatin1String("valid")].toInt(), 2000);
    }

    void fastBurnPagesThroughTheAlertLifecycle()
    {
        QCOMPARE(call("POST", "/api/slo", checkoutSlo).status, 201);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        // 10 % errors over the last 15 minutes: burn rate 100 on every window that sees them.
        QCOMPARE(call("POST", "/v1/events", requests(900, 100, now - 15 * 60000, 14 * 60000)).status, 202);
        QJsonArray alerts;
        QTRY_VERIFY_WITH_TIMEOUT((alerts = call("GET", "/v1/alerts?slo=checkout-availability").json()[QLatin1String("alerts")].toArray()).size() >= 2, 10000);
        QSet<QString> windows;
        for (const QJsonValue &a : alerts) {
            QCOMPARE(a[QLatin1String("slo_id")].toString(), QStringLiteral("checkout-availability"));
            QCOMPARE(a[QLatin1String("source")].toString(), QStringLiteral("checkout"));
            windows.insert(a[QLatin1String("labels")][QLatin1String("windows")].toString());
            if (a[QLatin1String("labels")][QLatin1String("policy")].toString() == QLatin1String("page"))
                QCOMPARE(a[QLatin1String("severity")].toString(), QStringLiteral("CRITICAL"));
            else
                QCOMPARE(a[QLatin1String("severity")].toString(), QStringLiteral("WARN"));
            QVERIFY(a[QLatin1String("value")].toDouble() > 14.4);
        }
        QVERIFY(windows.contains(QStringLiteral("1h/5m")));
        // Deleting the SLO resolves its alerts.
        QCOMPARE(call("DELETE", "/api/slo/checkout-availability").status, 204);
        QTRY_COMPARE(call("GET", "/v1/alerts?slo=checkout-availability&state=OPEN").json()[QLatin1String("alerts")].toArray().size(), 0);
    }
};

QTEST_GUILESS_MAIN(TestSloApi)
#include "tst_sloapi.moc"
