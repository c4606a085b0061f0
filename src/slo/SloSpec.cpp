#include "slo/SloSpec.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QRegularExpression>

namespace slo {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("slo::SloSpec", text);
}

constexpr qint64 minute = 60000;
constexpr qint64 hour = 60 * minute;
constexpr qint64 day = 24 * hour;

std::optional<qint64> duration(const QString &text)
{
    static const QRegularExpression pattern(QStringLiteral("^(\\d+)(m|h|d)$"));
    const auto match = pattern.match(text);
    if (!match.hasMatch())
        return std::nullopt;
    const qint64 n = match.captured(1).toLongLong();
    const QChar unit = match.captured(2).at(0);
    return n * (unit == u'm' ? minute : unit == u'h' ? hour : day);
}

QString durationText(qint64 ms)
{
    if (ms % day == 0)
        return QString::number(ms / day) + QLatin1Char('d');
    if (ms % hour == 0)
        return QString::number(ms / hour) + QLatin1Char('h');
    return QString::number(ms / minute) + QLatin1Char('m');
}

} // namespace

qint64 SloWindow::startAt(qint64 nowMs) const
{
    if (kind == Kind::Rolling)
        return nowMs - qint64(days) * day;
    const QTimeZone zone(timeZone);
    const QDateTime local = QDateTime::fromMSecsSinceEpoch(nowMs, zone);
    return QDateTime(QDate(local.date().year(), local.date().month(), 1), QTime(0, 0), zone).toMSecsSinceEpoch();
}

qint64 SloWindow::lengthAt(qint64 nowMs) const
{
    if (kind == Kind::Rolling)
        return qint64(days) * day;
    const QTimeZone zone(timeZone);
    const QDateTime start = QDateTime::fromMSecsSinceEpoch(startAt(nowMs), zone);
    return start.msecsTo(start.addMonths(1));
}

QString SloWindow::name() const
{
    return kind == Kind::Rolling ? QString::number(days) + QLatin1Char('d') : QStringLiteral("calendar_month");
}

QList<BurnPolicy> defaultPolicies()
{
    return {{QStringLiteral("page"), core::Severity::Critical, 1 * hour, 5 * minute, 14.4},
            {QStringLiteral("page"), core::Severity::Critical, 6 * hour, 30 * minute, 6},
            {QStringLiteral("ticket"), core::Severity::Warn, 3 * day, 6 * hour, 1}};
}

std::optional<SloSpec> parseSloSpec(const QJsonObject &json, QList<SloProblem> *problems)
{
    const qsizetype before = problems->size();
    SloSpec spec;
    spec.id = json.value(QLatin1String("id")).toString();
    spec.name = json.value(QLatin1String("name")).toString();
    if (spec.name.trimmed().isEmpty())
        problems->append({QStringLiteral("name"), tr("is required")});
    spec.service = json.value(QLatin1String("service")).toString();
    if (spec.service.isEmpty())
        problems->append({QStringLiteral("service"), tr("is required (the source the SLO is about)")});
    const QJsonValue objective = json.value(QLatin1String("objective"));
    if (!objective.isDouble() || objective.toDouble() <= 0 || objective.toDouble() >= 1)
        problems->append({QStringLiteral("objective"), tr("must be a number between 0 and 1, e.g. 0.999")});
    else
        spec.objective = objective.toDouble();
    const QString window = json.value(QLatin1String("window")).toString(QStringLiteral("30d"));
    if (window == QLatin1String("7d") || window == QLatin1String("28d") || window == QLatin1String("30d")) {
        spec.window.kind = SloWindow::Kind::Rolling;
        spec.window.days = window.chopped(1).toInt();
    } else if (window == QLatin1String("calendar_month")) {
        spec.window.kind = SloWindow::Kind::CalendarMonth;
        spec.window.timeZone = json.value(QLatin1String("timezone")).toString(QStringLiteral("UTC")).toUtf8();
        if (!QTimeZone(spec.window.timeZone).isValid())
            problems->append({QStringLiteral("timezone"), tr("must be an IANA timezone such as Europe/Berlin")});
    } else {
        problems->append({QStringLiteral("window"), tr("must be 7d, 28d, 30d or calendar_month")});
    }
    const QJsonValue sli = json.value(QLatin1String("sli"));
    if (!sli.isObject())
        problems->append({QStringLiteral("sli"), tr("is required: {\"kind\": \"ratio\" | \"latency\", ...}")});
    spec.sli = sli.toObject();
    if (json.contains(QLatin1String("alerting"))) {
        spec.policies.clear();
        const QJsonArray rows = json.value(QLatin1String("alerting")).toArray();
        for (qsizetype i = 0; i < rows.size(); ++i) {
            const QString path = QStringLiteral("alerting[%1].").arg(i);
            const QJsonObject row = rows[i].toObject();
            BurnPolicy policy;
            policy.name = row.value(QLatin1String("name")).toString(QStringLiteral("page"));
            const auto severity = core::parseSeverity(row.value(QLatin1String("severity")).toString());
            if (!severity)
                problems->append({path + QStringLiteral("severity"), tr("must be one of INFO, WARN, ERROR, CRITICAL")});
            policy.severity = severity.value_or(core::Severity::Critical);
            const auto longWindow = duration(row.value(QLatin1String("long_window")).toString());
            const auto shortWindow = duration(row.value(QLatin1String("short_window")).toString());
            if (!longWindow)
                problems->append({path + QStringLiteral("long_window"), tr("must be a duration such as 1h, 6h or 3d")});
            if (!shortWindow)
                problems->append({path + QStringLiteral("short_window"), tr("must be a duration such as 5m, 30m or 6h")});
            if (longWindow && shortWindow && *shortWindow >= *longWindow)
                problems->append({path + QStringLiteral("short_window"), tr("must be shorter than long_window")});
            policy.longWindowMs = longWindow.value_or(0);
            policy.shortWindowMs = shortWindow.value_or(0);
            const QJsonValue burn = row.value(QLatin1String("burn_rate"));
            if (!burn.isDouble() || burn.toDouble() <= 0)
                problems->append({path + QStringLiteral("burn_rate"), tr("must be a positive number")});
            policy.burnRate = burn.toDouble(1);
            spec.policies.append(policy);
        }
    }
    if (problems->size() != before)
        return std::nullopt;
    return spec;
}

QJsonObject sloSpecToJson(const SloSpec &spec)
{
    QJsonArray alerting;
    for (const BurnPolicy &p : spec.policies)
        alerting.append(QJsonObject{{QStringLiteral("name"), p.name},
                                    {QStringLiteral("severity"), core::severityName(p.severity)},
                                    {QStringLiteral("long_window"), durationText(p.longWindowMs)},
                                    {QStringLiteral("short_window"), durationText(p.shortWindowMs)},
                                    {QStringLiteral("burn_rate"), p.burnRate}});
    QJsonObject json{{QStringLiteral("id"), spec.id},           {QStringLiteral("name"), spec.name},
                     {QStringLiteral("service"), spec.service}, {QStringLiteral("objective"), spec.objective},
                     {QStringLiteral("window"), spec.window.name()}, {QStringLiteral("sli"), spec.sli},
                     {QStringLiteral("alerting"), alerting}};
    if (spec.window.kind == SloWindow::Kind::CalendarMonth)
        json.insert(QStringLiteral("timezone"), QString::fromUtf8(spec.window.timeZone));
    return json;
}

} // namespace slo
