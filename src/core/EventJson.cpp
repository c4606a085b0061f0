#include "core/EventJson.h"

#include "core/Rfc3339.h"

namespace core {

void appendJsonString(QStringView text, QByteArray &out)
{
    static constexpr char hex[] = "0123456789abcdef";
    const QByteArray utf8 = text.toUtf8();
    out.reserve(out.size() + utf8.size() + 2);
    out.append('"');
    for (const char ch : utf8) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out.append("\\\""); break;
        case '\\': out.append("\\\\"); break;
        case '\n': out.append("\\n"); break;
        case '\r': out.append("\\r"); break;
        case '\t': out.append("\\t"); break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.append(hex[c >> 4]);
                out.append(hex[c & 0xF]);
            } else {
                out.append(ch);
            }
        }
    }
    out.append('"');
}

void appendEventJson(const EventRecord &event, QByteArray &out)
{
    out.append("{\"event_id\":\"");
    out.append(event.eventId.toByteArray(QUuid::WithoutBraces));
    out.append("\",\"source\":");
    appendJsonString(event.source, out);
    out.append(",\"type\":");
    appendJsonString(event.type, out);
    out.append(",\"severity\":\"");
    out.append(severityName(event.severity).toLatin1());
    out.append("\",\"timestamp\":\"");
    out.append(formatRfc3339(event.timestampMs).toLatin1());
    out.append("\",\"payload\":");
    out.append(event.payloadJson.isEmpty() ? QByteArray("{}") : event.payloadJson);
    out.append('}');
}

QByteArray eventJson(const EventRecord &event)
{
    QByteArray out;
    appendEventJson(event, out);
    return out;
}

} // namespace core
