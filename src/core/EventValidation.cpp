#include "core/EventValidation.h"

#include "core/Rfc3339.h"

#include <QCoreApplication>

namespace core {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("core::EventValidation", text);
}

// A non-empty name without control characters: these become table cells, filters and labels.
bool isPrintable(const QString &text)
{
    for (const QChar c : text) {
        if (c.category() == QChar::Other_Control)
            return false;
    }
    return true;
}

std::optional<QString> requiredName(const RawField &field,
                                    const char *name,
                                    int maxLength,
                                    qsizetype index,
                                    QList<FieldProblem> *problems)
{
    const QString fieldName = QString::fromLatin1(name);
    if (field.kind == RawField::Kind::Missing) {
        problems->append({index, fieldName, tr("is required")});
    } else if (field.kind != RawField::Kind::String) {
        problems->append({index, fieldName, tr("must be a string")});
    } else if (field.text.trimmed().isEmpty()) {
        problems->append({index, fieldName, tr("must not be empty")});
    } else if (field.text.size() > maxLength) {
        problems->append({index, fieldName, tr("is longer than %1 characters").arg(maxLength)});
    } else if (!isPrintable(field.text)) {
        problems->append({index, fieldName, tr("must not contain control characters")});
    } else {
        return field.text;
    }
    return std::nullopt;
}

} // namespace

std::optional<EventRecord> validateEvent(const RawEvent &raw,
                                         qsizetype index,
                                         const EventLimits &limits,
                                         qint64 receivedMs,
                                         QList<FieldProblem> *problems)
{
    const qsizetype problemsBefore = problems->size();
    EventRecord record;
    record.receivedMs = receivedMs;

    for (const QString &unknown : raw.unknownFields)
        problems->append({index, unknown, tr("is not a field of an event; put custom data in payload")});

    if (raw.eventId.kind == RawField::Kind::String) {
        const QUuid id = QUuid::fromString(raw.eventId.text);
        if (id.isNull() || raw.eventId.text.size() != 36)
            problems->append({index, QStringLiteral("event_id"), tr("must be a UUID such as 0190c9a4-3f1e-7a2b-8c3d-4e5f60718293")});
        else
            record.eventId = id;
    } else if (raw.eventId.kind != RawField::Kind::Missing) {
        problems->append({index, QStringLiteral("event_id"), tr("must be a string")});
    }

    if (auto source = requiredName(raw.source, "source", limits.maxSourceLength, index, problems))
        record.source = *source;
    if (auto type = requiredName(raw.type, "type", limits.maxTypeLength, index, problems))
        record.type = *type;

    if (raw.severity.kind == RawField::Kind::Missing) {
        problems->append({index, QStringLiteral("severity"), tr("is required")});
    } else if (raw.severity.kind != RawField::Kind::String) {
        problems->append({index, QStringLiteral("severity"), tr("must be a string")});
    } else if (const auto severity = parseSeverity(raw.severity.text)) {
        record.severity = *severity;
    } else {
        problems->append({index, QStringLiteral("severity"), tr("must be one of INFO, WARN, ERROR, CRITICAL")});
    }

    if (raw.payload.kind == RawField::Kind::Missing) {
        problems->append({index, QStringLiteral("payload"), tr("is required (use {} for none)")});
    } else if (raw.payload.kind != RawField::Kind::Object) {
        problems->append({index, QStringLiteral("payload"), tr("must be a JSON object")});
    } else if (raw.payload.json.size() > limits.maxPayloadBytes) {
        problems->append({index, QStringLiteral("payload"), tr("is larger than %1 bytes").arg(limits.maxPayloadBytes)});
    } else {
        record.payloadJson = raw.payload.json;
    }

    if (raw.timestamp.kind == RawField::Kind::Missing) {
        record.timestampMs = receivedMs;
    } else if (raw.timestamp.kind != RawField::Kind::String) {
        problems->append({index, QStringLiteral("timestamp"), tr("must be an RFC 3339 string")});
    } else if (const auto ms = parseRfc3339(raw.timestamp.text)) {
        if (*ms > receivedMs + limits.maxFutureSkewMs)
            problems->append({index, QStringLiteral("timestamp"), tr("is more than %1 hours in the future").arg(limits.maxFutureSkewMs / 3600000)});
        else if (*ms < receivedMs - limits.retentionMs)
            problems->append({index, QStringLiteral("timestamp"), tr("is older than the retention period of %1 days").arg(limits.retentionMs / 86400000)});
        else
            record.timestampMs = *ms;
    } else {
        problems->append({index, QStringLiteral("timestamp"), tr("must be RFC 3339 with an offset, e.g. 2026-11-23T15:21:24.123Z")});
    }

    if (problems->size() != problemsBefore)
        return std::nullopt;
    return record;
}

} // namespace core
