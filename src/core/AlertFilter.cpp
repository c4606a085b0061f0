#include "core/AlertFilter.h"

namespace core {

bool AlertFilter::matches(const Alert &alert) const
{
    if (!source.isEmpty() && alert.source != source)
        return false;
    if (severity && alert.severity != *severity)
        return false;
    if (state)
        return alert.state == *state;
    return includeResolved || alert.state != AlertState::Resolved;
}

} // namespace core
