#include "core/ServiceActivity.h"

#include <algorithm>

namespace core {

void ServiceActivity::add(const EventRecord &event)
{
    add(event.source, event.timestampMs, event.severity);
}

void ServiceActivity::add(const QString &source, qint64 timestampMs, Severity severity, qint64 count)
{
    Service &service = m_services[source];
    service.lastSeenMs = std::max(service.lastSeenMs, timestampMs);
    const qint64 minute = timestampMs / 60000;
    Bucket &bucket = service.buckets[static_cast<size_t>(minute % qint64(service.buckets.size()))];
    if (bucket.minute < minute) {
        bucket = Bucket{minute, 0, -1};
    } else if (bucket.minute > minute) {
        return; // older than the window this ring still holds
    }
    bucket.count += count;
    bucket.worst = std::max(bucket.worst, int(severity));
}

QList<ServiceSummary> ServiceActivity::summaries(qint64 nowMs) const
{
    QList<ServiceSummary> result;
    result.reserve(m_services.size());
    const qint64 nowMinute = nowMs / 60000;
    const double elapsedFraction = double(nowMs % 60000) / 60000.0;
    for (auto it = m_services.cbegin(); it != m_services.cend(); ++it) {
        ServiceSummary summary;
        summary.source = it.key();
        summary.lastSeenMs = it->lastSeenMs;
        int worst = -1;
        double perMinute = 0;
        for (const Bucket &bucket : it->buckets) {
            const qint64 age = nowMinute - bucket.minute;
            if (bucket.minute < 0 || age < 0 || age >= windowMinutes)
                continue;
            summary.eventsLast15Min += bucket.count;
            worst = std::max(worst, bucket.worst);
            // A sliding 60 s: all of this minute and the part of the last one still inside it.
            if (age == 0)
                perMinute += double(bucket.count);
            else if (age == 1)
                perMinute += double(bucket.count) * (1.0 - elapsedFraction);
        }
        summary.eventsPerMinute = perMinute;
        if (worst >= 0)
            summary.worstSeverity = Severity(worst);
        result.append(summary);
    }
    std::sort(result.begin(), result.end(), [](const auto &a, const auto &b) { return a.source < b.source; });
    return result;
}

} // namespace core
