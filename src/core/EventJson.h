#pragma once

#include "core/EventRecord.h"

#include <QByteArray>

namespace core {

// Appends the event's API representation ({"event_id", "source", "type", "severity",
// "timestamp", "payload"}) to out. The stored payload is already compact JSON, so it is embedded
// as is rather than re-parsed.
void appendEventJson(const EventRecord &event, QByteArray &out);
QByteArray eventJson(const EventRecord &event);

// Appends text as a JSON string literal, quotes included.
void appendJsonString(QStringView text, QByteArray &out);

} // namespace core
