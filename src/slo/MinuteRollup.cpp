#include "slo/MinuteRollup.h"

namespace slo {

namespace {
constexpr qint64 minuteMs = 60000;
qint64 minuteStart(qint64 ms)
{
    return (ms >= 0 ? ms / minuteMs : (ms - minuteMs + 1) / minuteMs) * minuteMs;
}
} // namespace

void MinuteRollup::add(qint64 timestampMs, qint64 good, qint64 valid)
{
    Counts &counts = m_minutes[minuteStart(timestampMs)];
    counts.good += good;
    counts.valid += valid;
}

Counts MinuteRollup::sum(qint64 fromMs, qint64 toMs) const
{
    Counts total;
    for (auto it = m_minutes.lower_bound(fromMs); it != m_minutes.end() && it->first < toMs; ++it)
        total += it->second;
    return total;
}

void MinuteRollup::prune(qint64 beforeMs)
{
    m_minutes.erase(m_minutes.begin(), m_minutes.lower_bound(beforeMs));
}

} // namespace slo
