#pragma once

#include <Qt>

namespace models {

// Roles every Sentinel model answers beside the standard ones: DisplayRole is formatted text,
// RawRole the number or timestamp behind it (what proxies sort and filter on).
enum Role {
    RawRole = Qt::UserRole + 1,
    EventRole,      // the whole core::EventRecord of a row
    SeverityRole,   // int(core::Severity)
};

} // namespace models
