#pragma once

#include <QtGlobal>
#include <map>

namespace slo {

struct Counts
{
    qint64 good = 0;
    qint64 valid = 0;
    qint64 bad() const { return valid - good; }
    Counts &operator+=(const Counts &other)
    {
        good += other.good;
        valid += other.valid;
        return *this;
    }
};

// Good and valid event counts per minute of event time: what an SLO's status reads (a 30-day
// window is 43,200 rows, never a rescan of the events). Late events land in their own minute.
class MinuteRollup final
{
public:
    void add(qint64 timestampMs, qint64 good, qint64 valid);
    // The sum over the minutes that start in [fromMs, toMs).
    Counts sum(qint64 fromMs, qint64 toMs) const;
    // Forgets the minutes that start before `beforeMs`.
    void prune(qint64 beforeMs);
    qsizetype minutes() const { return qsizetype(m_minutes.size()); }
    const std::map<qint64, Counts> &byMinute() const { return m_minutes; }

private:
    std::map<qint64, Counts> m_minutes; // minute start (Unix ms) -> counts
};

} // namespace slo
