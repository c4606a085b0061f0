// SLOs through the HTTP API of a real engine: definition, status from events and from explicit
// measurements, history, prediction, violations, and burn-rate pages through the alert lifecycle.
#include "EngineFixture.h"
#include "core/ApiKeys.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using testsupport::EngineFixture;
using testsupport::RawResponse;

namespace {

const QByteArray checkoutSlo = R"({"name": "Checkout availability", "service": "checkout",
 "sli": {"kind": "ratio", "valid": {"source": "checkout", "type": "http_request"},
         "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}},
 "objective": 0.999, "window": "30d"})";

const QByteArray searchLatencySlo = R"({"name": "Search | latency", "service": "search",
 "sli": {"kind": "latency", "valid": {"source": "search"}, "field": "payload.latency_ms", "threshold": 300},
 "objective": 0.99, "window": "7d"})";

QByteArray checkoutRequest(qint64 atMs, bool failed)
{
    return R"({"source":"checkout","type":"http_request","severity":"INFO","timestamp":")"
        + QDateTime::fromMSecsSinceEpoch(atMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1() + R"(","payload":{"status":)"
        + (failed ? "503" : "200") + "}}";
}

QByteArray requests(int ok, int failed, qint64 startMs, qint64 spreadMs)
{
    QByteArray body = "[";
    const int total = ok + failed;
    for (int i = 0; i < total; ++i) // failures spread evenly
        body += (i ? "," : "") + checkoutRequest(startMs + spreadMs * i / std::max(1, total), failed > 0 && i % (total / failed) == 0);
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

    // A backdated six-day stream, replayed through HTTP: 10 requests a minute, all good except a
    // one-hour outage (every request fails) starting three days in. With objective 99 % the
    // budget is 1 %, so burn = 100 x (bad minutes / window minutes) and, counting the outage's
    // first minute as I, the workbook's rows open when both windows burn too fast and clear when
    // they no longer both do, at these evaluation minutes:
    //   page   1h/5m  > 14.4: the hour holds 9 bad minutes (15 > 14.4; 8 give 13.3) -> I+9;
    //                          5 min without a bad minute (0; one gives 20) -> I+65
    //   page   6h/30m > 6:    22 bad of 360 (6.11; 21 give 5.83) -> I+22; 1 bad of 30 (3.3) -> I+89
    //   ticket 3d/6h  > 1:    44 bad of 4,320 (1.019; 43 give 0.995) -> I+44; 3 bad of 360 (0.83) -> I+417
    void replayedOutageOpensAndResolvesAtExactMinutes()
    {
        QCOMPARE(call("POST", "/api/slo", QByteArray(checkoutSlo).replace("0.999", "0.99")).status, 201);
        constexpr qint64 minute = 60000;
        const qint64 start = (QDateTime::currentMSecsSinceEpoch() / (24 * 3600000) - 8) * (24 * 3600000);
        constexpr int outageStart = 3 * 1440; // I, in minutes from the start
        constexpr int outageMinutes = 60;
        constexpr int streamMinutes = outageStart + 600;
        QByteArray batch;
        int inBatch = 0;
        for (int m = 0; m < streamMinutes; ++m) {
            const bool failing = m >= outageStart && m < outageStart + outageMinutes;
            for (int k = 0; k < 10; ++k)
                batch += (inBatch++ ? "," : "[") + checkoutRequest(start + m * minute + k * 5000, failing);
            if (inBatch >= 5000 || m == streamMinutes - 1) {
                QCOMPARE(call("POST", "/v1/events", batch + "]").status, 202);
                batch.clear();
                inBatch = 0;
            }
        }
        const qint64 outage = start + outageStart * minute;
        const QMap<QString, QPair<qint64, qint64>> expected{{QStringLiteral("1h/5m"), {outage + 9 * minute, outage + 65 * minute}},
                                                           {QStringLiteral("6h/30m"), {outage + 22 * minute, outage + 89 * minute}},
                                                           {QStringLiteral("3d/6h"), {outage + 44 * minute, outage + 417 * minute}}};
        QJsonArray alerts;
        QTRY_VERIFY_WITH_TIMEOUT((alerts = call("GET", "/v1/alerts?slo=checkout-availability&state=RESOLVED").json()[QLatin1String("alerts")].toArray()).size() == 3, 30000);
        QCOMPARE(call("GET", "/v1/alerts?slo=checkout-availability").json()[QLatin1String("alerts")].toArray().size(), 3); // nothing else opened
        for (const QJsonValue &a : std::as_const(alerts)) {
            const QString windows = a[QLatin1String("labels")][QLatin1String("windows")].toString();
            QVERIFY2(expected.contains(windows), qPrintable(windows));
            const auto opened = QDateTime::fromString(a[QLatin1String("starts_at")].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
            const auto resolved = QDateTime::fromString(a[QLatin1String("ends_at")].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
            QCOMPARE((opened - outage) / minute, (expected[windows].first - outage) / minute);
            QCOMPARE((resolved - outage) / minute, (expected[windows].second - outage) / minute);
            QCOMPARE(a[QLatin1String("severity")].toString(), windows == QLatin1String("3d/6h") ? QStringLiteral("WARN") : QStringLiteral("CRITICAL"));
            QVERIFY(a[QLatin1String("labels")].toObject().contains(QLatin1String("burn_rate_threshold")));
        }
        // The timeline says which burn rates opened the page.
        const QString pageId = [&] {
            for (const QJsonValue &a : std::as_const(alerts))
                if (a[QLatin1String("labels")][QLatin1String("windows")].toString() == QLatin1String("1h/5m"))
                    return a[QLatin1String("alert_id")].toString();
            return QString();
        }();
        const QJsonArray entries = call("GET", "/v1/incidents/timeline?alert=" + pageId.toLatin1()).json()[QLatin1String("entries")].toArray();
        const QString opening = entries.isEmpty() ? QString() : entries.first()[QLatin1String("entry")].toString();
        QVERIFY2(opening.contains(QLatin1String("burn rate 15 over 1h and 100 over 5m (threshold 14.4)")), qPrintable(opening));
        QVERIFY(entries.last()[QLatin1String("entry")].toString().startsWith(QLatin1String("Resolved: the condition cleared at")));
    }

    void complianceReportInEveryFormat()
    {
        QCOMPARE(call("POST", "/api/slo", checkoutSlo).status, 201);
        QCOMPARE(call("POST", "/api/slo", searchLatencySlo).status, 201);
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        QCOMPARE(call("POST", "/v1/events", requests(990, 10, now - 3600000, 1800000)).status, 202);
        QTRY_COMPARE(call("GET", "/api/slo/checkout-availability/status").json()[QLatin1String("events")][QLatin1String("valid")].toInt(), 1000);

        RawResponse r = call("GET", "/api/slo/report");
        QCOMPARE(r.status, 200);
        const QJsonObject report = r.json().object();
        QCOMPARE(report[QLatin1String("summary")][QLatin1String("slos")].toInt(), 2);
        QCOMPARE(report[QLatin1String("summary")][QLatin1String("violated")].toInt(), 1);
        QCOMPARE(report[QLatin1String("summary")][QLatin1String("met")].toInt(), 1);
        const QJsonArray slos = report[QLatin1String("slos")].toArray();
        QCOMPARE(slos[0][QLatin1String("id")].toString(), QStringLiteral("checkout-availability")); // worst first
        QCOMPARE(slos[0][QLatin1String("compliance")].toString(), QStringLiteral("violated"));
        QCOMPARE(slos[0][QLatin1String("status")][QLatin1String("sli")].toDouble(), 0.99);
        QCOMPARE(slos[1][QLatin1String("compliance")].toString(), QStringLiteral("met"));
        QVERIFY(slos[0][QLatin1String("prediction")][QLatin1String("exhaustion_at")].isString());

        r = call("GET", "/api/slo/report?format=markdown");
        QCOMPARE(r.status, 200);
        QVERIFY(r.headers.value("content-type").startsWith("text/markdown"));
        const QString markdown = QString::fromUtf8(r.body);
        QVERIFY2(markdown.contains(QLatin1String("| Checkout availability | checkout | 30d | 99.900 % | 99.000 % | -900.0 % |")), qPrintable(markdown));
        QVERIFY2(markdown.contains(QLatin1String("Search \\| latency")), qPrintable(markdown)); // a | in a name cannot break the table
        QVERIFY(markdown.contains(QLatin1String("**VIOLATED**")));

        QCOMPARE(call("GET", "/api/slo/report?format=docx").status, 400);
        // This fixture's engine has no typesetter; the dashboard and --headless have one.
        r = call("GET", "/api/slo/report?format=pdf");
        QCOMPARE(r.status, 501);
        QVERIFY(r.json()[QLatin1String("error")].toString().contains(QLatin1String("markdown")));
    }
};

QTEST_GUILESS_MAIN(TestSloApi)
#include "tst_sloapi.moc"
