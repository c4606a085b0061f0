// Sentinel's /metrics as Prometheus's own tooling sees it: `promtool check metrics` from Debian's
// prometheus package must accept the exposition (it exits non-zero on format errors and on
// lint problems such as a counter without _total).
#include "EngineFixture.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTest>

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
};

QTEST_GUILESS_MAIN(TestPrometheus)
#include "tst_prometheus.moc"
