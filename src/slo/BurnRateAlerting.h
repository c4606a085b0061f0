#pragma once

#include "core/RuleSignal.h"
#include "slo/MinuteRollup.h"
#include "slo/SloSpec.h"

#include <QList>

namespace slo {

// Multi-window, multi-burn-rate alerting for one SLO, evaluated at the end of every minute of
// event time: a policy row fires when both its long and short windows burn faster than its
// threshold, and resolves as soon as they no longer both do (in practice the short window falls
// back first: that is what it is for). The same steps as Prometheus evaluating Sloth's rules
// (tests/interop checks it with promtool). Signals carry `slo:<id>` as rule id,
// the row as group ({"policy", "windows"}), and the long window's burn rate as value.
class BurnRateAlerting final
{
public:
    explicit BurnRateAlerting(SloSpec spec);

    QList<core::RuleSignal> evaluate(const MinuteRollup &rollup, qint64 nowMs);
    // After a restart: the row whose windows are `windows` has an unresolved alert, so its next
    // evaluation resolves it if the burn has stopped meanwhile.
    void restoreFiring(const QString &windows);
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
