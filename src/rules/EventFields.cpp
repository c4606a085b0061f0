#include "rules/EventFields.h"

#include "core/Rfc3339.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <cmath>
#include <simdjson.h>
#include <string>

namespace rules {

namespace {

// Reads one number out of a payload without building a QJsonObject: SLIs and threshold rules
// read one field of every event, and simdjson's on-demand parser skips the rest (about ten
// times cheaper here than QJsonDocument for a typical payload).
double payloadNumber(const QByteArray &json, QStringView path)
{
    thread_local simdjson::ondemand::parser parser;
    thread_local std::string buffer;
    buffer.assign(json.constData(), size_t(json.size()));
    const size_t length = buffer.size();
    buffer.resize(length + simdjson::SIMDJSON_PADDING);
    std::string pointer;
    for (const QStringView part : path.split(u'.')) {
        pointer += '/';
        for (const char c : part.toUtf8()) {
            if (c == '~')
                pointer += "~0";
            else if (c == '/')
                pointer += "~1";
            else
                pointer += c;
        }
    }
    simdjson::ondemand::document document;
    if (parser.iterate(simdjson::padded_string_view(buffer.data(), length, buffer.size())).get(document))
        return std::nan("");
    simdjson::ondemand::value value;
    if (document.at_pointer(pointer).get(value))
        return std::nan("");
    simdjson::ondemand::json_type type;
    if (value.type().get(type))
        return std::nan("");
    switch (type) {
    case simdjson::ondemand::json_type::number: {
        double d = 0;
        return value.get_double().get(d) ? std::nan("") : d;
    }
    case simdjson::ondemand::json_type::boolean: {
        bool b = false;
        return value.get_bool().get(b) ? std::nan("") : (b ? 1.0 : 0.0);
    }
    case simdjson::ondemand::json_type::string: {
        std::string_view text;
        if (value.get_string().get(text))
            return std::nan("");
        bool ok = false;
        const double d = QString::fromUtf8(text.data(), qsizetype(text.size())).trimmed().toDouble(&ok);
        return ok ? d : std::nan("");
    }
    default:
        return std::nan("");
    }
}

} // namespace

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
    if (!m_payload && path.startsWith(QLatin1String("payload.")))
        return payloadNumber(m_event.payloadJson, QStringView(path).mid(8));
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
