#include "slo/BurnRateAlerting.h"

#include "slo/SloMath.h"

namespace slo {

namespace {

constexpr qint64 minute = 60000;

QString durationText(qint64 ms)
{
    if (ms % (24 * 3600000) == 0)
        return QString::number(ms / (24 * 3600000)) + QLatin1Char('d');
    if (ms % 3600000 == 0)
        return QString::number(ms / 3600000) + QLatin1Char('h');
    return QString::number(ms / minute) + QLatin1Char('m');
}

} // namespace

QString windowsLabel(const BurnPolicy &policy)
{
    return durationText(policy.longWindowMs) + QLatin1Char('/') + durationText(policy.shortWindowMs);
}

BurnRateAlerting::BurnRateAlerting(SloSpec spec)
    : m_spec(std::move(spec))
    , m_rows(m_spec.policies.size())
{
}

void BurnRateAlerting::restoreFiring(const QString &windows)
{
    for (qsizetype i = 0; i < m_spec.policies.size(); ++i) {
        if (windowsLabel(m_spec.policies[i]) == windows)
            m_rows[i].firing = true;
    }
}

QList<core::RuleSignal> BurnRateAlerting::evaluate(const MinuteRollup &rollup, qint64 nowMs)
{
    QList<core::RuleSignal> signals;
    // Until the first count arrives there is nothing to judge, and the clock must not run ahead:
    // a backfilled or replayed stream is then evaluated from its own first minute on.
    if (rollup.minutes() == 0)
        return signals;
    const qint64 lastWhole = nowMs / minute * minute; // evaluations happen at minute boundaries
    qint64 from = m_lastMinute == std::numeric_limits<qint64>::min() ? lastWhole : m_lastMinute + minute;
    // A long silence in a replay: at most a day of boundaries, as the short windows are minutes.
    from = std::max(from, lastWhole - 1440 * minute);
    for (qint64 at = from; at <= lastWhole; at += minute) {
        for (qsizetype i = 0; i < m_spec.policies.size(); ++i) {
            const BurnPolicy &policy = m_spec.policies[i];
            RowState &row = m_rows[i];
            row.longBurn = burnRate(rollup.sum(at - policy.longWindowMs, at), m_spec.objective);
            row.shortBurn = burnRate(rollup.sum(at - policy.shortWindowMs, at), m_spec.objective);
            // As Prometheus evaluates a Sloth rule: the alert holds while both windows burn too fast,
            // so the short window ends it minutes after the errors stop.
            const bool burning = row.longBurn > policy.burnRate && row.shortBurn > policy.burnRate;
            if (row.firing == burning)
                continue;
            row.firing = burning;
            core::RuleSignal signal;
            signal.kind = burning ? core::RuleSignal::Kind::Fired : core::RuleSignal::Kind::Resolved;
            signal.ruleId = QStringLiteral("slo:") + m_spec.id;
            signal.groupLabels = {{QStringLiteral("policy"), policy.name}, {QStringLiteral("windows"), windowsLabel(policy)}};
            signal.groupKey = policy.name + QLatin1Char(',') + windowsLabel(policy);
            signal.source = m_spec.service;
            signal.atMs = at;
            signal.startsAtMs = at;
            signal.value = row.longBurn;
            const QString longName = durationText(policy.longWindowMs);
            const QString shortName = durationText(policy.shortWindowMs);
            if (burning) {
                signal.annotations = {{QStringLiteral("burn_rate_") + longName, QString::number(row.longBurn, 'g', 4)},
                                      {QStringLiteral("burn_rate_") + shortName, QString::number(row.shortBurn, 'g', 4)},
                                      {QStringLiteral("burn_rate_threshold"), QString::number(policy.burnRate, 'g', 4)}};
            }
            signal.detail = QStringLiteral("burn rate %1 over %2 and %3 over %4 (threshold %5)")
                                .arg(QString::number(row.longBurn, 'g', 4), longName, QString::number(row.shortBurn, 'g', 4), shortName,
                                     QString::number(policy.burnRate, 'g', 4));
            signals.append(signal);
        }
        m_lastMinute = at;
    }
    return signals;
}

} // namespace slo
