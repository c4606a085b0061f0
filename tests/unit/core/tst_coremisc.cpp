#include "core/ApiKeys.h"
#include "core/EventFilter.h"
#include "core/EventJson.h"
#include "core/EventQuery.h"
#include "core/Metrics.h"
#include "core/ServiceActivity.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTest>

namespace {

core::EventRecord makeEvent(const QString &source, core::Severity severity, qint64 ts, const QByteArray &payload = "{}")
{
    core::EventRecord e;
    e.eventId = QUuid::createUuid();
    e.source = source;
    e.type = QStringLiteral("http_request");
    e.severity = severity;
    e.timestampMs = ts;
    e.payloadJson = payload;
    return e;
}

const qint64 t0 = 1795392000000; // 2026-11-23T00:00:00Z

} // namespace

class TestCoreMisc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void filter_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<int>("minSeverity");
        QTest::addColumn<QString>("text");
        QTest::addColumn<bool>("matches");
        QTest::newRow("an empty filter matches everything") << QString() << 0 << QString() << true;
        QTest::newRow("the same source matches") << "checkout" << 0 << QString() << true;
        QTest::newRow("another source does not") << "payments" << 0 << QString() << false;
        QTest::newRow("a lower minimum severity matches") << QString() << 2 << QString() << true;
        QTest::newRow("a higher minimum severity does not") << QString() << 3 << QString() << false;
        QTest::newRow("text in the payload matches, any case") << QString() << 0 << "POOL" << true;
        QTest::newRow("text in the source matches") << QString() << 0 << "check" << true;
        QTest::newRow("absent text does not") << QString() << 0 << "timeout" << false;
    }

    void filter()
    {
        QFETCH(QString, source);
        QFETCH(int, minSeverity);
        QFETCH(QString, text);
        QFETCH(bool, matches);
        core::EventFilter f{source, {}, core::Severity(minSeverity), text};
        QCOMPARE(f.matches(makeEvent(QStringLiteral("checkout"), core::Severity::Error, t0, R"({"message":"pool exhausted"})")), matches);
    }

    void eventJsonIsTheApiShape()
    {
        core::EventRecord e = makeEvent(QStringLiteral("svc \"a\"\n"), core::Severity::Warn, t0 + 5, R"({"k":[1,2]})");
        const QJsonObject o = QJsonDocument::fromJson(core::eventJson(e)).object();
        QCOMPARE(o.value(QLatin1String("source")).toString(), QStringLiteral("svc \"a\"\n"));
        QCOMPARE(o.value(QLatin1String("severity")).toString(), QStringLiteral("WARN"));
        QCOMPARE(o.value(QLatin1String("timestamp")).toString(), QStringLiteral("2026-11-23T00:00:00.005Z"));
        QCOMPARE(o.value(QLatin1String("event_id")).toString(), e.eventId.toString(QUuid::WithoutBraces));
        QCOMPARE(o.value(QLatin1String("payload")).toObject().value(QLatin1String("k")).toArray().size(), 2);
    }

    void cursorRoundTripsAndRejectsForgeries()
    {
        core::EventQuery q;
        QVERIFY(core::decodeCursor(core::encodeCursor(t0, 42), &q));
        QCOMPARE(*q.cursorTs, t0);
        QCOMPARE(q.cursorSeq, 42);
        core::EventQuery bad;
        QVERIFY(!core::decodeCursor(QStringLiteral("!!!"), &bad));
        QVERIFY(!core::decodeCursor(QString::fromLatin1(QByteArray("12").toBase64()), &bad));
        QVERIFY(!bad.cursorTs);
    }

    void serviceActivityRollsOverMinutes()
    {
        core::ServiceActivity activity;
        activity.add(makeEvent(QStringLiteral("api"), core::Severity::Info, t0));
        activity.add(makeEvent(QStringLiteral("api"), core::Severity::Critical, t0 + 30000));
        activity.add(makeEvent(QStringLiteral("db"), core::Severity::Warn, t0 + 61000));
        // At 01:30 the first minute is half outside the sliding 60 s.
        QList<core::ServiceSummary> s = activity.summaries(t0 + 90000);
        QCOMPARE(s.size(), 2);
        QCOMPARE(s[0].source, QStringLiteral("api"));
        QCOMPARE(s[0].lastSeenMs, t0 + 30000);
        QCOMPARE(s[0].eventsLast15Min, 2);
        QCOMPARE(*s[0].worstSeverity, core::Severity::Critical);
        QCOMPARE(s[0].eventsPerMinute, 1.0);
        QCOMPARE(s[1].eventsPerMinute, 1.0);
        // Sixteen minutes later nothing is inside the window any more.
        s = activity.summaries(t0 + 16 * 60000);
        QVERIFY(!s[0].worstSeverity);
        QCOMPARE(s[0].eventsLast15Min, 0);
        QCOMPARE(s[0].lastSeenMs, t0 + 30000);
    }

    void serviceActivityReusesABucketAfterTheWindow()
    {
        core::ServiceActivity activity;
        activity.add(makeEvent(QStringLiteral("api"), core::Severity::Critical, t0));
        activity.add(makeEvent(QStringLiteral("api"), core::Severity::Info, t0 + 16 * 60000)); // same ring slot
        const auto s = activity.summaries(t0 + 16 * 60000);
        QCOMPARE(s[0].eventsLast15Min, 1);
        QCOMPARE(*s[0].worstSeverity, core::Severity::Info);
    }

    void metricsRenderPrometheusText()
    {
        core::MetricsRegistry registry;
        registry.counter("x_total", "Things.", {{"reason", "a\"b"}})->increment(3);
        registry.gauge("y", "A gauge.")->set(1.5);
        core::Histogram *h = registry.histogram("z_seconds", "Latency.", {0.1, 1});
        h->observe(0.05);
        h->observe(0.5);
        h->observe(5);
        const QByteArray text = registry.renderPrometheus();
        QVERIFY(text.contains("# TYPE x_total counter\nx_total{reason=\"a\\\"b\"} 3\n"));
        QVERIFY(text.contains("y 1.5\n"));
        QVERIFY(text.contains("z_seconds_bucket{le=\"0.1\"} 1\n"));
        QVERIFY(text.contains("z_seconds_bucket{le=\"1\"} 2\n"));
        QVERIFY(text.contains("z_seconds_bucket{le=\"+Inf\"} 3\n"));
        QVERIFY(text.contains("z_seconds_count 3\n"));
        QVERIFY(text.contains("z_seconds_sum 5.55\n"));
    }

    void histogramQuantileInterpolatesInsideABucket()
    {
        core::Histogram h({10, 20});
        for (int i = 0; i < 10; ++i)
            h.observe(15);
        QCOMPARE(h.quantile(0.5), 15.0);
        QCOMPARE(h.quantile(1.0), 20.0);
    }

    void apiKeysHave256BitsAndHashStably()
    {
        QSet<QString> keys;
        for (int i = 0; i < 200; ++i)
            keys.insert(core::generateApiKey());
        QCOMPARE(keys.size(), 200);
        const QString key = *keys.begin();
        QVERIFY(key.startsWith(QLatin1String("snl_")));
        QCOMPARE(key.size(), 4 + 43); // 32 bytes in base64url without padding
        QCOMPARE(core::hashApiKey(key).size(), 32);
        QCOMPARE(core::hashApiKey(key), core::hashApiKey(key));
        QVERIFY(core::hashApiKey(key) != core::hashApiKey(key + QLatin1Char('x')));
    }

    void scopes_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QStringList>("expected"); // empty = refused
        QTest::newRow("one scope") << "sentry.ingest" << QStringList{QStringLiteral("sentry.ingest")};
        QTest::newRow("two scopes with spaces") << "sentry.ingest, sentry.read" << QStringList{QStringLiteral("sentry.ingest"), QStringLiteral("sentry.read")};
        QTest::newRow("a duplicate is folded") << "sentry.read,sentry.read" << QStringList{QStringLiteral("sentry.read")};
        QTest::newRow("an unknown scope is refused") << "sentry.ingest,sentry.everything" << QStringList{};
        QTest::newRow("no scope is refused") << "," << QStringList{};
    }

    void scopes()
    {
        QFETCH(QString, input);
        QFETCH(QStringList, expected);
        QStringList parsed;
        QString problem;
        QCOMPARE(core::parseScopes(input, &parsed, &problem), !expected.isEmpty());
        if (expected.isEmpty())
            QVERIFY(!problem.isEmpty());
        else
            QCOMPARE(parsed, expected);
    }
};

QTEST_GUILESS_MAIN(TestCoreMisc)
#include "tst_coremisc.moc"
