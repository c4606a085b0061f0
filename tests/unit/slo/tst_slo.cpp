// SLO arithmetic against hand-computed figures.
#include "slo/BurnRateAlerting.h"
#include "slo/ComplianceReport.h"
#include "slo/SloMath.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QTest>

namespace {

constexpr qint64 minute = 60000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;
const qint64 t0 = 1795392000000; // 2026-11-23T00:00:00Z

slo::SloSpec spec999()
{
    slo::SloSpec spec;
    spec.id = QStringLiteral("checkout-availability");
    spec.service = QStringLiteral("checkout");
    spec.objective = 0.999;
    return spec;
}

qint64 utc(int y, int m, int d, int h = 0, int min = 0)
{
    return QDateTime(QDate(y, m, d), QTime(h, min), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

class TestSlo : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void budgetAndBurnByHand()
    {
        // 10,000 valid, 10 bad at 99.9 %: exactly the budget, burn rate 1.
        QCOMPARE(slo::burnRate({9990, 10000}, 0.999), 1.0);
        QCOMPARE(slo::budgetConsumed({9990, 10000}, 0.999), 1.0);
        QCOMPARE(slo::sli({9990, 10000}), 0.999);
        // 50 bad: five times the budget, which can exceed 1.
        QCOMPARE(qRound(slo::budgetConsumed({9950, 10000}, 0.999) * 1000), 5000);
        QCOMPARE(qRound(slo::burnRate({9950, 10000}, 0.999) * 1000), 5000);
        // No traffic: nothing burns, the SLI is met.
        QCOMPARE(slo::burnRate({0, 0}, 0.999), 0.0);
        QCOMPARE(slo::sli({0, 0}), 1.0);
    }

    void windowEdgesAreHalfOpen()
    {
        slo::MinuteRollup rollup;
        rollup.add(t0 - 1, 1, 1);          // the minute before t0
        rollup.add(t0, 1, 1);              // the minute at t0
        rollup.add(t0 + 59999, 1, 1);      // still the same minute
        rollup.add(t0 + 5 * minute, 1, 1); // the minute that starts at the window's end
        const slo::Counts inside = rollup.sum(t0, t0 + 5 * minute);
        QCOMPARE(inside.valid, 2);
        QCOMPARE(rollup.sum(t0 - minute, t0 + 6 * minute).valid, 4);
        QCOMPARE(rollup.minutes(), 3);
        rollup.prune(t0);
        QCOMPARE(rollup.minutes(), 2);
    }

    void statusOverAnEmptyWindow()
    {
        const slo::Status status = slo::status(spec999(), slo::MinuteRollup(), t0);
        QCOMPARE(status.sli, 1.0);
        QCOMPARE(status.remaining, 1.0);
        QCOMPARE(qRound(status.budgetTotal * 1e6), 1000);
        QCOMPARE(status.burnRates.size(), 6);
        for (const auto &[name, rate] : status.burnRates)
            QCOMPARE(rate, 0.0);
        QVERIFY(!slo::predict(spec999(), status, t0).exhaustionMs);
    }

    void statusAndBurnRatesByHand()
    {
        slo::MinuteRollup rollup;
        // A day of 100 events a minute, all good; then in the last hour 1 bad a minute.
        for (qint64 m = 0; m < 1440; ++m)
            rollup.add(t0 - day + m * minute, m >= 1380 ? 99 : 100, 100);
        const slo::Status status = slo::status(spec999(), rollup, t0);
        QCOMPARE(status.counts.valid, 144000);
        QCOMPARE(status.counts.bad(), 60);
        // 60 bad of 144,000 valid against a 0.1 % budget: 60 / 144 = 41.67 % consumed.
        QCOMPARE(qRound(status.consumed * 10000), 4167);
        const auto rate = [&](const char *window) {
            for (const auto &[name, value] : status.burnRates)
                if (name == QLatin1String(window))
                    return value;
            return -1.0;
        };
        QCOMPARE(qRound(rate("5m") * 100), 1000);  // 1 % errors / 0.1 % = 10
        QCOMPARE(qRound(rate("1h") * 100), 1000);
        QCOMPARE(qRound(rate("6h") * 1000), 1667); // 60 bad of 36,000
        QCOMPARE(qRound(rate("1d") * 10000), 4167);
        // Prediction: 58.33 % left at burn 10 over a 30-day window = 0.5833 x 30 d / 10 = 1.75 d.
        const slo::Prediction p = slo::predict(spec999(), status, t0);
        QVERIFY(p.exhaustionMs);
        QCOMPARE(qRound(double(*p.exhaustionMs - t0) / hour), 42);
        QCOMPARE(p.confidence, QStringLiteral("low")); // 1 h and 6 h rates disagree (10 vs 1.67)
    }

    void reportClassifiesAndOrdersSlos()
    {
        // Met: 10 bad of 1,000,000 over the window; violated: 2 bad of 1,000; at risk: within the
        // objective over 30 days but 5 bad in the last hour's 1,000 (burn 5).
        slo::MinuteRollup met, violated, atRisk;
        met.add(t0 - 10 * day, 999990, 1000000);
        violated.add(t0 - hour, 998, 1000);
        atRisk.add(t0 - 10 * day, 1000000, 1000000);
        atRisk.add(t0 - 30 * minute, 995, 1000);
        auto named = [](const char *id) {
            slo::SloSpec s = spec999();
            s.id = QString::fromLatin1(id);
            s.name = QStringLiteral("SLO ") + s.id;
            return s;
        };
        slo::ComplianceReport report;
        report.generatedAtMs = t0;
        report.entries = {slo::reportEntry(named("met"), met, t0), slo::reportEntry(named("risk"), atRisk, t0),
                          slo::reportEntry(named("violated"), violated, t0)};
        report.sort();
        QCOMPARE(report.entries[0].spec.id, QStringLiteral("violated"));
        QCOMPARE(report.entries[1].spec.id, QStringLiteral("risk"));
        QCOMPARE(report.entries[1].compliance, slo::Compliance::AtRisk);
        QCOMPARE(report.entries[1].fastestWindow, QStringLiteral("30m")); // 5 bad of 1,000 in 30 min: burn 5 (1 h: the same)
        QCOMPARE(qRound(report.entries[1].fastestBurn * 10), 50);
        QCOMPARE(report.entries[2].compliance, slo::Compliance::Met);
        QCOMPARE(report.count(slo::Compliance::Violated), 1);
        const QString markdown = slo::reportToMarkdown(report);
        QVERIFY2(markdown.contains(QLatin1String("SLOs: 3 (1 violated, 1 at risk, 1 met)")), qPrintable(markdown));
        QVERIFY(markdown.indexOf(QLatin1String("## SLO violated")) < markdown.indexOf(QLatin1String("## SLO met")));
        const QJsonObject json = slo::reportToJson(report);
        QCOMPARE(json[QLatin1String("summary")][QLatin1String("at_risk")].toInt(), 1);
        QCOMPARE(json[QLatin1String("slos")][0][QLatin1String("compliance")].toString(), QStringLiteral("violated"));
    }

    void calendarMonthsFollowTheTimezoneAcrossDst()
    {
        slo::SloWindow window;
        window.kind = slo::SloWindow::Kind::CalendarMonth;
        window.timeZone = "Europe/Berlin";
        // March 2026 in Berlin starts at 23:00 UTC on Feb 28 and loses an hour on Mar 29.
        const qint64 midMarch = utc(2026, 3, 15, 12);
        QCOMPARE(window.startAt(midMarch), utc(2026, 2, 28, 23));
        QCOMPARE(window.lengthAt(midMarch), 31 * day - hour);
        // October gains one (Oct 25).
        QCOMPARE(window.lengthAt(utc(2026, 10, 10)), 31 * day + hour);
        // Just after local midnight on April 1st it is April already.
        QCOMPARE(window.startAt(utc(2026, 3, 31, 22, 30)), utc(2026, 3, 31, 22));
        // History has one point per local day, the DST day included.
        slo::SloSpec spec = spec999();
        spec.window = window;
        slo::MinuteRollup rollup;
        rollup.add(utc(2026, 3, 29, 12), 90, 100); // the short day: 10 bad
        const auto points = slo::history(spec, rollup, utc(2026, 3, 31, 21));
        QCOMPARE(points.size(), 31);
        QCOMPARE(points[28].sli, 0.9);
        QCOMPARE(points[28].dayStartMs, utc(2026, 3, 28, 23));
        QCOMPARE(points[29].dayStartMs, utc(2026, 3, 29, 22)); // 23 hours later
        QCOMPARE(qRound(points[30].budgetRemaining * 100), -9900); // 10 bad of 100 at 0.1 %: 100x spent
    }

    void rollingWindows()
    {
        slo::SloWindow window;
        window.days = 28;
        QCOMPARE(window.startAt(t0), t0 - 28 * day);
        QCOMPARE(window.name(), QStringLiteral("28d"));
    }

    void pageAndTicketFireAndResolveAtTheRightMinutes()
    {
        // Three days of 100 good events a minute, then 120 minutes at 5 % errors, then good again.
        slo::MinuteRollup rollup;
        const qint64 start = t0 - 3 * day;
        for (qint64 at = start; at < t0 + 8 * hour; at += minute) {
            const bool failing = at >= t0 && at < t0 + 120 * minute;
            rollup.add(at, failing ? 95 : 100, 100);
        }
        slo::BurnRateAlerting alerting(spec999());
        QStringList transitions;
        for (qint64 now = t0; now <= t0 + 8 * hour; now += minute) {
            for (const core::RuleSignal &s : alerting.evaluate(rollup, now))
                transitions.append(QStringLiteral("%1 %2 %3 @%4")
                                       .arg(s.kind == core::RuleSignal::Kind::Fired ? QStringLiteral("fired") : QStringLiteral("resolved"),
                                            s.groupLabels.value(QStringLiteral("policy")), s.groupLabels.value(QStringLiteral("windows")))
                                       .arg((s.atMs - t0) / minute));
        }
        // With k error minutes in a window, and a row clearing when its two windows no longer both burn:
        // 1h/5m at 14.4: 5k/6,000 > 0.0144 from k = 18; after the end the 5 min window holds
        //   125 - b error minutes, 10 x that burn: 1 minute (10) is below 14.4 at b = 124.
        // 6h/30m at 6: 5k/36,000 > 0.006 from k = 44; the 30 min window burns 1.67 x (150 - b):
        //   3 minutes (5) is below 6 at b = 147.
        // 3d/6h at 1: 5k/432,000 > 0.001 from k = 87; the 6 h window burns 0.139 x (480 - b) once
        //   the errors start leaving it: 7 minutes (0.97) at b = 473.
        QCOMPARE(transitions, (QStringList{QStringLiteral("fired page 1h/5m @18"), QStringLiteral("fired page 6h/30m @44"),
                                           QStringLiteral("fired ticket 3d/6h @87"), QStringLiteral("resolved page 1h/5m @124"),
                                           QStringLiteral("resolved page 6h/30m @147"), QStringLiteral("resolved ticket 3d/6h @473")}));
    }

    void aRestoredFiringRowResolvesWhenTheBurnStopped()
    {
        slo::MinuteRollup rollup;
        for (qint64 at = t0 - hour; at < t0; at += minute)
            rollup.add(at, 100, 100);
        slo::BurnRateAlerting fresh(spec999());
        QVERIFY(fresh.evaluate(rollup, t0).isEmpty()); // nothing fires, nothing to resolve
        slo::BurnRateAlerting restarted(spec999());
        restarted.restoreFiring(QStringLiteral("1h/5m"));
        const auto signals = restarted.evaluate(rollup, t0);
        QCOMPARE(signals.size(), 1);
        QCOMPARE(signals[0].kind, core::RuleSignal::Kind::Resolved);
        QCOMPARE(signals[0].groupLabels.value(QStringLiteral("windows")), QStringLiteral("1h/5m"));
        // No counts yet: no evaluation, so a replay that arrives later starts from its own minutes.
        slo::BurnRateAlerting empty(spec999());
        QVERIFY(empty.evaluate(slo::MinuteRollup(), t0).isEmpty());
        QVERIFY(empty.rows().first().firing == false);
    }

    void signalsNameTheSlo()
    {
        slo::MinuteRollup rollup;
        for (qint64 at = t0 - hour; at < t0; at += minute)
            rollup.add(at, 50, 100);
        slo::BurnRateAlerting alerting(spec999());
        const auto signals = alerting.evaluate(rollup, t0);
        QVERIFY(!signals.isEmpty());
        QCOMPARE(signals[0].ruleId, QStringLiteral("slo:checkout-availability"));
        QCOMPARE(signals[0].source, QStringLiteral("checkout"));
        QCOMPARE(qRound(signals[0].value), 500); // 50 % errors against 0.1 %
    }

    void specValidation()
    {
        QList<slo::SloProblem> problems;
        const auto ok = slo::parseSloSpec(QJsonDocument::fromJson(R"({"name":"Checkout availability","service":"checkout",
            "sli":{"kind":"ratio"},"objective":0.999,"window":"calendar_month","timezone":"Europe/Berlin"})").object(), &problems);
        QVERIFY(ok);
        QCOMPARE(ok->policies.size(), 3); // the workbook table by default
        QCOMPARE(slo::sloSpecToJson(*ok).value(QLatin1String("timezone")).toString(), QStringLiteral("Europe/Berlin"));
        problems.clear();
        QVERIFY(!slo::parseSloSpec(QJsonDocument::fromJson(R"({"name":"x","objective":1.5,"window":"90d",
            "alerting":[{"severity":"LOUD","long_window":"5m","short_window":"1h","burn_rate":-1}]})").object(), &problems));
        QStringList paths;
        for (const auto &p : problems)
            paths.append(p.path);
        QCOMPARE(paths, (QStringList{QStringLiteral("service"), QStringLiteral("objective"), QStringLiteral("window"), QStringLiteral("sli"),
                                     QStringLiteral("alerting[0].severity"), QStringLiteral("alerting[0].short_window"),
                                     QStringLiteral("alerting[0].burn_rate")}));
    }
};

QTEST_GUILESS_MAIN(TestSlo)
#include "tst_slo.moc"
