#include "core/Rfc3339.h"

#include <QDateTime>

namespace core {

namespace {

bool readDigits(QStringView text, qsizetype pos, int count, int *value)
{
    if (pos + count > text.size())
        return false;
    int v = 0;
    for (int i = 0; i < count; ++i) {
        const QChar c = text[pos + i];
        if (c < u'0' || c > u'9')
            return false;
        v = v * 10 + (c.unicode() - u'0');
    }
    *value = v;
    return true;
}

bool expect(QStringView text, qsizetype pos, char16_t c)
{
    return pos < text.size() && text[pos] == QChar(c);
}

} // namespace

std::optional<qint64> parseRfc3339(QStringView text)
{
    int year, month, day, hour, minute, second;
    if (!readDigits(text, 0, 4, &year) || !expect(text, 4, u'-') || !readDigits(text, 5, 2, &month)
        || !expect(text, 7, u'-') || !readDigits(text, 8, 2, &day))
        return std::nullopt;
    if (!(expect(text, 10, u'T') || expect(text, 10, u't') || expect(text, 10, u' ')))
        return std::nullopt;
    if (!readDigits(text, 11, 2, &hour) || !expect(text, 13, u':') || !readDigits(text, 14, 2, &minute)
        || !expect(text, 16, u':') || !readDigits(text, 17, 2, &second))
        return std::nullopt;
    qsizetype pos = 19;
    int millis = 0;
    if (expect(text, pos, u'.')) {
        ++pos;
        int digits = 0;
        while (pos < text.size() && text[pos] >= u'0' && text[pos] <= u'9') {
            if (digits < 3)
                millis = millis * 10 + (text[pos].unicode() - u'0');
            ++digits;
            ++pos;
        }
        if (digits == 0)
            return std::nullopt;
        for (int d = digits; d < 3; ++d)
            millis *= 10;
    }
    int offsetMinutes = 0;
    if (expect(text, pos, u'Z') || expect(text, pos, u'z')) {
        ++pos;
    } else if (expect(text, pos, u'+') || expect(text, pos, u'-')) {
        const int sign = text[pos] == u'-' ? -1 : 1;
        int oh, om;
        if (!readDigits(text, pos + 1, 2, &oh) || !expect(text, pos + 3, u':') || !readDigits(text, pos + 4, 2, &om)
            || oh > 23 || om > 59)
            return std::nullopt;
        offsetMinutes = sign * (oh * 60 + om);
        pos += 6;
    } else {
        return std::nullopt;
    }
    if (pos != text.size())
        return std::nullopt;
    // RFC 3339 allows second 60 for leap seconds; Unix time has no place for it, so fold it.
    if (hour > 23 || minute > 59 || second > 60)
        return std::nullopt;
    const QDate date(year, month, day);
    if (!date.isValid())
        return std::nullopt;
    const qint64 days = date.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
    const qint64 secs = days * 86400 + hour * 3600 + minute * 60 + qMin(second, 59) - qint64(offsetMinutes) * 60;
    return secs * 1000 + millis;
}

QString formatRfc3339(qint64 unixMs)
{
    return QDateTime::fromMSecsSinceEpoch(unixMs, Qt::UTC).toString(Qt::ISODateWithMs);
}

} // namespace core
