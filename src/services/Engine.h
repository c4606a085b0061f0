#pragma once

#include "core/Alert.h"
#include "core/Clock.h"
#include "core/EventId.h"
#include "core/Metrics.h"
#include "services/EngineConfig.h"
#include "services/LiveBus.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace ingest {
class ApiServer;
}

namespace services {

class AlertService;
class DataDirectory;
class DemoTraffic;
class IngestPipeline;
class NotificationService;
class QueryService;

// The whole Sentinel engine: data directory, store writer and reader, HTTP/WebSocket server,
// live bus and (with --demo) the traffic simulator, each on its own thread. The dashboard and
// `--headless` both run exactly this. Lives on the thread that created it (normally the main
// thread) and only hands finished batches to it.
class Engine final : public QObject
{
    Q_OBJECT

public:
    explicit Engine(EngineConfig config, QObject *parent = nullptr);
    ~Engine() override;

    // Empty on success; otherwise one line that says what is wrong, and nothing is running.
    QString start();
    // Stops accepting, drains and commits the queue, answers pending requests, closes the store.
    void stop();

    QString listenAddress() const; // host:port actually bound
    quint16 port() const { return m_port; }
    QString dataDir() const;

    // The dashboard's way into the API: the same handlers, validation and audit as HTTP, run off
    // the GUI thread; `done` runs on `context`'s thread with the status and JSON body.
    void localCall(const QByteArray &method, const QString &target, const QByteArray &body, QObject *context,
                   std::function<void(int status, const QByteArray &body)> done);
    QueryService *queries() const { return m_queries.get(); }
    core::MetricsRegistry *metrics() { return &m_metrics; }
    // The latest snapshots, so a window opened later starts populated instead of waiting a tick.
    QList<core::ServiceSummary> lastServices() const { return m_lastServices; }
    EngineStats lastStats() const { return m_lastStats; }

Q_SIGNALS:
    void alertsChanged(const QList<core::Alert> &alerts);
    void eventsArrived(const core::EventBatch &newest, qint64 skipped);
    void servicesUpdated(const QList<core::ServiceSummary> &services);
    void statsUpdated(const services::EngineStats &stats);

private:
    QString startDemo();

    EngineConfig m_config;
    core::SystemClock m_clock;
    core::EventIdGenerator m_ids;
    core::MetricsRegistry m_metrics;
    std::unique_ptr<DataDirectory> m_dataDir;
    std::unique_ptr<IngestPipeline> m_pipeline;
    std::unique_ptr<QueryService> m_queries;
    // Declared before the threads so they are destroyed after them (the threads are stopped).
    std::unique_ptr<QObject> m_serverAnchor;
    std::unique_ptr<QObject> m_busAnchor;
    std::unique_ptr<QObject> m_demoAnchor;
    std::unique_ptr<QObject> m_rulesAnchor;
    std::unique_ptr<QObject> m_notifyAnchor;
    QThread m_serverThread;
    ingest::ApiServer *m_api = nullptr;
    QThread m_busThread;
    LiveBus *m_bus = nullptr;
    QThread m_demoThread;
    QThread m_rulesThread;
    QThread m_notifyThread;
    NotificationService *m_notifications = nullptr;
    AlertService *m_alerts = nullptr;
    DemoTraffic *m_demo = nullptr;
    QList<core::ServiceSummary> m_lastServices;
    EngineStats m_lastStats;
    quint16 m_port = 0;
    bool m_running = false;
};

} // namespace services
