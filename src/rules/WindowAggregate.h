#pragma once

#include "rules/Rule.h"

#include <deque>

namespace rules {

// The values of one group over a sliding event-time window, with the aggregates of the rule
// format. Out-of-order values are placed by time; values older than the window are evicted.
class WindowAggregate final
{
public:
    explicit WindowAggregate(qint64 windowMs)
        : m_windowMs(windowMs)
    {
    }

    void add(qint64 timestampMs, double value);
    // Drops everything at or before nowMs - window.
    void evict(qint64 nowMs);
    // The aggregate over (nowMs - window, nowMs]; NaN when it is undefined (avg of nothing).
    double value(Aggregate aggregate) const;
    qsizetype size() const { return qsizetype(m_samples.size()); }

private:
    struct Sample
    {
        qint64 timestampMs;
        double value;
    };
    qint64 m_windowMs;
    std::deque<Sample> m_samples;
    double m_sum = 0;
};

} // namespace rules
