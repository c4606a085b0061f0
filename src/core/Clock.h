#pragma once

#include <QtGlobal>

namespace core {

// Engines read wall-clock time only through this, so tests can drive it.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual qint64 nowMs() const = 0;
};

class SystemClock final : public Clock
{
public:
    qint64 nowMs() const override;
};

} // namespace core
