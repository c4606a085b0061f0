#pragma once

#include "core/Clock.h"
#include "core/EventRecord.h"
#include "core/ServiceActivity.h"

#include <QList>
#include <QMetaType>
#include <QObject>
#include <QTimer>

namespace services {

struct EngineStats
{
    double eventsPerSecond = 0;
    qsizetype queueDepth = 0;
    qsizetype queueCapacity = 0;
    quint64 eventsTotal = 0;
};

// Turns the writer's per-commit batches into what a screen can absorb: the newest events at
// ~10 Hz (older ones of the same tick are counted, not sent) and per-service statistics at 1 Hz.
// Lives on a thread of its own so the GUI thread only ever receives ready-made batches.
class LiveBus final : public QObject
{
    Q_OBJECT

public:
    LiveBus(const core::Clock *clock, std::function<std::pair<qsizetype, qsizetype>()> queueDepth, QObject *parent = nullptr);

    void start(); // call on the bus thread
    void seed(const core::ServiceActivity &activity);
    void addCommitted(const core::EventBatch &batch);

    static constexpr qsizetype maxEventsPerTick = 2000;

Q_SIGNALS:
    void eventsArrived(const core::EventBatch &newest, qint64 skipped);
    void servicesUpdated(const QList<core::ServiceSummary> &services);
    void statsUpdated(const services::EngineStats &stats);

private:
    void flushEvents();
    void publishStatistics();

    const core::Clock *m_clock;
    std::function<std::pair<qsizetype, qsizetype>()> m_queueDepth;
    QTimer *m_eventTimer = nullptr;
    QTimer *m_statsTimer = nullptr;
    core::EventList m_pending;
    qint64 m_skipped = 0;
    core::ServiceActivity m_activity;
    bool m_live = false;
    quint64 m_total = 0;
    quint64 m_totalAtLastStats = 0;
    qint64 m_lastStatsMs = 0;
};

} // namespace services

Q_DECLARE_METATYPE(services::EngineStats)
