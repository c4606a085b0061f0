// Sentinel against Prometheus's own tooling (Debian's prometheus package):
// - `promtool check metrics` must accept /metrics (it exits non-zero on format errors and on
//   lint problems such as a counter without _total);
// - the same SLO written as Sloth-style recording and alerting rules, evaluated by
//   `promtool test rules` over the same per-minute series, must fire at exactly the evaluation
//   steps at which Sentinel's burn-rate alerts are open.
#include "EngineFixture.h"
#include "core/ApiKeys.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 minute = 60000;
constexpr int streamMinutes = 1800;
constexpr qint64 requestsPerMinute = 97; // no window's error ratio can equal a threshold exactly

// Errors in minute m: a light background, a hard outage, a slow tail, a long smoulder below the
// 6x rate, a short spike, and quiet again, so every row fires and clears at least once.
qint64 errorsInMinute(int m)
{
    if (m >= 600 && m < 660)
        return 20;
    if (m >= 660 && m < 780)
        return 1;
    if (m >= 1000 && m < 1300)
        return m % 2;
    if (m >= 1300 && m < 1330)
        return 3;
    return m % 37 == 0 ? 1 : 0;
}

struct BurnRow
{
    const char *alert;
    const char *windows; // Sentinel's label
    const char *longWindow;
    const char *shortWindow;
    const char *factor;
    const char *severity;
};
constexpr BurnRow burnRows[] = {{"CheckoutAvailabilityPage1h5m", "1h/5m", "1h", "5m", "14.4", "critical"},
                                {"CheckoutAvailabilityPage6h30m", "6h/30m", "6h", "30m", "6", "critical"},
                                {"CheckoutAvailabilityTicket3d6h", "3d/6h", "3d", "6h", "1", "warning"}};

// Sloth's shape: one error-ratio recording per window, alerts on two of them via max() without
// (sloth_window). One group, so each step's recordings are there before its alerts read them.
QByteArray slothRules()
{
    QByteArray yaml = "groups:\n- name: sloth-slo-checkout-availability\n  interval: 1m\n  rules:\n";
    for (const char *window : {"5m", "30m", "1h", "6h", "3d"}) {
        yaml += QByteArray("  - record: slo:sli_error:ratio_rate") + window + "\n"
            + "    expr: (sum(rate(checkout_request_errors_total[" + window + "]))) / (sum(rate(checkout_requests_total[" + window + "])))\n"
            + "    labels: {sloth_id: checkout-availability, sloth_service: checkout, sloth_slo: availability, sloth_window: " + window + "}\n";
    }
    for (const BurnRow &row : burnRows) {
        yaml += QByteArray("  - alert: ") + row.alert + "\n"
            + "    expr: (max(slo:sli_error:ratio_rate" + row.longWindow + "{sloth_id=\"checkout-availability\"} > (" + row.factor
            + " * 0.001)) without (sloth_window) and max(slo:sli_error:ratio_rate" + row.shortWindow + "{sloth_id=\"checkout-availability\"} > ("
            + row.factor + " * 0.001)) without (sloth_window))\n"
            + "    labels: {severity: " + row.severity + "}\n";
    }
    return yaml;
}

const QByteArray sloDefinition = R"({"name": "Checkout availability", "service": "checkout",
 "sli": {"kind": "ratio", "valid": {"source": "checkout"}, "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}},
 "objective": 0.999, "window": "30d"})";

} // namespace

class TestPrometheus : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void promtoolAcceptsTheMetrics()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        QVERIFY2(!promtool.isEmpty(), "promtool is missing: scripts/install-deps installs Debian's prometheus package");
        testsupport::EngineFixture fixture;
        QVERIFY(fixture.start());
        const QByteArray key = fixture.ingestKey();
        auto client = fixture.client();
        // Exercise every family first so the exposition has histograms, labels and gauges filled.
        QCOMPARE(client->request("POST", "/v1/events", R"({"source":"a","type":"t","severity":"INFO","payload":{}})",
                                 {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}}).status, 202);
        QCOMPARE(client->request("POST", "/v1/events", "[1]", {{"Authorization", "Bearer " + key}}).status, 400);
        QCOMPARE(client->request("GET", "/nowhere").status, 404);
        const testsupport::RawResponse metrics = client->request("GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QProcess check;
        check.start(promtool, {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY(check.waitForStarted());
        check.write(metrics.body);
        check.closeWriteChannel();
        QVERIFY(check.waitForFinished(30000));
        const QByteArray output = check.readAllStandardOutput() + check.readAllStandardError();
        QVERIFY2(check.exitCode() == 0, output.constData());
        QVERIFY(metrics.body.contains("sentinel_events_rejected_total{reason=\"validation\"} 1"));
    }

    void burnRateAlertsFireAtTheSameStepsAsPromtool()
    {
        const QString promtool = QStandardPaths::findExecutable(QStringLiteral("promtool"));
        QVERIFY2(!promtool.isEmpty(), "promtool is missing: scripts/install-deps installs Debian's prometheus package");
        testsupport::EngineFixture fixture;
        QVERIFY(fixture.start());
        const QList<QPair<QByteArray, QByteArray>> headers{
            {"Authorization", "Bearer " + fixture.createKey(QStringLiteral("sre"), core::scopes::all())}, {"Content-Type", "application/json"}};
        auto client = fixture.client();
        QCOMPARE(client->request("POST", "/api/slo", sloDefinition, headers).status, 201);

        // Sentinel: minute m's counts at start + m; the boundary start + k then sees minutes < k.
        const qint64 start = (QDateTime::currentMSecsSinceEpoch() / minute - streamMinutes - 24 * 60) * minute;
        QByteArray batch = "[";
        for (int m = 0; m < streamMinutes; ++m) {
            batch += (batch.size() > 1 ? "," : "") + QByteArray("{\"timestamp\":\"")
                + QDateTime::fromMSecsSinceEpoch(start + m * minute, Qt::UTC).toString(Qt::ISODate).toLatin1()
                + "\",\"good\":" + QByteArray::number(requestsPerMinute - errorsInMinute(m)) + ",\"valid\":" + QByteArray::number(requestsPerMinute) + "}";
            // The first minute alone, so evaluation starts at the first boundary, as Prometheus's does.
            if (m == 0 || m % 300 == 299 || m == streamMinutes - 1) {
                QCOMPARE(client->request("POST", "/api/slo/checkout-availability/measurements", batch + "]", headers).status, 202);
                batch = "[";
            }
        }
        QMap<QString, QList<QPair<qint64, qint64>>> firing; // windows -> [opened, resolved) in steps
        const QJsonArray alerts = client->request("GET", "/v1/alerts?slo=checkout-availability&limit=1000", {}, headers).json()[QLatin1String("alerts")].toArray();
        for (const QJsonValue &a : alerts) {
            const auto step = [&](const char *field) {
                const QString text = a[QLatin1String(field)].toString();
                return text.isEmpty() ? qint64(streamMinutes + 1) : (QDateTime::fromString(text, Qt::ISODateWithMs).toMSecsSinceEpoch() - start) / minute;
            };
            firing[a[QLatin1String("labels")][QLatin1String("windows")].toString()].append({step("starts_at"), step("ends_at")});
        }
        QVERIFY2(firing.size() == 3, "the stream is meant to open every row at least once");

        // Prometheus: the same counts as two counters sampled every minute from 0.
        QByteArray total = "0", errors = "0";
        qint64 totalCount = 0, errorCount = 0;
        for (int m = 0; m < streamMinutes; ++m) {
            totalCount += requestsPerMinute;
            errorCount += errorsInMinute(m);
            total += ' ' + QByteArray::number(totalCount);
            errors += ' ' + QByteArray::number(errorCount);
        }
        QByteArray tests = "rule_files: [rules.yml]\nevaluation_interval: 1m\ntests:\n- interval: 1m\n  input_series:\n"
                           "  - series: checkout_requests_total\n    values: '" + total + "'\n"
                           "  - series: checkout_request_errors_total\n    values: '" + errors + "'\n  alert_rule_test:\n";
        int openSteps = 0;
        for (const BurnRow &row : burnRows) {
            for (int k = 1; k <= streamMinutes; ++k) {
                bool open = false;
                for (const auto &[opened, resolved] : firing.value(QLatin1String(row.windows)))
                    open = open || (k >= opened && k < resolved);
                openSteps += open;
                tests += "  - eval_time: " + QByteArray::number(k) + "m\n    alertname: " + row.alert + "\n    exp_alerts:"
                    + (open ? QByteArray("\n    - exp_labels: {severity: ") + row.severity
                                  + ", sloth_id: checkout-availability, sloth_service: checkout, sloth_slo: availability}\n"
                            : QByteArray(" []\n"));
            }
        }
        QVERIFY(openSteps > 100);
        QTemporaryDir dir;
        QFile rules(dir.filePath(QStringLiteral("rules.yml"))), testFile(dir.filePath(QStringLiteral("tests.yml")));
        QVERIFY(rules.open(QIODevice::WriteOnly) && rules.write(slothRules()) > 0);
        QVERIFY(testFile.open(QIODevice::WriteOnly) && testFile.write(tests) > 0);
        rules.close();
        testFile.close();
        QProcess run;
        run.setWorkingDirectory(dir.path());
        run.start(promtool, {QStringLiteral("test"), QStringLiteral("rules"), QStringLiteral("tests.yml")});
        QVERIFY(run.waitForFinished(240000));
        const QByteArray output = run.readAllStandardOutput() + run.readAllStandardError();
        QVERIFY2(run.exitCode() == 0, output.left(4000).constData());
    }
};

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
