#include "alerts/AlertBook.h"
#include "alerts/Fingerprint.h"
#include "alerts/FlapDetector.h"
#include "alerts/Silence.h"

#include <QJsonDocument>
#include <QTest>

namespace {

constexpr qint64 t0 = 1795392000000;
constexpr qint64 minute = 60000;

core::RuleSignal signal(core::RuleSignal::Kind kind, qint64 at, const QString &host = QStringLiteral("web-1"))
{
    core::RuleSignal s;
    s.kind = kind;
    s.ruleId = QStringLiteral("slow");
    s.groupLabels = {{QStringLiteral("payload.host"), host}};
    s.groupKey = QStringLiteral("payload.host=") + host;
    s.source = QStringLiteral("checkout");
    s.atMs = at;
    s.startsAtMs = at - 1000;
    s.eventId = QUuid::createUuid();
    s.occurrences = 1;
    s.value = 812;
    return s;
}

std::optional<alerts::RuleInfo> lookup(const core::RuleSignal &signal)
{
    if (signal.ruleId != QLatin1String("slow"))
        return std::nullopt;
    return alerts::RuleInfo{QStringLiteral("Checkout slow"), {}, core::Severity::Error, {{QStringLiteral("team"), QStringLiteral("payments")}}};
}

alerts::Silence silence(const QByteArray &json, qint64 now)
{
    QList<alerts::SilenceProblem> problems;
    auto parsed = alerts::parseSilence(QJsonDocument::fromJson(json).object(), now, &problems);
    if (!parsed)
        qFatal("bad test silence: %s", qPrintable(problems.value(0).path + problems.value(0).problem));
    return *parsed;
}

QStringList kinds(const alerts::AlertChanges &changes)
{
    QStringList out;
    for (const auto &entry : changes.timeline)
        out.append(entry.kind);
    return out;
}

const QByteArray emptySilence = R"({"matchers":[]})";
const QByteArray brokenSilence = R"({"matchers":[{"name":"rule","value":"(","regex":true}],"ends_at":"2026-11-22T00:00:00Z"})";

} // namespace

class TestAlerts : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void fingerprintsAreStableAndDistinct()
    {
        const QString a = alerts::fingerprint(QStringLiteral("r"), {{QStringLiteral("source"), QStringLiteral("api")}});
        QCOMPARE(a, alerts::fingerprint(QStringLiteral("r"), {{QStringLiteral("source"), QStringLiteral("api")}}));
        QCOMPARE(a.size(), 16);
        QVERIFY(a != alerts::fingerprint(QStringLiteral("r"), {{QStringLiteral("source"), QStringLiteral("db")}}));
        QVERIFY(a != alerts::fingerprint(QStringLiteral("r2"), {{QStringLiteral("source"), QStringLiteral("api")}}));
        // No value can be chosen to collide with another split of the same text.
        QVERIFY(alerts::fingerprint(QStringLiteral("r"), {{QStringLiteral("a"), QStringLiteral("b:c")}})
                != alerts::fingerprint(QStringLiteral("r"), {{QStringLiteral("a:b"), QStringLiteral("c")}}));
    }

    void firingOpensOneAlertAndDedups()
    {
        alerts::AlertBook book;
        const auto fired = signal(core::RuleSignal::Kind::Fired, t0);
        alerts::AlertChanges changes = book.apply({fired}, lookup, t0 + 5);
        QCOMPARE(changes.alerts.size(), 1);
        const core::Alert alert = changes.alerts[0];
        QCOMPARE(alert.state, core::AlertState::Open);
        QCOMPARE(alert.severity, core::Severity::Error);
        QCOMPARE(alert.title, QStringLiteral("Checkout slow (web-1)"));
        QCOMPARE(alert.source, QStringLiteral("checkout"));
        QCOMPARE(alert.labels.value(QStringLiteral("team")), QStringLiteral("payments"));
        QCOMPARE(alert.labels.value(QStringLiteral("payload.host")), QStringLiteral("web-1"));
        QCOMPARE(alert.startsAtMs, t0 - 1000);
        QCOMPARE(alert.eventId, fired.eventId);
        QCOMPARE(kinds(changes), QStringList{QStringLiteral("created")});
        QCOMPARE(changes.timeline[0].eventIds, QList<QUuid>{fired.eventId});
        QCOMPARE(changes.timeline[0].actor, QStringLiteral("system"));

        auto occurred = signal(core::RuleSignal::Kind::Occurred, t0 + minute);
        occurred.occurrences = 7;
        changes = book.apply({occurred, signal(core::RuleSignal::Kind::Fired, t0 + 2 * minute)}, lookup, t0 + 2 * minute);
        QCOMPARE(book.unresolved().size(), 1);
        QCOMPARE(book.unresolved()[0].occurrences, 9);
        QCOMPARE(book.unresolved()[0].lastEventAtMs, t0 + 2 * minute);
        QCOMPARE(book.unresolved()[0].alertId, alert.alertId);

        changes = book.apply({signal(core::RuleSignal::Kind::Fired, t0, QStringLiteral("web-2"))}, lookup, t0);
        QCOMPARE(book.unresolved().size(), 2); // another group, another alert
    }

    void lifecycleTransitions()
    {
        alerts::AlertBook book;
        const QString id = book.apply({signal(core::RuleSignal::Kind::Fired, t0)}, lookup, t0).alerts[0].alertId;
        alerts::AlertChanges changes;
        QCOMPARE(book.acknowledge(id, QStringLiteral("alice"), QStringLiteral("looking"), t0 + 1, &changes), alerts::TransitionResult::Done);
        QCOMPARE(book.find(id)->state, core::AlertState::Acknowledged);
        QCOMPARE(book.find(id)->assignedTo, QStringLiteral("alice"));
        QCOMPARE(changes.timeline[0].kind, QStringLiteral("acked"));
        QCOMPARE(changes.timeline[0].actor, QStringLiteral("alice"));
        QVERIFY(changes.timeline[0].entry.contains(QLatin1String("looking")));
        changes = {};
        QCOMPARE(book.acknowledge(id, QStringLiteral("bob"), {}, t0 + 2, &changes), alerts::TransitionResult::NoChange);
        QVERIFY(changes.isEmpty());
        QCOMPARE(book.resolve(id, QStringLiteral("alice"), {}, t0 + 3, &changes), alerts::TransitionResult::Done);
        QCOMPARE(book.find(id)->state, core::AlertState::Resolved);
        QCOMPARE(book.acknowledge(id, QStringLiteral("bob"), {}, t0 + 4, &changes), alerts::TransitionResult::Conflict);
        QCOMPARE(book.resolve(id, QStringLiteral("bob"), {}, t0 + 4, &changes), alerts::TransitionResult::Conflict);
        QCOMPARE(book.acknowledge(QStringLiteral("no-such-id"), QStringLiteral("bob"), {}, t0 + 4, &changes), alerts::TransitionResult::NotFound);
    }

    void autoResolveThenRefireOpensALinkedAlert()
    {
        alerts::AlertBook book;
        const QString first = book.apply({signal(core::RuleSignal::Kind::Fired, t0)}, lookup, t0).alerts[0].alertId;
        alerts::AlertChanges changes = book.apply({signal(core::RuleSignal::Kind::Resolved, t0 + minute)}, lookup, t0 + minute);
        QCOMPARE(kinds(changes), QStringList{QStringLiteral("auto_resolved")});
        QVERIFY(book.unresolved().isEmpty());
        changes = book.apply({signal(core::RuleSignal::Kind::Fired, t0 + 30 * minute)}, lookup, t0 + 30 * minute);
        QCOMPARE(changes.alerts.size(), 1);
        QVERIFY(changes.alerts[0].alertId != first);
        QCOMPARE(changes.alerts[0].previousAlertId, first);
        QVERIFY(changes.timeline[0].entry.contains(first));
    }

    void acknowledgeAllHonoursTheFilter()
    {
        alerts::AlertBook book;
        book.apply({signal(core::RuleSignal::Kind::Fired, t0, QStringLiteral("a")), signal(core::RuleSignal::Kind::Fired, t0, QStringLiteral("b")),
                    signal(core::RuleSignal::Kind::Fired, t0, QStringLiteral("c"))},
                   lookup, t0);
        alerts::AlertChanges changes;
        const QStringList acked = book.acknowledgeAll([](const core::Alert &a) { return a.labels.value(QStringLiteral("payload.host")) != QLatin1String("c"); },
                                                      QStringLiteral("noc"), t0 + 1, &changes);
        QCOMPARE(acked.size(), 2);
        QCOMPARE(kinds(changes), (QStringList{QStringLiteral("acked"), QStringLiteral("acked")}));
        QCOMPARE(book.acknowledgeAll([](const core::Alert &) { return true; }, QStringLiteral("noc"), t0 + 2, &changes).size(), 1);
    }

    void silencesRecordButMarkAlerts()
    {
        alerts::AlertBook book;
        book.addSilence(silence(R"({"matchers":[{"name":"source","value":"checkout"},{"name":"payload.host","value":"web-[12]","regex":true}],
                                   "ends_at":"2026-11-23T02:00:00Z","comment":"deploy"})", t0), t0);
        alerts::AlertChanges changes = book.apply({signal(core::RuleSignal::Kind::Fired, t0, QStringLiteral("web-1")),
                                                   signal(core::RuleSignal::Kind::Fired, t0, QStringLiteral("web-3"))},
                                                  lookup, t0);
        QCOMPARE(book.unresolved().size(), 2); // silenced alerts are still recorded
        qint64 silencedUntil = -1, notSilenced = -1;
        for (const core::Alert &a : book.unresolved())
            (a.labels.value(QStringLiteral("payload.host")) == QLatin1String("web-1") ? silencedUntil : notSilenced) = a.silencedUntilMs;
        QCOMPARE(silencedUntil, t0 + 120 * minute);
        QCOMPARE(notSilenced, 0);
        QVERIFY(kinds(changes).contains(QStringLiteral("silenced")));
        for (const core::Alert &a : book.unresolved())
            QCOMPARE(alerts::AlertBook::shouldNotify(a, t0 + minute), a.silencedUntilMs == 0);
        // Expiry is noted in the timeline.
        changes = book.expireSilences(t0 + 121 * minute);
        QCOMPARE(kinds(changes), QStringList{QStringLiteral("silence_expired")});
        QVERIFY(book.silences().isEmpty());
    }

    void silenceValidation()
    {
        QList<alerts::SilenceProblem> problems;
        const QJsonObject empty = QJsonDocument::fromJson(emptySilence).object();
        QVERIFY(!alerts::parseSilence(empty, t0, &problems));
        QStringList paths;
        for (const auto &p : problems)
            paths.append(p.path);
        QCOMPARE(paths, (QStringList{QStringLiteral("matchers"), QStringLiteral("ends_at")}));
        problems.clear();
        const QJsonObject broken = QJsonDocument::fromJson(brokenSilence).object();
        QVERIFY(!alerts::parseSilence(broken, t0, &problems));
        QCOMPARE(problems.size(), 3); // bad regex, ends before it starts, and in the past
    }

    void flappingFollowsNagiosThresholds()
    {
        alerts::FlapDetector detector;
        qint64 at = t0;
        bool firing = false;
        // A state change every 30 s: every check is a change.
        for (int i = 0; i < 12; ++i) {
            firing = !firing;
            detector.record(firing, at += 30000);
        }
        QVERIFY(detector.isFlapping());
        QVERIFY(detector.percentStateChange() > 50);
        // Then it settles: firing for a long time.
        detector.record(true, at += 30000);
        detector.record(true, at += 30 * minute);
        QVERIFY(!detector.isFlapping());
        QVERIFY(detector.percentStateChange() < 25);

        alerts::FlapDetector calm;
        for (int i = 0; i < 10; ++i)
            calm.record(i % 2 == 0, t0 + i * 20 * minute); // a change every 20 minutes
        QVERIFY(!calm.isFlapping());
    }

    void flappingSeriesHoldNotifications()
    {
        alerts::AlertBook book;
        qint64 at = t0;
        alerts::AlertChanges all;
        for (int i = 0; i < 8; ++i) {
            all = book.apply({signal(core::RuleSignal::Kind::Fired, at += 20000)}, lookup, at);
            book.apply({signal(core::RuleSignal::Kind::Resolved, at += 20000)}, lookup, at);
        }
        all = book.apply({signal(core::RuleSignal::Kind::Fired, at += 20000)}, lookup, at);
        QCOMPARE(all.alerts.size(), 1);
        QVERIFY(all.alerts[0].flapping);
        QVERIFY(kinds(all).contains(QStringLiteral("flapping")));
        QVERIFY(!alerts::AlertBook::shouldNotify(all.alerts[0], at));
    }

    void deletedRulesOpenNothing()
    {
        alerts::AlertBook book;
        auto fired = signal(core::RuleSignal::Kind::Fired, t0);
        fired.ruleId = QStringLiteral("gone");
        QVERIFY(book.apply({fired}, lookup, t0).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAlerts)
#include "tst_alerts.moc"
