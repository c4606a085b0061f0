#include "ingest/EventDecoder.h"

#include <simdjson.h>

namespace ingest {

struct EventDecoder::Parser
{
    simdjson::dom::parser parser;
};

namespace {

core::RawField rawField(simdjson::dom::element value)
{
    core::RawField field;
    switch (value.type()) {
    case simdjson::dom::element_type::STRING: {
        const std::string_view text = value.get_string().value_unsafe();
        field.kind = core::RawField::Kind::String;
        field.text = QString::fromUtf8(text.data(), qsizetype(text.size()));
        break;
    }
    case simdjson::dom::element_type::OBJECT: {
        field.kind = core::RawField::Kind::Object;
        const std::string compact = simdjson::minify(value);
        field.json = QByteArray(compact.data(), qsizetype(compact.size()));
        break;
    }
    default:
        field.kind = core::RawField::Kind::Other;
    }
    return field;
}

core::RawEvent rawEvent(simdjson::dom::object object)
{
    core::RawEvent event;
    for (const auto field : object) {
        const std::string_view key = field.key;
        if (key == "event_id")
            event.eventId = rawField(field.value);
        else if (key == "source")
            event.source = rawField(field.value);
        else if (key == "type")
            event.type = rawField(field.value);
        else if (key == "severity")
            event.severity = rawField(field.value);
        else if (key == "timestamp")
            event.timestamp = rawField(field.value);
        else if (key == "payload")
            event.payload = rawField(field.value);
        else
            event.unknownFields.append(QString::fromUtf8(key.data(), qsizetype(key.size())));
    }
    return event;
}

QString jsonError(simdjson::error_code code)
{
    return QStringLiteral("invalid JSON: %1").arg(QString::fromLatin1(simdjson::error_message(code)));
}

} // namespace

EventDecoder::EventDecoder()
    : m_parser(std::make_unique<Parser>())
{
}

EventDecoder::~EventDecoder() = default;

DecodedBatch EventDecoder::decode(const QByteArray &body, bool ndjson, qsizetype maxEvents)
{
    DecodedBatch batch;
    auto &parser = m_parser->parser;
    if (ndjson) {
        qsizetype index = 0;
        qsizetype start = 0;
        while (start < body.size()) {
            qsizetype end = body.indexOf('\n', start);
            if (end < 0)
                end = body.size();
            const QByteArrayView line = QByteArrayView(body).sliced(start, end - start).trimmed();
            start = end + 1;
            if (line.isEmpty())
                continue;
            if (index >= maxEvents) {
                batch.error = QStringLiteral("batch has more than %1 events").arg(maxEvents);
                batch.tooManyEvents = true;
                return batch;
            }
            simdjson::dom::element element;
            if (const auto error = parser.parse(line.data(), size_t(line.size())).get(element)) {
                batch.problems.append({index, QString(), jsonError(error)});
            } else if (!element.is_object()) {
                batch.problems.append({index, QString(), QStringLiteral("each line must be a JSON object")});
            } else {
                batch.events.append(rawEvent(element.get_object().value_unsafe()));
                batch.indices.append(index);
            }
            ++index;
        }
        if (index == 0)
            batch.error = QStringLiteral("the body holds no events");
        return batch;
    }

    simdjson::dom::element root;
    if (const auto error = parser.parse(body.constData(), size_t(body.size())).get(root)) {
        batch.error = jsonError(error);
        return batch;
    }
    if (root.is_object()) {
        batch.events.append(rawEvent(root.get_object().value_unsafe()));
        batch.indices.append(0);
    } else if (root.is_array()) {
        const simdjson::dom::array array = root.get_array().value_unsafe();
        if (qsizetype(array.size()) > maxEvents) {
            batch.error = QStringLiteral("batch has %1 events; the limit is %2").arg(array.size()).arg(maxEvents);
            batch.tooManyEvents = true;
            return batch;
        }
        if (array.size() == 0) {
            batch.error = QStringLiteral("the array holds no events");
            return batch;
        }
        qsizetype index = 0;
        for (const auto element : array) {
            if (element.is_object()) {
                batch.events.append(rawEvent(element.get_object().value_unsafe()));
                batch.indices.append(index);
            } else {
                batch.problems.append({index, QString(), QStringLiteral("must be a JSON object")});
            }
            ++index;
        }
    } else {
        batch.error = QStringLiteral("the body must be a JSON object, an array of objects, or NDJSON");
    }
    return batch;
}

} // namespace ingest
