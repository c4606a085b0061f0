#include "core/Clock.h"

#include <QDateTime>

namespace core {

qint64 SystemClock::nowMs() const
{
    return QDateTime::currentMSecsSinceEpoch();
}

} // namespace core
