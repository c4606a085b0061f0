#pragma once

#include "core/EventRecord.h"

#include <QHash>
#include <QList>
#include <array>

namespace core {

struct ServiceSummary
{
    QString source;
    qint64 lastSeenMs = 0;
    double eventsPerMinute = 0;           // over the last 60 s
    std::optional<Severity> worstSeverity; // over the last 15 min; empty when quiet that long
    qint64 eventsLast15Min = 0;
};

// Per-service rolling statistics in one-minute buckets (event time). Pure and single-threaded:
// the owner feeds it batches and asks for a snapshot at a given time.
class ServiceActivity final
{
public:
    static constexpr int windowMinutes = 15;

    void add(const EventRecord &event);
    void add(const QString &source, qint64 timestampMs, Severity severity, qint64 count = 1);
    QList<ServiceSummary> summaries(qint64 nowMs) const;

private:
    struct Bucket
    {
        qint64 minute = -1; // minutes since epoch this bucket holds
        qint64 count = 0;
        int worst = -1;
    };
    struct Service
    {
        qint64 lastSeenMs = 0;
        std::array<Bucket, windowMinutes + 1> buckets{};
    };
    QHash<QString, Service> m_services;
};

} // namespace core
