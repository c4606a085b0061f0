#include "rules/AnomalyDetector.h"
#include "rules/Detectors.h"
#include "core/Duration.h"
#include "rules/EventFields.h"
#include "rules/RuleJson.h"
#include "rules/WindowAggregate.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <cmath>

namespace {

QJsonObject exampleRule()
{
    return QJsonDocument::fromJson(R"({
      "id": "checkout-latency", "name": "Checkout latency high", "description": "p95 latency of the cart API",
      "enabled": true, "severity": "ERROR",
      "match": {"source": "checkout", "type": "http_request", "min_severity": "INFO",
                "where": [{"field": "payload.endpoint", "op": "==", "value": "/api/cart"}]},
      "detector": {"kind": "threshold", "field": "payload.latency_ms", "aggregate": "p95", "window": "1m", "op": ">", "value": 500},
      "for": "2m", "keep_firing_for": "1m", "group_by": ["source"], "labels": {"team": "payments"},
      "runbook_url": "https://runbooks.example/checkout", "hooks": []})").object();
}

QJsonObject with(QJsonObject object, const QString &path, const QJsonValue &value)
{
    const qsizetype dot = path.indexOf(QLatin1Char('.'));
    if (dot < 0) {
        if (value.isUndefined())
            object.remove(path);
        else
            object.insert(path, value);
        return object;
    }
    const QString head = path.left(dot);
    object.insert(head, with(object.value(head).toObject(), path.mid(dot + 1), value));
    return object;
}

core::EventRecord makeEvent(const QByteArray &payload)
{
    core::EventRecord e;
    e.source = QStringLiteral("checkout");
    e.type = QStringLiteral("http_request");
    e.severity = core::Severity::Warn;
    e.payloadJson = payload;
    return e;
}

} // namespace

class TestRules : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("ms"); // -1 = invalid
        QTest::newRow("seconds") << "30s" << qint64(30000);
        QTest::newRow("minutes") << "5m" << qint64(300000);
        QTest::newRow("hours") << "1h" << qint64(3600000);
        QTest::newRow("days") << "7d" << qint64(604800000);
        QTest::newRow("milliseconds") << "250ms" << qint64(250);
        QTest::newRow("combined") << "1h30m" << qint64(5400000);
        QTest::newRow("zero") << "0s" << qint64(0);
        QTest::newRow("a bare number has no unit") << "30" << qint64(-1);
        QTest::newRow("an unknown unit") << "3w" << qint64(-1);
        QTest::newRow("a negative duration") << "-5m" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, ms);
        const auto parsed = core::parseDuration(text);
        QCOMPARE(parsed.has_value(), ms >= 0);
        if (ms >= 0) {
            QCOMPARE(*parsed, ms);
            QCOMPARE(*core::parseDuration(core::formatDuration(ms)), ms);
        }
    }

    void theIssueExampleIsValid()
    {
        QList<rules::RuleProblem> problems;
        const auto rule = rules::parseRule(exampleRule(), &problems);
        QVERIFY2(rule, problems.isEmpty() ? "" : qPrintable(problems[0].path + QLatin1String(": ") + problems[0].problem));
        QCOMPARE(rule->detector.aggregate, rules::Aggregate::P95);
        QCOMPARE(rule->detector.windowMs, 60000);
        QCOMPARE(rule->forMs, 120000);
        QCOMPARE(rule->match.where.size(), 1);
        QCOMPARE(rule->labels.value(QStringLiteral("team")), QStringLiteral("payments"));
    }

    void problemsCarryTheirJsonPath_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<QJsonValue>("value");
        QTest::addColumn<QString>("expectedPath");
        QTest::addColumn<QString>("problem");
        QTest::newRow("name is required") << "name" << QJsonValue(QJsonValue::Undefined) << "name" << "required";
        QTest::newRow("severity is one of four") << "severity" << QJsonValue(QStringLiteral("LOUD")) << "severity" << "INFO, WARN";
        QTest::newRow("the id is a slug") << "id" << QJsonValue(QStringLiteral("Not A Slug")) << "id" << "lower-case";
        QTest::newRow("detector kind is known") << "detector.kind" << QJsonValue(QStringLiteral("magic")) << "detector.kind" << "threshold, absence";
        QTest::newRow("an aggregate is known") << "detector.aggregate" << QJsonValue(QStringLiteral("median")) << "detector.aggregate" << "p95";
        QTest::newRow("a window is a duration") << "detector.window" << QJsonValue(QStringLiteral("soon")) << "detector.window" << "duration";
        QTest::newRow("an aggregate needs a window") << "detector.window" << QJsonValue(QJsonValue::Undefined) << "detector.window" << "required";
        QTest::newRow("a threshold needs a value") << "detector.value" << QJsonValue(QJsonValue::Undefined) << "detector.value" << "required";
        QTest::newRow("threshold ops are numeric") << "detector.op" << QJsonValue(QStringLiteral("contains")) << "detector.op" << "one of";
        QTest::newRow("a field is a known path") << "detector.field" << QJsonValue(QStringLiteral("latency")) << "detector.field" << "payload.<path>";
        QTest::newRow("for is a duration") << "for" << QJsonValue(QStringLiteral("2 minutes")) << "for" << "duration";
        QTest::newRow("min_severity is one of four") << "match.min_severity" << QJsonValue(QStringLiteral("ALL")) << "match.min_severity" << "INFO";
        QTest::newRow("an unknown field is named") << "frequency" << QJsonValue(5) << "frequency" << "not a field";
        QTest::newRow("group_by holds field paths") << "group_by" << QJsonValue(QJsonArray{QStringLiteral("host")}) << "group_by[0]" << "field path";
        QTest::newRow("labels are strings") << "labels" << QJsonValue(QJsonObject{{QStringLiteral("team"), 5}}) << "labels.team" << "string";
    }

    void problemsCarryTheirJsonPath()
    {
        QFETCH(QString, path);
        QFETCH(QJsonValue, value);
        QFETCH(QString, expectedPath);
        QFETCH(QString, problem);
        QList<rules::RuleProblem> problems;
        QVERIFY(!rules::parseRule(with(exampleRule(), path, value), &problems, QStringLiteral("rules[2].")));
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].path, QStringLiteral("rules[2].") + expectedPath);
        QVERIFY2(problems[0].problem.contains(problem), qPrintable(problems[0].problem));
    }

    void whereClausesAreChecked()
    {
        QJsonObject rule = exampleRule();
        rule = with(rule, QStringLiteral("match.where"), QJsonArray{
            QJsonObject{{QStringLiteral("field"), QStringLiteral("payload.status")}, {QStringLiteral("op"), QStringLiteral(">=")}, {QStringLiteral("value"), QStringLiteral("500")}},
            QJsonObject{{QStringLiteral("field"), QStringLiteral("payload.message")}, {QStringLiteral("op"), QStringLiteral("matches")}, {QStringLiteral("value"), QStringLiteral("([a-z")}},
            QJsonObject{{QStringLiteral("field"), QStringLiteral("payload.x")}, {QStringLiteral("op"), QStringLiteral("~")}, {QStringLiteral("value"), 1}}});
        QList<rules::RuleProblem> problems;
        QVERIFY(!rules::parseRule(rule, &problems));
        QStringList paths;
        for (const auto &p : problems)
            paths.append(p.path);
        QCOMPARE(paths, (QStringList{QStringLiteral("match.where[0].value"), QStringLiteral("match.where[1].value"), QStringLiteral("match.where[2].op")}));
    }

    void idIsDerivedFromTheName()
    {
        QJsonObject rule = with(exampleRule(), QStringLiteral("id"), QJsonValue(QJsonValue::Undefined));
        QList<rules::RuleProblem> problems;
        QCOMPARE(rules::parseRule(rule, &problems)->id, QStringLiteral("checkout-latency-high"));
        QCOMPARE(rules::slugify(QStringLiteral("  Disk   full! on /var  ")), QStringLiteral("disk-full-on-var"));
        QCOMPARE(rules::slugify(QStringLiteral("Café 5xx")), QStringLiteral("cafe-5xx"));
    }

    void exportImportExportIsByteIdentical()
    {
        QList<rules::RuleProblem> problems;
        const auto first = rules::parseRule(exampleRule(), &problems);
        const QByteArray exported = QJsonDocument(rules::ruleToJson(*first)).toJson();
        const auto second = rules::parseRule(QJsonDocument::fromJson(exported).object(), &problems);
        QVERIFY(second);
        QCOMPARE(QJsonDocument(rules::ruleToJson(*second)).toJson(), exported);
        // Each detector kind round-trips too.
        for (const char *detector : {R"({"kind":"absence","after":"5m"})", R"({"kind":"statistical","method":"mad","field":"payload.x","sensitivity":4,"window":"1h"})",
                                     R"({"kind":"anomaly","field":"payload.x"})", R"({"kind":"threshold","field":"payload.x","op":"<=","value":1.5})"}) {
            const QJsonObject json = with(exampleRule(), QStringLiteral("detector"), QJsonDocument::fromJson(detector).object());
            const auto rule = rules::parseRule(json, &problems);
            QVERIFY2(rule, detector);
            const QByteArray once = QJsonDocument(rules::ruleToJson(*rule)).toJson();
            QCOMPARE(QJsonDocument(rules::ruleToJson(*rules::parseRule(QJsonDocument::fromJson(once).object(), &problems))).toJson(), once);
        }
    }

    void fieldPaths()
    {
        const core::EventRecord e = makeEvent(R"({"a":{"b":[10,{"c":"x"}]},"n":"42","flag":true})");
        const rules::EventFields fields(e);
        QCOMPARE(fields.text(QStringLiteral("source")), QStringLiteral("checkout"));
        QCOMPARE(fields.text(QStringLiteral("severity")), QStringLiteral("WARN"));
        QCOMPARE(fields.number(QStringLiteral("payload.a.b.0")), 10.0);
        QCOMPARE(fields.text(QStringLiteral("payload.a.b.1.c")), QStringLiteral("x"));
        QCOMPARE(fields.number(QStringLiteral("payload.n")), 42.0);
        QCOMPARE(fields.number(QStringLiteral("payload.flag")), 1.0);
        QVERIFY(std::isnan(fields.number(QStringLiteral("payload.missing"))));
        QVERIFY(fields.value(QStringLiteral("payload.a.nope.deeper")).isUndefined());
        QVERIFY(rules::isValidFieldPath(QStringLiteral("payload.a.b")));
        QVERIFY(!rules::isValidFieldPath(QStringLiteral("payload.")));
        QVERIFY(!rules::isValidFieldPath(QStringLiteral("payload..a")));
        QVERIFY(!rules::isValidFieldPath(QStringLiteral("host")));
    }

    // Numbers are read without building the payload object when nothing else needs it; both
    // ways must agree, for every kind of value.
    void numbersReadBothWaysAgree()
    {
        const core::EventRecord e = makeEvent(
            R"({"int":7,"neg":-2.5e3,"big":12345678901234,"str":" 42 ","bad":"4x","t":true,"f":false,"nul":null,"obj":{"x":1},"arr":[1,{"k/y":3,"t~z":4}],"unicode":"é"})");
        for (const char *path : {"payload.int", "payload.neg", "payload.big", "payload.str", "payload.bad", "payload.t", "payload.f", "payload.nul",
                                 "payload.obj", "payload.obj.x", "payload.arr.0", "payload.arr.1.k/y", "payload.arr.1.t~z", "payload.arr.5",
                                 "payload.missing", "payload.unicode", "payload.int.deeper"}) {
            const rules::EventFields lazy(e);
            const double fast = lazy.number(QString::fromLatin1(path));
            const rules::EventFields parsed(e);
            parsed.value(QStringLiteral("payload.int")); // builds the payload object
            const double slow = parsed.number(QString::fromLatin1(path));
            QVERIFY2((std::isnan(fast) && std::isnan(slow)) || fast == slow, qPrintable(QStringLiteral("%1: %2 vs %3").arg(QLatin1String(path)).arg(fast).arg(slow)));
        }
        QCOMPARE(rules::EventFields(e).number(QStringLiteral("payload.arr.1.k/y")), 3.0);
        QCOMPARE(rules::EventFields(e).number(QStringLiteral("payload.big")), 12345678901234.0);
        // A payload that is not JSON at all reads as no number.
        QVERIFY(std::isnan(rules::EventFields(makeEvent("not json")).number(QStringLiteral("payload.x"))));
    }

    void windowAggregates_data()
    {
        QTest::addColumn<int>("aggregate");
        QTest::addColumn<double>("expected");
        QTest::newRow("count") << int(rules::Aggregate::Count) << 5.0;
        QTest::newRow("rate per second over a 10 s window") << int(rules::Aggregate::Rate) << 0.5;
        QTest::newRow("sum") << int(rules::Aggregate::Sum) << 150.0;
        QTest::newRow("avg") << int(rules::Aggregate::Avg) << 30.0;
        QTest::newRow("min") << int(rules::Aggregate::Min) << 10.0;
        QTest::newRow("max") << int(rules::Aggregate::Max) << 50.0;
        QTest::newRow("p50 by nearest rank") << int(rules::Aggregate::P50) << 30.0;
        QTest::newRow("p90") << int(rules::Aggregate::P90) << 50.0;
        QTest::newRow("p99") << int(rules::Aggregate::P99) << 50.0;
    }

    void windowAggregates()
    {
        QFETCH(int, aggregate);
        QFETCH(double, expected);
        rules::WindowAggregate window(10000);
        window.add(1000, 999);  // ages out
        window.add(12000, 10);
        window.add(15000, 30);
        window.add(13000, 20);  // out of order, still in the window
        window.add(20000, 50);
        window.add(16000, std::nan("")); // a gap: counted, not summed
        window.add(19000, 40);
        window.evict(20000);
        QCOMPARE(window.size(), qsizetype(6));
        // Count and rate count the events; value aggregates skip the gap.
        const double value = window.value(rules::Aggregate(aggregate));
        if (aggregate == int(rules::Aggregate::Count))
            QCOMPARE(value, 6.0);
        else if (aggregate == int(rules::Aggregate::Rate))
            QCOMPARE(value, 0.6);
        else
            QCOMPARE(value, expected);
    }

    void statisticalDetectorsWarmUpThenFlagOutliers_data()
    {
        QTest::addColumn<QString>("method");
        QTest::newRow("zscore") << "zscore";
        QTest::newRow("ewma") << "ewma";
        QTest::newRow("mad") << "mad";
    }

    void statisticalDetectorsWarmUpThenFlagOutliers()
    {
        QFETCH(QString, method);
        rules::DetectorSpec spec;
        spec.kind = rules::DetectorKind::Statistical;
        spec.method = method == QLatin1String("zscore") ? rules::StatisticalMethod::ZScore
            : method == QLatin1String("ewma")           ? rules::StatisticalMethod::Ewma
                                                        : rules::StatisticalMethod::Mad;
        spec.sensitivity = 4;
        spec.windowMs = 3600000;
        auto detector = rules::makeGroupDetector(spec);
        for (int i = 0; i < 10; ++i)
            QVERIFY(!detector->observe(i * 1000, 100 + (i % 5))->active); // warming up: never active
        for (int i = 10; i < 200; ++i)
            QVERIFY2(!detector->observe(i * 1000, 100 + (i % 5))->active, "ordinary noise is not an outlier");
        QVERIFY(!detector->observe(200000, std::nan("")).has_value()); // a missing value says nothing
        const auto spike = detector->observe(201000, 160);
        QVERIFY(spike->active);
        QVERIFY(spike->value > 4);
    }

    void anomalyDetectorScoresOnlyFromThePast()
    {
        rules::AnomalyDetector a, b;
        QList<double> first, second;
        for (int i = 0; i < 1000; ++i) {
            const double v = 50 + 10 * std::sin(i / 10.0);
            first.append(a.score(v));
            second.append(b.score(v));
        }
        QCOMPARE(first, second); // deterministic
        QCOMPARE(first.mid(0, 300), QList<double>(300, 0.0)); // warm-up
        QVERIFY(*std::max_element(first.begin() + 400, first.end()) < rules::AnomalyDetector::thresholdForSensitivity(5));
        const double spike = a.score(500);
        QVERIFY(spike >= 0.75);
        const double again = a.score(500); // the same burst is reported once
        QVERIFY(again < rules::AnomalyDetector::thresholdForSensitivity(5));
        QVERIFY(std::isnan(std::nan("")) && a.score(std::nan("")) == 0);
    }

    void sensitivityOrdersThresholds()
    {
        QVERIFY(rules::AnomalyDetector::thresholdForSensitivity(1) > rules::AnomalyDetector::thresholdForSensitivity(5));
        QVERIFY(rules::AnomalyDetector::thresholdForSensitivity(5) > rules::AnomalyDetector::thresholdForSensitivity(10));
        QCOMPARE(rules::AnomalyDetector::thresholdForSensitivity(5), 0.6);
    }
};

QTEST_GUILESS_MAIN(TestRules)
#include "tst_rules.moc"
