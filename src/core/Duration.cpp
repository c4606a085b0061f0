#include "core/Duration.h"

namespace core {

namespace {
struct Unit
{
    const char *suffix;
    qint64 ms;
};
constexpr Unit units[] = {{"d", 86400000}, {"h", 3600000}, {"m", 60000}, {"s", 1000}, {"ms", 1}};
} // namespace

std::optional<qint64> parseDuration(QStringView text)
{
    if (text.isEmpty())
        return std::nullopt;
    qint64 total = 0;
    qsizetype pos = 0;
    while (pos < text.size()) {
        qint64 number = 0;
        const qsizetype digitsStart = pos;
        while (pos < text.size() && text[pos].isDigit()) {
            number = number * 10 + (text[pos].unicode() - u'0');
            if (number > (qint64(1) << 40))
                return std::nullopt;
            ++pos;
        }
        if (pos == digitsStart)
            return std::nullopt;
        qint64 unitMs = 0;
        if (text.mid(pos).startsWith(u"ms")) {
            unitMs = 1;
            pos += 2;
        } else if (pos < text.size()) {
            switch (text[pos].unicode()) {
            case u'd': unitMs = 86400000; break;
            case u'h': unitMs = 3600000; break;
            case u'm': unitMs = 60000; break;
            case u's': unitMs = 1000; break;
            default: return std::nullopt;
            }
            ++pos;
        } else {
            return std::nullopt; // a bare number has no unit
        }
        total += number * unitMs;
    }
    return total;
}

QString formatDuration(qint64 ms)
{
    if (ms == 0)
        return QStringLiteral("0s");
    QString out;
    for (const Unit &unit : units) {
        if (ms >= unit.ms) {
            out += QString::number(ms / unit.ms) + QLatin1String(unit.suffix);
            ms %= unit.ms;
        }
    }
    return out;
}

} // namespace core
