#include "rules/EventFields.h"

#include "core/Rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>

namespace rules {

EventFields::EventFields(const core::EventRecord &event)
    : m_event(event)
{
}

const QJsonObject &EventFields::payload() const
{
    if (!m_payload)
        m_payload = QJsonDocument::fromJson(m_event.payloadJson).object();
    return *m_payload;
}

QJsonValue EventFields::value(const QString &path) const
{
    if (path == QLatin1String("source"))
        return m_event.source;
    if (path == QLatin1String("type"))
        return m_event.type;
    if (path == QLatin1String("severity"))
        return core::severityName(m_event.severity);
    if (path == QLatin1String("event_id"))
        return m_event.eventId.toString(QUuid::WithoutBraces);
    if (path == QLatin1String("timestamp"))
        return core::formatRfc3339(m_event.timestampMs);
    if (!path.startsWith(QLatin1String("payload.")))
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue current = payload();
    for (const QStringView part : QStringView(path).mid(8).split(u'.')) {
        if (current.isObject()) {
            current = current.toObject().value(part.toString());
        } else if (current.isArray()) {
            bool ok = false;
            const int index = part.toInt(&ok);
            if (!ok)
                return QJsonValue(QJsonValue::Undefined);
            current = current.toArray().at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return current;
}

double EventFields::number(const QString &path) const
{
    if (m_lastNumberPath.isNull() || path != m_lastNumberPath) {
        m_lastNumberPath = path;
        m_lastNumber = readNumber(path);
    }
    return m_lastNumber;
}

double EventFields::readNumber(const QString &path) const
{
    const QJsonValue v = value(path);
    if (v.isDouble())
        return v.toDouble();
    if (v.isBool())
        return v.toBool() ? 1.0 : 0.0;
    if (v.isString()) {
        bool ok = false;
        const double d = v.toString().trimmed().toDouble(&ok);
        return ok ? d : std::nan("");
    }
    return std::nan("");
}

QString EventFields::text(const QString &path) const
{
    const QJsonValue v = value(path);
    if (v.isString())
        return v.toString();
    if (v.isDouble())
        return QString::number(v.toDouble(), 'g', 15);
    if (v.isBool())
        return v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (v.isObject() || v.isArray())
        return QString::fromUtf8(QJsonDocument(v.isObject() ? QJsonDocument(v.toObject()) : QJsonDocument(v.toArray())).toJson(QJsonDocument::Compact));
    return {};
}

bool isValidFieldPath(const QString &path)
{
    static const QStringList plain = {QStringLiteral("source"), QStringLiteral("type"), QStringLiteral("severity"),
                                      QStringLiteral("event_id"), QStringLiteral("timestamp")};
    if (plain.contains(path))
        return true;
    if (!path.startsWith(QLatin1String("payload.")) || path.size() == 8)
        return false;
    for (const QStringView part : QStringView(path).mid(8).split(u'.')) {
        if (part.isEmpty())
            return false;
    }
    return true;
}

} // namespace rules
