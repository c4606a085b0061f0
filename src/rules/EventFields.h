#pragma once

#include "core/EventRecord.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace rules {

// An event with its payload parsed once, so every rule reads fields from the same object.
class EventFields final
{
public:
    explicit EventFields(const core::EventRecord &event);

    const core::EventRecord &event() const { return m_event; }
    // A dotted path: "source", "type", "severity", "event_id", "timestamp" or "payload.a.b".
    // Undefined when the path leads nowhere.
    QJsonValue value(const QString &path) const;
    // The value as a number (numbers, numeric strings and booleans), or NaN.
    double number(const QString &path) const;
    // The value as text for labels and group keys ("" when absent; numbers without trailing zeros).
    QString text(const QString &path) const;

private:
    const QJsonObject &payload() const;
    double readNumber(const QString &path) const;

    const core::EventRecord &m_event;
    // Parsed on first use: many matchers look at source and type only.
    mutable std::optional<QJsonObject> m_payload;
    // The last number read: many SLOs and rules read the same field of the same event.
    mutable QString m_lastNumberPath;
    mutable double m_lastNumber = 0;
};

bool isValidFieldPath(const QString &path);

} // namespace rules
