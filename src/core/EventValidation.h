#pragma once

#include "core/EventRecord.h"

#include <QList>
#include <QString>
#include <optional>

namespace core {

// Limits an ingested event must respect. All configurable; the defaults are the documented ones.
struct EventLimits
{
    int maxSourceLength = 128;
    int maxTypeLength = 128;
    qsizetype maxPayloadBytes = 256 * 1024;
    qint64 maxFutureSkewMs = 24LL * 3600 * 1000; // clocks drift; a year-9999 stamp is a bug
    qint64 retentionMs = 90LL * 24 * 3600 * 1000; // older events would be deleted on arrival
};

// A JSON value as the decoder found it, before any rule of the contract is applied.
struct RawField
{
    enum class Kind { Missing, String, Object, Other };
    Kind kind = Kind::Missing;
    QString text;      // for String
    QByteArray json;   // for Object: compact JSON text
};

struct RawEvent
{
    RawField eventId;
    RawField source;
    RawField type;
    RawField severity;
    RawField timestamp;
    RawField payload;
    QStringList unknownFields;
};

// One problem with one item of a batch, as reported in the 400 body's "details".
struct FieldProblem
{
    qsizetype index = 0;
    QString field;
    QString problem;

    bool operator==(const FieldProblem &) const = default;
};

// Applies every rule of the EventRecord contract (DESIGN.md section 3). On success returns the
// normalised record (id still null when the client sent none; receipt time as timestamp when
// absent); otherwise appends every problem found, not just the first.
std::optional<EventRecord> validateEvent(const RawEvent &raw,
                                         qsizetype index,
                                         const EventLimits &limits,
                                         qint64 receivedMs,
                                         QList<FieldProblem> *problems);

} // namespace core
