#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace core {

// "250ms", "30s", "5m", "1h", "7d", or a combination such as "1h30m". Returns milliseconds.
std::optional<qint64> parseDuration(QStringView text);
// The shortest exact form: 90000 -> "1m30s", 0 -> "0s".
QString formatDuration(qint64 ms);

} // namespace core
