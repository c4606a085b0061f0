#include "core/Alert.h"

namespace core {

QString alertStateName(AlertState state)
{
    switch (state) {
    case AlertState::Open: return QStringLiteral("OPEN");
    case AlertState::Acknowledged: return QStringLiteral("ACK");
    case AlertState::Resolved: return QStringLiteral("RESOLVED");
    }
    return QStringLiteral("OPEN");
}

} // namespace core
