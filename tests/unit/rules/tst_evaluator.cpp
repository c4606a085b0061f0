// The event-time evaluator: for / keep_firing_for, groups, absence, late events, replays.
#include "rules/RuleEvaluator.h"
#include "rules/RuleJson.h"

#include <QJsonDocument>
#include <QTest>

namespace {

constexpr qint64 t0 = 1795392000000; // 2026-11-23T00:00:00Z
constexpr qint64 s = 1000;

rules::Rule rule(const QByteArray &json)
{
    QList<rules::RuleProblem> problems;
    const auto parsed = rules::parseRule(QJsonDocument::fromJson(json).object(), &problems);
    if (!parsed)
        qFatal("test rule invalid: %s %s", qPrintable(problems.value(0).path), qPrintable(problems.value(0).problem));
    return *parsed;
}

core::EventRecord ev(qint64 at, double latency, const QString &host = QStringLiteral("a"), const QString &source = QStringLiteral("api"))
{
    core::EventRecord e;
    e.eventId = QUuid::createUuid();
    e.source = source;
    e.type = QStringLiteral("http_request");
    e.severity = core::Severity::Info;
    e.timestampMs = at;
    e.payloadJson = "{\"latency_ms\":" + QByteArray::number(latency) + ",\"host\":\"" + host.toUtf8() + "\"}";
    return e;
}

QStringList describe(const QList<rules::RuleSignal> &signals)
{
    QStringList out;
    for (const auto &sig : signals) {
        const char *kind = sig.kind == rules::RuleSignal::Kind::Fired ? "fired" : sig.kind == rules::RuleSignal::Kind::Resolved ? "resolved" : "occurred";
        out.append(QStringLiteral("%1 %2 %3@%4").arg(QLatin1String(kind), sig.ruleId, sig.groupKey).arg((sig.atMs - t0) / s));
    }
    return out;
}

QStringList only(const QStringList &all, const char *kind)
{
    QStringList out;
    for (const QString &line : all)
        if (line.startsWith(QLatin1String(kind)))
            out.append(line);
    return out;
}

const QByteArray rawRule = R"({"id":"slow","name":"slow","severity":"ERROR","detector":{"kind":"threshold","field":"payload.latency_ms","op":">","value":500}})";

} // namespace

class TestEvaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rawThresholdFiresAndResolves()
    {
        rules::RuleEvaluator evaluator;
        evaluator.setRules({rule(rawRule)});
        QStringList got = describe(evaluator.process({ev(t0, 100), ev(t0 + s, 800), ev(t0 + 2 * s, 900), ev(t0 + 3 * s, 100)}));
        // The 900 at 2 s is an occurrence of the firing alert, reported before it resolves.
        QCOMPARE(got, (QStringList{QStringLiteral("fired slow @1"), QStringLiteral("occurred slow @3"), QStringLiteral("resolved slow @3")}));
    }

    void forHoldsOnEveryEvaluation()
    {
        rules::Rule r = rule(rawRule);
        r.forMs = 5 * s;
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        // Breached at 10 s, cleared at 13 s: never fires. Breached again at 20 s and held: fires at 25 s.
        QStringList got = describe(evaluator.process({ev(t0 + 10 * s, 800), ev(t0 + 13 * s, 100), ev(t0 + 20 * s, 800)}));
        QVERIFY(got.isEmpty());
        got = describe(evaluator.advanceTo(t0 + 24 * s));
        QVERIFY(got.isEmpty());
        got = describe(evaluator.advanceTo(t0 + 30 * s));
        QCOMPARE(got, QStringList{QStringLiteral("fired slow @25")});
    }

    void firedSignalCarriesWhenTheConditionBegan()
    {
        rules::Rule r = rule(rawRule);
        r.forMs = 5 * s;
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        const core::EventRecord trigger = ev(t0 + 20 * s, 800);
        evaluator.process({trigger});
        const auto signals = evaluator.advanceTo(t0 + 30 * s);
        QCOMPARE(signals.size(), 1);
        QCOMPARE(signals[0].startsAtMs, t0 + 20 * s);
        QCOMPARE(signals[0].eventId, trigger.eventId);
        QCOMPARE(signals[0].value, 800.0);
    }

    void keepFiringForIsHysteresis()
    {
        rules::Rule r = rule(rawRule);
        r.keepFiringForMs = 10 * s;
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        QStringList got = describe(evaluator.process({ev(t0, 800), ev(t0 + 2 * s, 100), ev(t0 + 5 * s, 900), ev(t0 + 6 * s, 100)}));
        QCOMPARE(only(got, "fired"), QStringList{QStringLiteral("fired slow @0")});
        QVERIFY(only(got, "resolved").isEmpty()); // the dip at 2 s was shorter than 10 s
        got = describe(evaluator.advanceTo(t0 + 15 * s));
        QVERIFY(got.isEmpty());
        got = describe(evaluator.advanceTo(t0 + 17 * s));
        QCOMPARE(got, QStringList{QStringLiteral("resolved slow @16")});
    }

    void occurrencesAreCountedPerBatch()
    {
        rules::RuleEvaluator evaluator;
        evaluator.setRules({rule(rawRule)});
        evaluator.process({ev(t0, 800)});
        const auto signals = evaluator.process({ev(t0 + s, 900), ev(t0 + 2 * s, 950), ev(t0 + 3 * s, 990)});
        QCOMPARE(signals.size(), 1);
        QCOMPARE(signals[0].kind, rules::RuleSignal::Kind::Occurred);
        QCOMPARE(signals[0].occurrences, 3);
        QCOMPARE(signals[0].eventIds.size(), 3);
    }

    void groupsFireIndependently()
    {
        rules::Rule r = rule(rawRule);
        r.groupBy = {QStringLiteral("payload.host")};
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        const QStringList got = describe(evaluator.process({ev(t0, 800, QStringLiteral("a")), ev(t0 + s, 100, QStringLiteral("b")),
                                                           ev(t0 + 2 * s, 900, QStringLiteral("b")), ev(t0 + 3 * s, 100, QStringLiteral("a"))}));
        QCOMPARE(got, (QStringList{QStringLiteral("fired slow payload.host=a@0"), QStringLiteral("fired slow payload.host=b@2"),
                                   QStringLiteral("resolved slow payload.host=a@3")}));
    }

    void aggregateWindowsSlideOnEventTime()
    {
        const rules::Rule r = rule(R"({"id":"errors","name":"errors","severity":"ERROR",
            "detector":{"kind":"threshold","aggregate":"count","window":"10s","op":">=","value":3}})");
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        QStringList got = describe(evaluator.process({ev(t0, 1), ev(t0 + 4 * s, 1), ev(t0 + 8 * s, 1)}));
        QCOMPARE(got, QStringList{QStringLiteral("fired errors @8")});
        // No events: the window empties as event time passes (driven by the caller's clock).
        got = describe(evaluator.advanceTo(t0 + 20 * s));
        QCOMPARE(got, QStringList{QStringLiteral("resolved errors @10")});
    }

    void absenceFiresOnSilenceAndOnNothingAtAll()
    {
        const rules::Rule heartbeat = rule(R"({"id":"heartbeat","name":"heartbeat","severity":"CRITICAL",
            "match":{"type":"heartbeat"},"detector":{"kind":"absence","after":"30s"}})");
        rules::RuleEvaluator evaluator;
        evaluator.setRules({heartbeat});
        core::EventRecord beat = ev(t0, 0);
        beat.type = QStringLiteral("heartbeat");
        QVERIFY(evaluator.process({beat}).isEmpty());
        QVERIFY(evaluator.advanceTo(t0 + 29 * s).isEmpty());
        QCOMPARE(describe(evaluator.advanceTo(t0 + 31 * s)), QStringList{QStringLiteral("fired heartbeat @30")});
        beat.timestampMs = t0 + 40 * s;
        QCOMPARE(describe(evaluator.process({beat})), QStringList{QStringLiteral("resolved heartbeat @40")});

        rules::RuleEvaluator fresh; // nothing ever arrives: the clock alone fires it
        fresh.setRules({heartbeat});
        fresh.advanceTo(t0);
        QCOMPARE(describe(fresh.advanceTo(t0 + 35 * s)), QStringList{QStringLiteral("fired heartbeat @30")});
    }

    void gapsAndMissingFieldsSayNothing()
    {
        rules::RuleEvaluator evaluator;
        evaluator.setRules({rule(rawRule)});
        core::EventRecord noField = ev(t0, 0);
        noField.payloadJson = R"({"other":1})";
        QVERIFY(evaluator.process({noField, ev(t0 + s, 800)}).size() == 1);
        QVERIFY(evaluator.process({noField}).isEmpty()); // still firing, not resolved by a gap
    }

    void lateEventsCountAtTheWatermark()
    {
        rules::RuleEvaluator evaluator;
        evaluator.setRules({rule(rawRule)});
        evaluator.process({ev(t0 + 60 * s, 100)});
        const auto signals = evaluator.process({ev(t0 + 10 * s, 800)}); // 50 s late
        QCOMPARE(describe(signals), QStringList{QStringLiteral("fired slow @60")});
        QCOMPARE(evaluator.watermark(), t0 + 60 * s);
    }

    void replayIsDeterministicWhateverTheBatching()
    {
        const rules::Rule a = rule(R"({"id":"p95","name":"p95","severity":"ERROR","for":"3s","keep_firing_for":"2s",
            "detector":{"kind":"threshold","field":"payload.latency_ms","aggregate":"p95","window":"5s","op":">","value":400}})");
        const rules::Rule b = rule(R"({"id":"anomaly","name":"anomaly","severity":"WARN","group_by":["payload.host"],
            "detector":{"kind":"anomaly","field":"payload.latency_ms"}})");
        core::EventList stream;
        for (int i = 0; i < 3000; ++i) {
            const double latency = (i / 300) % 3 == 2 ? 700 + (i % 7) * 10 : 100 + (i * 37) % 200;
            stream.append(ev(t0 + i * 400, latency, i % 2 ? QStringLiteral("a") : QStringLiteral("b")));
        }
        const auto run = [&](int batch) {
            rules::RuleEvaluator evaluator;
            evaluator.setRules({a, b});
            QStringList out;
            for (qsizetype i = 0; i < stream.size(); i += batch)
                out += only(describe(evaluator.process(stream.mid(i, batch))), "fired") + only(describe(evaluator.process({})), "fired");
            return out;
        };
        const QStringList one = run(1);
        QVERIFY(one.size() >= 3);
        QCOMPARE(run(7), one);
        QCOMPARE(run(500), one);
    }

    void replacingRulesResolvesWhatWasFiring()
    {
        rules::RuleEvaluator evaluator;
        evaluator.setRules({rule(rawRule)});
        evaluator.process({ev(t0, 800)});
        QCOMPARE(describe(evaluator.setRules({rule(rawRule)})), QStringList{}); // unchanged: state kept
        rules::Rule changed = rule(rawRule);
        changed.detector.value = 1000;
        QCOMPARE(describe(evaluator.setRules({changed})), QStringList{QStringLiteral("resolved slow @0")});
        rules::Rule disabled = changed;
        disabled.enabled = false;
        evaluator.process({ev(t0 + s, 2000)});
        QCOMPARE(describe(evaluator.setRules({disabled})), QStringList{QStringLiteral("resolved slow @1")});
        QCOMPARE(evaluator.ruleCount(), 0);
    }

    void matchAndWhereSelectEvents()
    {
        const rules::Rule r = rule(R"({"id":"cart","name":"cart","severity":"ERROR",
            "match":{"source":"api","min_severity":"WARN","where":[{"field":"payload.host","op":"matches","value":"^web-\\d+$"},
                                                                  {"field":"payload.latency_ms","op":">=","value":100}]},
            "detector":{"kind":"threshold","aggregate":"count","window":"1m","op":">=","value":1}})");
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        core::EventRecord info = ev(t0, 200, QStringLiteral("web-1"));
        QVERIFY(evaluator.process({info}).isEmpty()); // below min_severity
        core::EventRecord wrongHost = ev(t0 + s, 200, QStringLiteral("db-1"));
        wrongHost.severity = core::Severity::Error;
        QVERIFY(evaluator.process({wrongHost}).isEmpty());
        core::EventRecord fast = ev(t0 + 2 * s, 50, QStringLiteral("web-2"));
        fast.severity = core::Severity::Error;
        QVERIFY(evaluator.process({fast}).isEmpty());
        core::EventRecord hit = ev(t0 + 3 * s, 150, QStringLiteral("web-3"));
        hit.severity = core::Severity::Warn;
        QCOMPARE(describe(evaluator.process({hit})), QStringList{QStringLiteral("fired cart @3")});
    }

    void runawayGroupsAreBounded()
    {
        rules::Rule r = rule(rawRule);
        r.groupBy = {QStringLiteral("event_id")};
        rules::RuleEvaluator evaluator;
        evaluator.setRules({r});
        core::EventList many;
        for (int i = 0; i < int(rules::RuleEvaluator::maxGroupsPerRule) + 500; ++i)
            many.append(ev(t0 + i, 10));
        evaluator.process(many);
        QCOMPARE(evaluator.groupCount(), rules::RuleEvaluator::maxGroupsPerRule);
    }
};

QTEST_GUILESS_MAIN(TestEvaluator)
#include "tst_evaluator.moc"
