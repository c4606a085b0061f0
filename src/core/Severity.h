#pragma once

#include <QString>
#include <QStringView>
#include <optional>

namespace core {

// Ordered so that comparisons express "at least as severe as".
enum class Severity : quint8 { Info = 0, Warn = 1, Error = 2, Critical = 3 };

// Accepts the contract's names case-insensitively ("error" and "ERROR"), nothing else.
std::optional<Severity> parseSeverity(QStringView text);
QString severityName(Severity severity);
inline constexpr int severityCount = 4;

} // namespace core
