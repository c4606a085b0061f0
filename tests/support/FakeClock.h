#pragma once

#include "core/Clock.h"

#include <atomic>

namespace testsupport {

// A clock the test moves by hand.
class FakeClock final : public core::Clock
{
public:
    explicit FakeClock(qint64 startMs = 1795392000000) // 2026-11-23T00:00:00Z
        : m_now(startMs)
    {
    }
    qint64 nowMs() const override { return m_now.load(); }
    void set(qint64 ms) { m_now.store(ms); }
    void advance(qint64 ms) { m_now.fetch_add(ms); }

private:
    std::atomic<qint64> m_now;
};

} // namespace testsupport
