#include "rules/WindowAggregate.h"

#include <algorithm>
#include <cmath>
#include <vector>

namespace rules {

void WindowAggregate::add(qint64 timestampMs, double value)
{
    const Sample sample{timestampMs, value};
    if (m_samples.empty() || m_samples.back().timestampMs <= timestampMs) {
        m_samples.push_back(sample);
    } else {
        const auto at = std::upper_bound(m_samples.begin(), m_samples.end(), timestampMs,
                                         [](qint64 t, const Sample &s) { return t < s.timestampMs; });
        m_samples.insert(at, sample);
    }
    if (!std::isnan(value))
        m_sum += value;
}

void WindowAggregate::evict(qint64 nowMs)
{
    const qint64 horizon = nowMs - m_windowMs;
    while (!m_samples.empty() && m_samples.front().timestampMs <= horizon) {
        if (!std::isnan(m_samples.front().value))
            m_sum -= m_samples.front().value;
        m_samples.pop_front();
    }
    if (m_samples.empty())
        m_sum = 0; // no drift from floating-point cancellation
}

double WindowAggregate::value(Aggregate aggregate) const
{
    const double nan = std::nan("");
    switch (aggregate) {
    case Aggregate::Count: return double(m_samples.size());
    case Aggregate::Rate: return double(m_samples.size()) * 1000.0 / double(m_windowMs);
    case Aggregate::None: return m_samples.empty() ? nan : m_samples.back().value;
    default: break;
    }
    std::vector<double> values;
    values.reserve(m_samples.size());
    for (const Sample &s : m_samples) {
        if (!std::isnan(s.value))
            values.push_back(s.value);
    }
    if (values.empty())
        return nan;
    switch (aggregate) {
    case Aggregate::Sum: return m_sum;
    case Aggregate::Avg: return m_sum / double(values.size());
    case Aggregate::Min: return *std::min_element(values.begin(), values.end());
    case Aggregate::Max: return *std::max_element(values.begin(), values.end());
    case Aggregate::P50:
    case Aggregate::P90:
    case Aggregate::P95:
    case Aggregate::P99: {
        const double q = aggregate == Aggregate::P50 ? 0.50 : aggregate == Aggregate::P90 ? 0.90 : aggregate == Aggregate::P95 ? 0.95 : 0.99;
        // Nearest rank, as most monitoring tools report a percentile of raw samples.
        const size_t rank = size_t(std::ceil(q * double(values.size()))) - 1;
        std::nth_element(values.begin(), values.begin() + qsizetype(rank), values.end());
        return values[rank];
    }
    default: return nan;
    }
}

} // namespace rules
