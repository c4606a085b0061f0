#pragma once

#include "core/RuleSignal.h"
#include "slo/MinuteRollup.h"
#include "slo/SloSpec.h"

#include <QList>

namespace slo {

// Multi-window, multi-burn-rate alerting for one SLO, evaluated at the end of every minute of
// event time: a policy row fires when both its long and short windows burn faster than its
// threshold, and resolves when both have fallen below it. Signals carry `slo:<id>` as rule id,
// the row as group ({"policy", "windows"}), and the long window's burn rate as value.
class BurnRateAlerting final
{
public:
    explicit BurnRateAlerting(SloSpec spec);

    QList<core::RuleSignal> evaluate(const MinuteRollup &rollup, qint64 nowMs);
    const SloSpec &spec() const { return m_spec; }

    struct RowState
    {
        bool firing = false;
        double longBurn = 0;
        double shortBurn = 0;
    };
    const QList<RowState> &rows() const { return m_rows; }

private:
    SloSpec m_spec;
    QList<RowState> m_rows;
    qint64 m_lastMinute = std::numeric_limits<qint64>::min();
};

QString windowsLabel(const BurnPolicy &policy); // "1h/5m"

} // namespace slo
