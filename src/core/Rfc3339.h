#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace core {

// Strict RFC 3339 date-time ("2026-11-23T15:21:24.123Z", "...+01:00"): a date, 'T' (or 't' / ' '),
// a time with optional fraction, and a mandatory offset. Returns Unix milliseconds (fraction
// beyond milliseconds is truncated). Qt's ISO parser is laxer: it accepts a missing offset and
// silently applies local time, which would misplace events by hours.
std::optional<qint64> parseRfc3339(QStringView text);

// Always UTC with exactly three fraction digits: the format every API answer uses.
QString formatRfc3339(qint64 unixMs);

} // namespace core
