#include "slo/SloMath.h"

#include <QCoreApplication>
#include <QDateTime>
#include <cmath>

namespace slo {

namespace {
constexpr qint64 minute = 60000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;
} // namespace

double burnRate(const Counts &counts, double objective)
{
    if (counts.valid <= 0)
        return 0;
    return (double(counts.bad()) / double(counts.valid)) / (1.0 - objective);
}

double budgetConsumed(const Counts &counts, double objective)
{
    if (counts.valid <= 0)
        return 0;
    return double(counts.bad()) / (double(counts.valid) * (1.0 - objective));
}

double sli(const Counts &counts)
{
    return counts.valid > 0 ? double(counts.good) / double(counts.valid) : 1.0;
}

QList<QPair<QString, qint64>> statusWindows()
{
    return {{QStringLiteral("5m"), 5 * minute}, {QStringLiteral("30m"), 30 * minute}, {QStringLiteral("1h"), hour},
            {QStringLiteral("6h"), 6 * hour},   {QStringLiteral("1d"), day},          {QStringLiteral("3d"), 3 * day}};
}

Status status(const SloSpec &spec, const MinuteRollup &rollup, qint64 nowMs)
{
    Status s;
    s.counts = rollup.sum(spec.window.startAt(nowMs), nowMs);
    s.sli = sli(s.counts);
    s.budgetTotal = 1.0 - spec.objective;
    s.consumed = budgetConsumed(s.counts, spec.objective);
    s.remaining = 1.0 - s.consumed;
    for (const auto &[name, length] : statusWindows())
        s.burnRates.append({name, burnRate(rollup.sum(nowMs - length, nowMs), spec.objective)});
    return s;
}

Prediction predict(const SloSpec &spec, const Status &status, qint64 nowMs)
{
    Prediction p;
    double burn1h = 0, burn6h = 0;
    for (const auto &[name, rate] : status.burnRates) {
        if (name == QLatin1String("1h"))
            burn1h = rate;
        else if (name == QLatin1String("6h"))
            burn6h = rate;
    }
    const auto tr = [](const char *text) { return QCoreApplication::translate("slo::SloMath", text); };
    if (status.remaining <= 0) {
        p.exhaustionMs = nowMs;
        p.confidence = QStringLiteral("high");
        p.basis = tr("the error budget is already spent");
        return p;
    }
    if (burn1h <= 0 && burn6h <= 0) {
        p.basis = tr("no errors in the last 6 hours: the budget is not burning");
        return p;
    }
    p.burnRate = burn1h > 0 ? burn1h : burn6h;
    // At burn rate b the whole budget lasts window / b; what remains lasts remaining x that.
    const double windowMs = double(spec.window.lengthAt(nowMs));
    p.exhaustionMs = nowMs + qint64(status.remaining * windowMs / p.burnRate);
    const double agreement = std::min(burn1h, burn6h) / std::max(burn1h, burn6h);
    p.confidence = agreement >= 0.75 ? QStringLiteral("high") : agreement >= 0.4 ? QStringLiteral("medium") : QStringLiteral("low");
    p.basis = tr("at the last hour's burn rate %1 (6 h: %2)").arg(burn1h, 0, 'g', 3).arg(burn6h, 0, 'g', 3);
    return p;
}

QList<DailyPoint> history(const SloSpec &spec, const MinuteRollup &rollup, qint64 nowMs)
{
    QList<DailyPoint> points;
    const qint64 start = spec.window.startAt(nowMs);
    // Days are UTC days for a rolling window and local days for a calendar month.
    const QTimeZone zone = spec.window.kind == SloWindow::Kind::CalendarMonth ? QTimeZone(spec.window.timeZone) : QTimeZone::utc();
    QDateTime dayStart = QDateTime::fromMSecsSinceEpoch(start, zone);
    dayStart = QDateTime(dayStart.date(), QTime(0, 0), zone);
    Counts cumulative;
    while (dayStart.toMSecsSinceEpoch() < nowMs) {
        const QDateTime next = dayStart.addDays(1);
        const qint64 from = std::max(start, dayStart.toMSecsSinceEpoch());
        const qint64 to = std::min(nowMs, next.toMSecsSinceEpoch());
        DailyPoint point;
        point.dayStartMs = dayStart.toMSecsSinceEpoch();
        point.counts = rollup.sum(from, to);
        point.sli = sli(point.counts);
        cumulative += point.counts;
        point.budgetRemaining = 1.0 - budgetConsumed(cumulative, spec.objective);
        points.append(point);
        dayStart = next;
    }
    return points;
}

} // namespace slo
