#include "rules/AnomalyDetector.h"

#include <algorithm>
#include <cmath>

namespace rules {

namespace {

// FNV-1a over bin numbers, extended one bin at a time from the newest backwards, so the hashes
// of the sequences of length 1..L ending now come out of one pass.
constexpr quint64 fnvOffset = 1469598103934665603ULL;
constexpr quint64 fnvPrime = 1099511628211ULL;

quint64 extend(quint64 hash, qint64 bin)
{
    return (hash ^ quint64(bin + 0x9e3779b9)) * fnvPrime;
}

} // namespace

AnomalyDetector::AnomalyDetector()
    : AnomalyDetector(Settings{})
{
}

AnomalyDetector::AnomalyDetector(Settings settings)
    : m_settings(settings)
{
}

double AnomalyDetector::thresholdForSensitivity(double sensitivity)
{
    // 5 -> 0.6: beyond-range values (>= 0.75) and unseen bins (0.67) alert, repeats (<= 0.5) do not.
    return 1.0 - 0.08 * std::clamp(sensitivity, 1.0, 10.0);
}

void AnomalyDetector::startBinning()
{
    const auto [low, high] = std::minmax_element(m_warmup.begin(), m_warmup.end());
    m_low = *low;
    m_binWidth = (*high - *low) / m_settings.bins;
    if (m_binWidth <= 0) // a flat warm-up: any change at all is news
        m_binWidth = std::max(std::fabs(*low) * 1e-3, 1e-9);
    m_minBin = std::numeric_limits<qint64>::max();
    m_maxBin = std::numeric_limits<qint64>::min();
    for (const double v : m_warmup)
        learn(qint64(std::floor((v - m_low) / m_binWidth)));
    m_warmup.clear();
    m_warmup.shrink_to_fit();
}

void AnomalyDetector::learn(qint64 bin)
{
    m_recentBins.push_back(bin);
    if (qsizetype(m_recentBins.size()) > m_settings.contextLength)
        m_recentBins.pop_front();
    if (qsizetype(m_contexts.size()) > m_settings.maxContexts) {
        // Forget the sequences, keep the single bins: the range knowledge matters most.
        std::erase_if(m_contexts, [](const auto &entry) { return entry.second == 0; });
        if (qsizetype(m_contexts.size()) > m_settings.maxContexts)
            m_contexts.clear();
    }
    quint64 hash = fnvOffset;
    for (auto it = m_recentBins.rbegin(); it != m_recentBins.rend(); ++it) {
        hash = extend(hash, *it);
        ++m_contexts[hash];
    }
    m_minBin = std::min(m_minBin, bin);
    m_maxBin = std::max(m_maxBin, bin);
}

double AnomalyDetector::rawScore(qint64 bin)
{
    if (bin > m_maxBin || bin < m_minBin) {
        const double distance = double(bin > m_maxBin ? bin - m_maxBin : m_minBin - bin);
        return 0.5 + 0.5 * distance / (distance + 1.0);
    }
    quint64 hash = extend(fnvOffset, bin);
    if (m_contexts.find(hash) == m_contexts.end())
        return 2.0 / 3.0; // a gap inside the range, never visited
    // How many of the sequences ending here are new, shorter ones weighing more.
    double novel = 0, total = 1.0;
    int length = 2;
    for (auto it = m_recentBins.rbegin(); it != m_recentBins.rend() && length <= m_settings.contextLength; ++it, ++length) {
        hash = extend(hash, *it);
        const double weight = 1.0 / length;
        total += weight;
        if (m_contexts.find(hash) == m_contexts.end())
            novel += weight;
    }
    return 0.5 * novel / total;
}

double AnomalyDetector::score(double value)
{
    if (std::isnan(value))
        return 0;
    ++m_count;
    if (m_count <= m_settings.warmup) {
        m_warmup.push_back(value);
        if (m_count == m_settings.warmup)
            startBinning();
        return 0;
    }
    const qint64 bin = qint64(std::clamp(std::floor((value - m_low) / m_binWidth), -1e12, 1e12));
    double result = rawScore(bin);
    learn(bin);
    const double recentMax = m_recentScores.empty() ? 0.0 : *std::max_element(m_recentScores.begin(), m_recentScores.end());
    m_recentScores.push_back(result);
    if (qsizetype(m_recentScores.size()) > m_settings.suppression)
        m_recentScores.pop_front();
    if (result <= recentMax)
        result *= 0.5;
    return std::clamp(result, 0.0, 1.0);
}

} // namespace rules
