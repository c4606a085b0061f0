#include "core/Severity.h"

namespace core {

std::optional<Severity> parseSeverity(QStringView text)
{
    static constexpr struct {
        QLatin1StringView name;
        Severity value;
    } names[] = {{QLatin1StringView("INFO"), Severity::Info},
                 {QLatin1StringView("WARN"), Severity::Warn},
                 {QLatin1StringView("ERROR"), Severity::Error},
                 {QLatin1StringView("CRITICAL"), Severity::Critical}};
    for (const auto &entry : names) {
        if (text.compare(entry.name, Qt::CaseInsensitive) == 0)
            return entry.value;
    }
    return std::nullopt;
}

QString severityName(Severity severity)
{
    switch (severity) {
    case Severity::Info: return QStringLiteral("INFO");
    case Severity::Warn: return QStringLiteral("WARN");
    case Severity::Error: return QStringLiteral("ERROR");
    case Severity::Critical: return QStringLiteral("CRITICAL");
    }
    return QStringLiteral("INFO");
}

} // namespace core
