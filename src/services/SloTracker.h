#pragma once

#include "core/EventRecord.h"
#include "core/RuleSignal.h"
#include "rules/EventFields.h"
#include "rules/Rule.h"
#include "slo/BurnRateAlerting.h"
#include "slo/MinuteRollup.h"
#include "slo/SloSpec.h"
#include "storage/SloStore.h"

#include <optional>

namespace services {

// Which events count for an SLO and which of them are good: the rules module's matchers, so an
// SLI reads like a rule ("valid" is a match, "good" a where list or a latency threshold).
struct SloSli
{
    enum class Kind { Ratio, Latency };
    Kind kind = Kind::Ratio;
    rules::EventMatch valid;
    QList<rules::WhereClause> good; // Ratio
    QString field;                  // Latency
    double threshold = 0;           // Latency: good when field <= threshold
    QByteArray groupKey;            // equal for SLIs that differ at most in their threshold
};

// Parses `sli` with the rules validator; problems are located under "sli.".
std::optional<SloSli> parseSli(const QJsonObject &sli, const QString &service, QList<slo::SloProblem> *problems);

// One SLO, live: its SLI, its minute rollup (window plus three days, for the alerting windows),
// and its burn-rate alerting. Single-threaded; owned by the alert service's thread.
class SloTracker final
{
public:
    SloTracker(slo::SloSpec spec, SloSli sli);

    const slo::SloSpec &spec() const { return m_alerting.spec(); }
    const SloSli &sli() const { return m_sli; }
    const slo::MinuteRollup &rollup() const { return m_rollup; }
    void load(const QList<storage::MinuteCounts> &minutes);
    // Counts for the minute of `timestampMs`: from the SloCounter, or measured by a client.
    void addCounts(qint64 timestampMs, qint64 good, qint64 valid);
    QList<core::RuleSignal> evaluate(qint64 nowMs);
    void restoreFiring(const QString &windows) { m_alerting.restoreFiring(windows); }
    // How far back the rollup must reach at `nowMs`.
    qint64 horizon(qint64 nowMs) const;

private:
    SloSli m_sli;
    slo::MinuteRollup m_rollup;
    slo::BurnRateAlerting m_alerting;
};

} // namespace services
