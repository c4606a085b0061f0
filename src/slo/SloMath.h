#pragma once

#include "slo/MinuteRollup.h"
#include "slo/SloSpec.h"

#include <QList>
#include <QMap>
#include <optional>

namespace slo {

// (bad / valid) / (1 - objective): 1 spends the budget exactly over the window. 0 with no traffic.
double burnRate(const Counts &counts, double objective);
// bad / (valid * (1 - objective)) over the SLO window; it can exceed 1.
double budgetConsumed(const Counts &counts, double objective);
double sli(const Counts &counts); // 1 with no traffic

// The windows GET /api/slo/{id}/status reports, in order.
QList<QPair<QString, qint64>> statusWindows();

struct Status
{
    double sli = 1;
    Counts counts;
    double budgetTotal = 0;   // 1 - objective
    double consumed = 0;      // fraction of the budget
    double remaining = 1;     // 1 - consumed
    QList<QPair<QString, double>> burnRates; // statusWindows() order
};

Status status(const SloSpec &spec, const MinuteRollup &rollup, qint64 nowMs);

struct Prediction
{
    std::optional<qint64> exhaustionMs; // none when the budget is not burning
    double burnRate = 0;                // the rate the prediction uses
    QString confidence;                 // high, medium, low
    QString basis;                      // a sentence for the operator
};

// When the remaining budget runs out if the recent burn continues, from the 1 h rate, with the
// 6 h rate as the check: confidence is high when they agree within 25 %, medium within 2.5x.
Prediction predict(const SloSpec &spec, const Status &status, qint64 nowMs);

struct DailyPoint
{
    qint64 dayStartMs = 0;
    double sli = 1;            // that day alone
    double budgetRemaining = 1; // from the window's start to the end of that day
    Counts counts;
};

// One point per UTC day (per local day for a calendar month) from the window's start to now.
QList<DailyPoint> history(const SloSpec &spec, const MinuteRollup &rollup, qint64 nowMs);

} // namespace slo
