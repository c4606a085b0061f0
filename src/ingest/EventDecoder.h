#pragma once

#include "core/EventValidation.h"

#include <QByteArray>
#include <QList>
#include <memory>

namespace ingest {

struct DecodedBatch
{
    QList<core::RawEvent> events;
    QList<qsizetype> indices;           // position of each event in the body, for error details
    QList<core::FieldProblem> problems; // items that are not JSON objects or not JSON at all
    QString error;                      // the body as a whole is unusable
    bool tooManyEvents = false;         // error is about the batch length (413, not 400)
};

// Turns a request body into raw events with simdjson (measured ~16x faster than QJsonDocument
// on this machine): one JSON object, a JSON array of objects, or NDJSON (one object per line).
// Payloads are re-emitted compact. Not thread-safe: one decoder per thread (it reuses buffers).
class EventDecoder final
{
public:
    EventDecoder();
    ~EventDecoder();
    Q_DISABLE_COPY_MOVE(EventDecoder)

    DecodedBatch decode(const QByteArray &body, bool ndjson, qsizetype maxEvents);

private:
    struct Parser;
    std::unique_ptr<Parser> m_parser;
};

} // namespace ingest
