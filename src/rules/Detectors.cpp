#include "rules/Detectors.h"

#include "rules/RuleJson.h"

#include <cmath>
#include <vector>

namespace rules {

namespace {

// A raw value is "current" for five minutes, as a Prometheus sample is, then goes stale.
constexpr qint64 staleAfterMs = 5 * 60000;

class RawThreshold final : public GroupDetector
{
public:
    explicit RawThreshold(const DetectorSpec &spec)
        : m_spec(spec)
    {
    }
    std::optional<Observation> observe(qint64 timestampMs, double value) override
    {
        if (std::isnan(value))
            return std::nullopt;
        m_lastMs = timestampMs;
        m_last = {evaluateCompare(m_spec.op, value, m_spec.value), value};
        return m_last;
    }
    std::optional<Observation> reevaluate(qint64 nowMs) override
    {
        if (m_last.active && nowMs - m_lastMs >= staleAfterMs) {
            m_last.active = false;
            return m_last;
        }
        return std::nullopt;
    }

private:
    DetectorSpec m_spec;
    Observation m_last;
    qint64 m_lastMs = 0;
};

class AggregateThreshold final : public GroupDetector
{
public:
    explicit AggregateThreshold(const DetectorSpec &spec)
        : m_spec(spec)
        , m_window(spec.windowMs)
    {
    }
    std::optional<Observation> observe(qint64 timestampMs, double value) override
    {
        const bool countsOnly = m_spec.aggregate == Aggregate::Count || m_spec.aggregate == Aggregate::Rate;
        if (!countsOnly && std::isnan(value))
            return std::nullopt;
        m_window.add(timestampMs, value);
        m_nowMs = std::max(m_nowMs, timestampMs);
        return evaluate();
    }
    std::optional<Observation> reevaluate(qint64 nowMs) override
    {
        if (nowMs <= m_nowMs)
            return std::nullopt;
        m_nowMs = nowMs;
        const qsizetype before = m_window.size();
        m_window.evict(nowMs);
        if (m_window.size() == before)
            return std::nullopt;
        return evaluate();
    }

private:
    Observation evaluate()
    {
        m_window.evict(m_nowMs);
        const double aggregate = m_window.value(m_spec.aggregate);
        return {!std::isnan(aggregate) && evaluateCompare(m_spec.op, aggregate, m_spec.value), aggregate};
    }

    DetectorSpec m_spec;
    WindowAggregate m_window;
    qint64 m_nowMs = std::numeric_limits<qint64>::min();
};

// z-score, EWMA or MAD against the history of the last `window` of event time. The value
// observed is compared with the history before it, then joins it.
class Statistical final : public GroupDetector
{
public:
    static constexpr int warmupSamples = 20;

    explicit Statistical(const DetectorSpec &spec)
        : m_spec(spec)
    {
    }
    std::optional<Observation> observe(qint64 timestampMs, double value) override
    {
        if (std::isnan(value))
            return std::nullopt;
        while (!m_history.empty() && m_history.front().first <= timestampMs - m_spec.windowMs)
            m_history.pop_front();
        double deviation = 0;
        bool warm = false;
        switch (m_spec.method) {
        case StatisticalMethod::ZScore: warm = zscore(value, &deviation); break;
        case StatisticalMethod::Mad: warm = mad(value, &deviation); break;
        case StatisticalMethod::Ewma: warm = ewma(timestampMs, value, &deviation); break;
        }
        m_history.push_back({timestampMs, value});
        if (!warm)
            return Observation{false, 0};
        return Observation{deviation > m_spec.sensitivity, deviation};
    }
    std::optional<Observation> reevaluate(qint64) override { return std::nullopt; }

private:
    bool zscore(double value, double *deviation) const
    {
        if (m_history.size() < warmupSamples)
            return false;
        double mean = 0, sq = 0;
        for (const auto &h : m_history)
            mean += h.second;
        mean /= double(m_history.size());
        for (const auto &h : m_history)
            sq += (h.second - mean) * (h.second - mean);
        const double sd = std::sqrt(sq / double(m_history.size() - 1));
        *deviation = sd > 0 ? std::fabs(value - mean) / sd : (value == mean ? 0 : INFINITY);
        return true;
    }
    bool mad(double value, double *deviation)
    {
        if (m_history.size() < warmupSamples)
            return false;
        m_scratch.clear();
        for (const auto &h : m_history)
            m_scratch.push_back(h.second);
        const auto middle = m_scratch.begin() + qsizetype(m_scratch.size() / 2);
        std::nth_element(m_scratch.begin(), middle, m_scratch.end());
        const double median = *middle;
        for (double &v : m_scratch)
            v = std::fabs(v - median);
        std::nth_element(m_scratch.begin(), middle, m_scratch.end());
        const double scale = *middle * 1.4826;
        *deviation = scale > 0 ? std::fabs(value - median) / scale : (value == median ? 0 : INFINITY);
        return true;
    }
    bool ewma(qint64 timestampMs, double value, double *deviation)
    {
        ++m_ewmaCount;
        m_lastMs = m_ewmaCount == 1 ? timestampMs : m_lastMs;
        if (m_ewmaCount <= warmupSamples) {
            // Seed mean and variance from the warm-up samples: with a long window the smoothing
            // is slow, and a variance grown from zero would call ordinary noise an outlier.
            double mean = value, sq = 0;
            for (const auto &h : m_history)
                mean += h.second;
            mean /= double(m_history.size() + 1);
            for (const auto &h : m_history)
                sq += (h.second - mean) * (h.second - mean);
            sq += (value - mean) * (value - mean);
            m_mean = mean;
            m_variance = sq / double(std::max<size_t>(1, m_history.size()));
            m_lastMs = timestampMs;
            return false;
        }
        const bool warm = true;
        const double sd = std::sqrt(m_variance);
        *deviation = sd > 0 ? std::fabs(value - m_mean) / sd : (value == m_mean ? 0 : INFINITY);
        // The smoothing follows event time: the window is the mean age of what the average holds.
        const double dt = double(std::max<qint64>(1, timestampMs - m_lastMs));
        const double alpha = std::clamp(1.0 - std::exp(-dt / double(std::max<qint64>(1, m_spec.windowMs))), 1e-4, 1.0);
        const double diff = value - m_mean;
        m_mean += alpha * diff;
        m_variance = (1 - alpha) * (m_variance + alpha * diff * diff);
        m_lastMs = timestampMs;
        return warm;
    }

    DetectorSpec m_spec;
    std::deque<std::pair<qint64, double>> m_history;
    std::vector<double> m_scratch;
    qint64 m_ewmaCount = 0;
    double m_mean = 0;
    double m_variance = 0;
    qint64 m_lastMs = 0;
};

class Anomaly final : public GroupDetector
{
public:
    explicit Anomaly(const DetectorSpec &spec)
        : m_threshold(AnomalyDetector::thresholdForSensitivity(spec.sensitivity))
    {
    }
    std::optional<Observation> observe(qint64, double value) override
    {
        if (std::isnan(value))
            return std::nullopt;
        const double score = m_detector.score(value);
        return Observation{score >= m_threshold, score};
    }
    std::optional<Observation> reevaluate(qint64) override { return std::nullopt; }

private:
    AnomalyDetector m_detector;
    double m_threshold;
};

} // namespace

std::unique_ptr<GroupDetector> makeGroupDetector(const DetectorSpec &spec)
{
    switch (spec.kind) {
    case DetectorKind::Threshold:
        if (spec.aggregate == Aggregate::None)
            return std::make_unique<RawThreshold>(spec);
        return std::make_unique<AggregateThreshold>(spec);
    case DetectorKind::Statistical: return std::make_unique<Statistical>(spec);
    case DetectorKind::Anomaly: return std::make_unique<Anomaly>(spec);
    case DetectorKind::Absence: break;
    }
    return nullptr;
}

} // namespace rules
