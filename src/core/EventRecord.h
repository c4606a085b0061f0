#pragma once

#include "core/Severity.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QUuid>
#include <memory>

namespace core {

// One event as stored (DESIGN.md section 3). Times are milliseconds since the Unix epoch, UTC.
struct EventRecord
{
    QUuid eventId;
    QString source;
    QString type;
    Severity severity = Severity::Info;
    qint64 timestampMs = 0;
    qint64 receivedMs = 0;
    QByteArray payloadJson; // a compact JSON object, exactly as it will be served back
};

using EventList = QList<EventRecord>;
// Committed events travel between threads as one shared, immutable batch.
using EventBatch = std::shared_ptr<const EventList>;

} // namespace core

Q_DECLARE_METATYPE(core::EventRecord)
Q_DECLARE_METATYPE(core::EventBatch)
