#include "services/IngestPipeline.h"

#include "storage/EventStoreWriter.h"

#include <QDateTime>

namespace services {

IngestPipeline::IngestPipeline(Options options, core::MetricsRegistry *metrics, const core::Clock *clock, QObject *parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_metrics(metrics)
    , m_clock(clock)
{
    m_latency = metrics->histogram("sentinel_ingest_commit_latency_seconds",
                                   "Time from a batch entering the queue to its durable commit.",
                                   {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5});
    m_commits = metrics->counter("sentinel_store_commits_total", "Transactions committed by the event writer.");
    metrics->gaugeCallback("sentinel_ingest_queue_depth", "Events waiting for the writer.",
                           [this] { return double(queueStatus().depthEvents); });
}

IngestPipeline::~IngestPipeline()
{
    stop();
}

storage::StoreError IngestPipeline::start()
{
    std::promise<storage::StoreError> opened;
    auto result = opened.get_future();
    m_writer = std::thread(&IngestPipeline::run, this, std::move(opened));
    storage::StoreError error = result.get();
    if (error.isError()) {
        m_writer.join();
        return error;
    }
    std::lock_guard lock(m_mutex);
    m_accepting = true;
    return {};
}

void IngestPipeline::stop()
{
    {
        std::lock_guard lock(m_mutex);
        m_accepting = false;
        m_stopping = true;
    }
    m_wake.notify_all();
    if (m_writer.joinable())
        m_writer.join();
}

void IngestPipeline::addConsumerGate(std::shared_ptr<QSemaphore> gate, int capacity)
{
    gate->release(capacity);
    m_gates.append({std::move(gate), capacity});
}

bool IngestPipeline::submit(core::EventList events, std::function<void(const core::CommitOutcome &)> done)
{
    {
        std::lock_guard lock(m_mutex);
        // A batch larger than the whole queue is still taken when the queue is empty, so no
        // valid request can be refused forever.
        if (!m_accepting || (m_depth > 0 && m_depth + events.size() > m_options.capacityEvents))
            return false;
        m_depth += events.size();
        m_queue.push_back({std::move(events), std::move(done), m_clock->nowMs()});
    }
    m_wake.notify_one();
    return true;
}

core::QueueStatus IngestPipeline::queueStatus() const
{
    std::lock_guard lock(m_mutex);
    return {m_depth, m_options.capacityEvents, m_lastCommitMs, m_storeWritable, m_storeError};
}

void IngestPipeline::run(std::promise<storage::StoreError> opened)
{
    storage::EventStoreWriter writer;
    if (storage::StoreError error = writer.open(m_options.databasePath); error.isError()) {
        opened.set_value(error);
        return;
    }
    qint64 lastRetentionMs = 0;
    const auto applyRetention = [&] {
        lastRetentionMs = m_clock->nowMs();
        storage::StoreError error;
        const QStringList dropped = writer.applyRetention(lastRetentionMs, m_options.retentionMs, &error);
        if (!dropped.isEmpty())
            Q_EMIT retentionApplied(dropped);
    };
    applyRetention();
    opened.set_value({});

    for (;;) {
        std::vector<Pending> work;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait_for(lock, std::chrono::seconds(1), [this] { return !m_queue.empty() || m_stopping; });
            if (m_queue.empty() && m_stopping)
                break;
            qsizetype taken = 0;
            while (!m_queue.empty() && (work.empty() || taken + m_queue.front().events.size() <= m_options.maxEventsPerCommit)) {
                taken += m_queue.front().events.size();
                work.push_back(std::move(m_queue.front()));
                m_queue.pop_front();
            }
        }
        if (!work.empty()) {
            QList<const core::EventList *> lists;
            lists.reserve(qsizetype(work.size()));
            for (const Pending &pending : work)
                lists.append(&pending.events);
            QList<QList<bool>> stored;
            const storage::StoreError error = writer.write(lists, &stored);
            const qint64 now = m_clock->nowMs();
            qsizetype taken = 0;
            for (const Pending &pending : work)
                taken += pending.events.size();
            {
                std::lock_guard lock(m_mutex);
                m_depth -= taken;
                m_storeWritable = !error.isError();
                m_storeError = error.message;
                if (!error.isError())
                    m_lastCommitMs = now;
            }
            auto fresh = std::make_shared<core::EventList>();
            for (size_t i = 0; i < work.size(); ++i) {
                core::CommitOutcome outcome;
                outcome.ok = !error.isError();
                outcome.error = error.message;
                if (outcome.ok) {
                    for (qsizetype j = 0; j < work[i].events.size(); ++j) {
                        if (stored[qsizetype(i)][j]) {
                            ++outcome.stored;
                            fresh->append(work[i].events[j]);
                        } else {
                            ++outcome.duplicates;
                        }
                    }
                    m_latency->observe(double(now - work[i].enqueuedMs) / 1000.0);
                }
                work[i].done(outcome);
            }
            if (!error.isError()) {
                m_commits->increment();
                if (!fresh->isEmpty()) {
                    for (const auto &[gate, capacity] : std::as_const(m_gates))
                        gate->acquire(int(std::min<qsizetype>(fresh->size(), capacity)));
                    Q_EMIT committed(core::EventBatch(std::move(fresh)));
                }
            }
        }
        if (m_clock->nowMs() - lastRetentionMs >= m_options.retentionIntervalMs)
            applyRetention();
    }
    writer.close();
}

} // namespace services
