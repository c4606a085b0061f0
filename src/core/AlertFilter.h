#pragma once

#include "core/Alert.h"

#include <optional>

namespace core {

// What the Alerts pane shows: the one predicate, tested in core, used by its proxy model.
struct AlertFilter
{
    QString source;                        // exact; empty = any
    std::optional<Severity> severity;      // exact; none = any
    std::optional<AlertState> state;       // exact; none = unresolved (OPEN and ACK)
    bool includeResolved = false;          // with no state: also RESOLVED

    bool matches(const Alert &alert) const;
};

} // namespace core
