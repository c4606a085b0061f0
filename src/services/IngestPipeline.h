#pragma once

#include "core/Clock.h"
#include "core/Interfaces.h"
#include "core/Metrics.h"
#include "storage/StoreError.h"

#include <QObject>
#include <QSemaphore>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>

namespace services {

// The bounded queue between ingestion and the store, and the one writer thread that drains it.
// Every wake-up commits everything queued as one transaction (group commit), then answers each
// batch's callback and emits the newly stored events. Thread-safe; the object itself lives on
// the thread that created it, the writer on a std::thread of its own.
class IngestPipeline final : public QObject, public core::EventSink
{
    Q_OBJECT

public:
    struct Options
    {
        QString databasePath;
        qsizetype capacityEvents = 200000;
        qsizetype maxEventsPerCommit = 20000;
        qint64 retentionMs = 90LL * 86400000;
        qint64 retentionIntervalMs = 3600000;
    };

    IngestPipeline(Options options, core::MetricsRegistry *metrics, const core::Clock *clock, QObject *parent = nullptr);
    ~IngestPipeline() override;

    // Opens the store on the writer thread, applies retention once, and starts draining.
    storage::StoreError start();
    // Stops taking batches, commits everything queued, closes the store. Idempotent.
    void stop();

    // A consumer that must see every committed event (the rule engine) and may fall behind:
    // before publishing a batch the writer takes that many permits, and waits while the
    // consumer holds `capacity` unprocessed events. The consumer releases what it has processed.
    // So ingestion slows to the consumer's pace instead of memory growing. Call before start().
    void addConsumerGate(std::shared_ptr<QSemaphore> gate, int capacity);

    bool submit(core::EventList events, std::function<void(const core::CommitOutcome &)> done) override;
    core::QueueStatus queueStatus() const override;

Q_SIGNALS:
    // Emitted on the writer thread after each commit with the events that were new.
    void committed(const core::EventBatch &events);
    void retentionApplied(const QStringList &droppedPartitions);

private:
    struct Pending
    {
        core::EventList events;
        std::function<void(const core::CommitOutcome &)> done;
        qint64 enqueuedMs = 0;
    };
    void run(std::promise<storage::StoreError> opened);

    Options m_options;
    core::MetricsRegistry *m_metrics;
    const core::Clock *m_clock;
    core::Histogram *m_latency;
    core::Counter *m_commits;

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Pending> m_queue;
    qsizetype m_depth = 0;
    bool m_accepting = false;
    bool m_stopping = false;
    qint64 m_lastCommitMs = 0;
    bool m_storeWritable = true;
    QString m_storeError;
    std::thread m_writer;
    QList<QPair<std::shared_ptr<QSemaphore>, int>> m_gates;
};

} // namespace services
