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

    // Nothing when the event is not valid for the SLI; otherwise whether it is good.
    std::optional<bool> classify(const rules::EventFields &fields) const;
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
    const slo::MinuteRollup &rollup() const { return m_rollup; }
    void load(const QList<storage::MinuteCounts> &minutes);
    // Counts one event (its fields parsed once for every SLO). Counts gather in a small buffer,
    // as a batch's events mostly share a minute; takeCounted() moves them into the rollup.
    void count(const rules::EventFields &fields);
    // The minutes counted since the last call, merged, now also in the rollup: what to persist.
    QMap<qint64, storage::MinuteCounts> takeCounted();
    // The source every valid event has, or empty when the SLI takes any source.
    QString validSource() const { return m_sli.valid.source; }
    void addMeasurement(qint64 timestampMs, qint64 good, qint64 valid);
    QList<core::RuleSignal> evaluate(qint64 nowMs);
    // How far back the rollup must reach at `nowMs`.
    qint64 horizon(qint64 nowMs) const;

private:
    SloSli m_sli;
    slo::MinuteRollup m_rollup;
    QList<storage::MinuteCounts> m_counted;
    slo::BurnRateAlerting m_alerting;
};

} // namespace services
