#include "services/LiveBus.h"

namespace services {

LiveBus::LiveBus(const core::Clock *clock, std::function<std::pair<qsizetype, qsizetype>()> queueDepth, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_queueDepth(std::move(queueDepth))
{
}

void LiveBus::start()
{
    m_eventTimer = new QTimer(this);
    m_eventTimer->setInterval(100);
    connect(m_eventTimer, &QTimer::timeout, this, &LiveBus::flushEvents);
    m_eventTimer->start();
    m_statsTimer = new QTimer(this);
    m_statsTimer->setInterval(1000);
    connect(m_statsTimer, &QTimer::timeout, this, &LiveBus::publishStatistics);
    m_statsTimer->start();
    m_lastStatsMs = m_clock->nowMs();
}

void LiveBus::seed(const core::ServiceActivity &activity)
{
    if (!m_live)
        m_activity = activity;
    publishStatistics();
}

void LiveBus::addCommitted(const core::EventBatch &batch)
{
    m_live = true;
    m_total += quint64(batch->size());
    for (const core::EventRecord &event : *batch)
        m_activity.add(event);
    // Keep only the newest events of this tick; a screen cannot show more anyway.
    const qsizetype overflow = m_pending.size() + batch->size() - maxEventsPerTick;
    if (overflow > 0) {
        const qsizetype fromPending = qMin(overflow, m_pending.size());
        m_pending.remove(0, fromPending);
        m_skipped += fromPending;
        const qsizetype fromBatch = overflow - fromPending;
        m_skipped += fromBatch;
        m_pending.append(batch->mid(fromBatch));
    } else {
        m_pending.append(*batch);
    }
}

void LiveBus::flushEvents()
{
    if (m_pending.isEmpty())
        return;
    auto batch = std::make_shared<core::EventList>();
    batch->swap(m_pending);
    const qint64 skipped = m_skipped;
    m_skipped = 0;
    Q_EMIT eventsArrived(core::EventBatch(std::move(batch)), skipped);
}

void LiveBus::publishStatistics()
{
    const qint64 now = m_clock->nowMs();
    EngineStats stats;
    const qint64 elapsed = qMax<qint64>(1, now - m_lastStatsMs);
    stats.eventsPerSecond = double(m_total - m_totalAtLastStats) * 1000.0 / double(elapsed);
    stats.eventsTotal = m_total;
    const auto [depth, capacity] = m_queueDepth();
    stats.queueDepth = depth;
    stats.queueCapacity = capacity;
    m_totalAtLastStats = m_total;
    m_lastStatsMs = now;
    Q_EMIT statsUpdated(stats);
    Q_EMIT servicesUpdated(m_activity.summaries(now));
}

} // namespace services
