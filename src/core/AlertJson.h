#pragma once

#include "core/Alert.h"

#include <QJsonObject>

namespace core {

// The API representation of alerts and timeline entries (times as RFC 3339 UTC).
QJsonObject alertToJson(const core::Alert &alert);
// The inverse, for alerts kept as JSON (the notification outbox).
Alert alertFromJson(const QJsonObject &json);
QJsonObject timelineEntryToJson(const core::TimelineEntry &entry);

} // namespace core
