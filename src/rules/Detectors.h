#pragma once

#include "rules/AnomalyDetector.h"
#include "rules/Rule.h"
#include "rules/WindowAggregate.h"

#include <memory>
#include <optional>

namespace rules {

// What a detector concluded from the values so far.
struct Observation
{
    bool active = false; // the rule's condition holds
    double value = 0;    // the number compared (aggregate, z-score, anomaly score)
};

// One group's detector state for one rule (threshold, statistical or anomaly; absence is
// handled by the evaluator, which owns the clock).
class GroupDetector
{
public:
    virtual ~GroupDetector() = default;
    // A matching event's value (NaN when the field is missing or not numeric). Returns nothing
    // when the event says nothing about the condition.
    virtual std::optional<Observation> observe(qint64 timestampMs, double value) = 0;
    // The condition at a later time with no new event (windows age). Nothing when unchanged.
    virtual std::optional<Observation> reevaluate(qint64 nowMs) = 0;
};

std::unique_ptr<GroupDetector> makeGroupDetector(const DetectorSpec &spec);

} // namespace rules
