#include "alerts/FlapDetector.h"

#include <algorithm>

namespace alerts {

namespace {
constexpr size_t historySize = 21;
}

FlapDetector::FlapDetector()
    : FlapDetector(Settings{})
{
}

FlapDetector::FlapDetector(Settings settings)
    : m_settings(settings)
{
}

double FlapDetector::percentStateChange() const
{
    if (m_states.size() < 2)
        return 0;
    // Weights run from 0.8 for the oldest transition to 1.2 for the newest of 20.
    double changes = 0;
    const size_t transitions = m_states.size() - 1;
    for (size_t i = 1; i < m_states.size(); ++i) {
        if (m_states[i] != m_states[i - 1]) {
            const size_t position = i - 1 + (historySize - 1 - transitions); // align the newest at 19
            changes += 0.8 + 0.4 * double(position) / double(historySize - 2);
        }
    }
    return changes * 100.0 / double(historySize - 1);
}

bool FlapDetector::record(bool firing, qint64 atMs)
{
    if (m_lastMs >= 0 && !m_states.empty()) {
        // Unchanged checks in the quiet time since the last transition.
        const qint64 quiet = std::min<qint64>((atMs - m_lastMs) / m_settings.checkIntervalMs, qint64(historySize));
        for (qint64 i = 0; i < quiet; ++i)
            m_states.push_back(m_states.back());
    }
    m_states.push_back(firing);
    while (m_states.size() > historySize)
        m_states.pop_front();
    m_lastMs = atMs;
    const double percent = percentStateChange();
    if (!m_flapping && percent > m_settings.highThreshold)
        m_flapping = true;
    else if (m_flapping && percent < m_settings.lowThreshold)
        m_flapping = false;
    return m_flapping;
}

} // namespace alerts
