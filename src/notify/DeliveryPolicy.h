#pragma once

#include <QtGlobal>
#include <optional>

namespace notify {

// When to try a failed notification again: 1, 2, 4, 8 and 16 s after the failures (with up
// to ±20 % jitter so a recovering receiver is not hit by every sender at once); after the sixth
// attempt fails it is dead-lettered. A receiver's Retry-After is honoured when it asks for
// longer.
struct RetryPolicy
{
    static constexpr int maxAttempts = 6;
    // The delay after attempt number `attempt` (1-based) failed, or nothing when that was the
    // last. `jitter` in [-1, 1] scales the ±20 %; `baseMs` is the first delay (doubling after).
    static std::optional<qint64> delayAfter(int attempt, double jitter, qint64 retryAfterMs = 0, qint64 baseMs = 1000);
};

// Per channel: 5 consecutive failures open the circuit; after 60 s one trial is let through
// (half-open); its success closes the circuit, its failure opens it for another 60 s.
class CircuitBreaker final
{
public:
    enum class State { Closed, Open, HalfOpen };
    static constexpr int failureThreshold = 5;
    explicit CircuitBreaker(qint64 openForMs = 60000)
        : m_openForMs(openForMs)
    {
    }

    State state(qint64 nowMs) const;
    // Whether a send may start now; in half-open, only one at a time.
    bool allows(qint64 nowMs) const;
    void started(qint64 nowMs);
    void succeeded();
    void failed(qint64 nowMs);
    int consecutiveFailures() const { return m_failures; }
    qint64 reopensAtMs() const { return m_openedAtMs + m_openForMs; }

private:
    qint64 m_openForMs;
    int m_failures = 0;
    qint64 m_openedAtMs = -1;
    bool m_trialRunning = false;
};

} // namespace notify
