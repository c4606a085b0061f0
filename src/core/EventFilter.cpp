#include "core/EventFilter.h"

namespace core {

bool EventFilter::matches(const EventRecord &event) const
{
    if (event.severity < minSeverity)
        return false;
    if (!source.isEmpty() && event.source != source)
        return false;
    if (!type.isEmpty() && event.type != type)
        return false;
    if (text.isEmpty())
        return true;
    return event.source.contains(text, Qt::CaseInsensitive) || event.type.contains(text, Qt::CaseInsensitive)
        || QString::fromUtf8(event.payloadJson).contains(text, Qt::CaseInsensitive);
}

} // namespace core
