#include "notify/DeliveryPolicy.h"

#include <algorithm>

namespace notify {

std::optional<qint64> RetryPolicy::delayAfter(int attempt, double jitter, qint64 retryAfterMs, qint64 baseMs)
{
    if (attempt >= maxAttempts)
        return std::nullopt;
    const qint64 base = baseMs << (attempt - 1); // 1, 2, 4, 8, 16 s
    const qint64 jittered = base + qint64(double(base) * 0.2 * std::clamp(jitter, -1.0, 1.0));
    return std::max(jittered, retryAfterMs);
}

CircuitBreaker::State CircuitBreaker::state(qint64 nowMs) const
{
    if (m_openedAtMs < 0)
        return State::Closed;
    return nowMs >= reopensAtMs() ? State::HalfOpen : State::Open;
}

bool CircuitBreaker::allows(qint64 nowMs) const
{
    switch (state(nowMs)) {
    case State::Closed:
        return true;
    case State::Open:
        return false;
    case State::HalfOpen:
        break;
    }
    return !m_trialRunning;
}

void CircuitBreaker::started(qint64 nowMs)
{
    if (state(nowMs) == State::HalfOpen)
        m_trialRunning = true;
}

void CircuitBreaker::succeeded()
{
    m_failures = 0;
    m_openedAtMs = -1;
    m_trialRunning = false;
}

void CircuitBreaker::failed(qint64 nowMs)
{
    ++m_failures;
    const bool trial = m_trialRunning;
    m_trialRunning = false;
    if (trial || m_failures >= failureThreshold)
        m_openedAtMs = nowMs;
}

} // namespace notify
