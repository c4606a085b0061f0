#pragma once

#include "core/EventRecord.h"

#include <QString>

namespace core {

// The one definition of "this event matches what the user asked for", shared by the live
// stream, the dashboard's proxy models and the tests.
struct EventFilter
{
    QString source; // exact match; empty = any
    QString type;   // exact match; empty = any
    Severity minSeverity = Severity::Info;
    QString text;   // case-insensitive substring of source, type or payload; empty = any

    bool isEmpty() const { return source.isEmpty() && type.isEmpty() && minSeverity == Severity::Info && text.isEmpty(); }
    bool matches(const EventRecord &event) const;
};

} // namespace core
