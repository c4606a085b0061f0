#pragma once

#include "core/Alert.h"

#include <QJsonObject>

namespace core {

// The API representation of alerts and timeline entries (times as RFC 3339 UTC).
QJsonObject alertToJson(const core::Alert &alert);
QJsonObject timelineEntryToJson(const core::TimelineEntry &entry);

} // namespace core
