#include "services/Engine.h"

#include "ingest/ApiServer.h"
#include "services/AlertService.h"
#include "services/DataDirectory.h"
#include "services/DemoTraffic.h"
#include "notify/KeychainSecretStore.h"
#include "services/IngestPipeline.h"
#include "services/NotificationService.h"
#include "services/QueryService.h"
#include "services/StoreKeyResolver.h"
#include "storage/ApiKeyStore.h"
#include "storage/SqliteConnection.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QPointer>
#include <QSemaphore>
#include <QUrlQuery>

namespace services {

namespace {

// Runs `work` on `thread` and waits for it: the way to construct and destroy objects that must
// be created on the thread they serve from.
template<typename Work>
void runOn(QObject *anchor, Work work)
{
    QMetaObject::invokeMethod(anchor, work, Qt::BlockingQueuedConnection);
}

} // namespace

Engine::Engine(EngineConfig config, QObject *parent)
    : QObject(parent)
    , m_config(std::move(config))
{
    qRegisterMetaType<core::EventBatch>();
    qRegisterMetaType<QList<core::ServiceSummary>>();
    qRegisterMetaType<services::EngineStats>();
    m_serverThread.setObjectName(QStringLiteral("sentinel-http"));
    m_busThread.setObjectName(QStringLiteral("sentinel-bus"));
    m_demoThread.setObjectName(QStringLiteral("sentinel-demo"));
    m_rulesThread.setObjectName(QStringLiteral("sentinel-rules"));
    m_notifyThread.setObjectName(QStringLiteral("sentinel-notify"));
    qRegisterMetaType<QList<core::Alert>>();
    // Anchors: plain objects living on each thread, the context for work that must run there.
    for (auto [anchor, thread] : {std::pair{&m_serverAnchor, &m_serverThread}, std::pair{&m_busAnchor, &m_busThread},
                                  std::pair{&m_demoAnchor, &m_demoThread}, std::pair{&m_rulesAnchor, &m_rulesThread},
                                  std::pair{&m_notifyAnchor, &m_notifyThread}}) {
        *anchor = std::make_unique<QObject>();
        (*anchor)->moveToThread(thread);
    }
}

Engine::~Engine()
{
    stop();
}

QString Engine::dataDir() const
{
    return m_dataDir ? m_dataDir->path() : m_config.dataDir;
}

void Engine::localCall(const QByteArray &method, const QString &target, const QByteArray &body, QObject *context,
                       std::function<void(int, const QByteArray &)> done)
{
    if (!m_api) {
        QMetaObject::invokeMethod(context, [done] { done(503, QByteArrayLiteral("{\"error\":\"the engine is not running\"}")); }, Qt::QueuedConnection);
        return;
    }
    ingest::HttpRequest request;
    request.method = method;
    const QUrl url(target);
    request.path = url.path();
    request.query = QUrlQuery(url);
    request.body = body;
    QPointer<QObject> receiver(context);
    const QString actor = qEnvironmentVariable("USER", QStringLiteral("operator")) + QStringLiteral("@dashboard");
    // The answer hops to this engine's thread (the GUI's), which outlives every call; only there
    // is the receiver's QPointer checked, so a pane closed meanwhile is simply not told.
    QMetaObject::invokeMethod(m_api, [this, api = m_api, request, actor, receiver, done]() mutable {
        api->dispatchLocal(std::move(request), actor, [this, receiver, done](const ingest::HttpResponse &response) {
            QMetaObject::invokeMethod(this, [receiver, done, response] {
                if (receiver)
                    done(response.status, response.body);
            }, Qt::QueuedConnection);
        });
    }, Qt::QueuedConnection);
}

QString Engine::listenAddress() const
{
    return QStringLiteral("%1:%2").arg(m_config.listenAddress.toString()).arg(m_port);
}

QString Engine::start()
{
    m_dataDir = std::make_unique<DataDirectory>(m_config.dataDir);
    if (QString error = m_dataDir->prepare(); !error.isEmpty())
        return error;
    if (QString error = m_dataDir->lockForServer(); !error.isEmpty())
        return error;
    const QString databasePath = m_dataDir->databasePath();

    IngestPipeline::Options options;
    options.databasePath = databasePath;
    options.capacityEvents = m_config.queueCapacityEvents;
    options.maxEventsPerCommit = m_config.maxEventsPerCommit;
    options.retentionMs = qint64(m_config.retentionDays) * 86400000;
    m_config.limits.event.retentionMs = options.retentionMs;
    m_pipeline = std::make_unique<IngestPipeline>(options, &m_metrics, &m_clock);
    // The rule engine sees every committed event; when it falls behind, the writer waits.
    auto rulesGate = std::make_shared<QSemaphore>();
    m_pipeline->addConsumerGate(rulesGate, AlertService::backlogCapacity);
    if (const storage::StoreError error = m_pipeline->start(); error.isError()) {
        m_pipeline.reset();
        m_dataDir.reset();
        return error.message;
    }
    m_queries = std::make_unique<QueryService>(databasePath);
    m_metrics.gaugeCallback("sentinel_store_size_bytes", "Size of the database and its write-ahead log on disk.",
                            [databasePath] {
                                return double(QFileInfo(databasePath).size()
                                              + QFileInfo(databasePath + QStringLiteral("-wal")).size());
                            });

    m_bus = new LiveBus(&m_clock, [pipeline = m_pipeline.get()] {
        const core::QueueStatus status = pipeline->queueStatus();
        return std::pair{status.depthEvents, status.capacityEvents};
    });
    m_bus->moveToThread(&m_busThread);
    m_busThread.start();
    QMetaObject::invokeMethod(m_bus, &LiveBus::start, Qt::BlockingQueuedConnection);
    connect(m_pipeline.get(), &IngestPipeline::committed, m_bus, &LiveBus::addCommitted, Qt::QueuedConnection);
    connect(m_bus, &LiveBus::eventsArrived, this, &Engine::eventsArrived, Qt::QueuedConnection);
    connect(m_bus, &LiveBus::servicesUpdated, this, [this](const QList<core::ServiceSummary> &services) {
        m_lastServices = services;
        Q_EMIT servicesUpdated(services);
    }, Qt::QueuedConnection);
    connect(m_bus, &LiveBus::statsUpdated, this, [this](const EngineStats &stats) {
        m_lastStats = stats;
        Q_EMIT statsUpdated(stats);
    }, Qt::QueuedConnection);

    // Rules and alerts: on their own thread, fed every committed batch.
    m_rulesThread.start();
    QString alertsError;
    runOn(m_rulesAnchor.get(), [&] {
        m_alerts = new AlertService(databasePath, &m_clock, rulesGate);
        m_alerts->setDocumentRenderer(m_config.documents);
        alertsError = m_alerts->start();
    });
    connect(m_pipeline.get(), &IngestPipeline::committed, m_alerts, &AlertService::processCommitted, Qt::QueuedConnection);
    connect(m_alerts, &AlertService::alertsChanged, this, &Engine::alertsChanged, Qt::QueuedConnection);
    m_running = true;
    if (!alertsError.isEmpty()) {
        stop();
        return tr("cannot start the alert service: %1").arg(alertsError);
    }

    // Notifications: their own thread, so a slow receiver or keychain never delays an alert.
    m_notifyThread.start();
    QString notifyError;
    std::shared_ptr<core::SecretStore> secrets = m_config.secrets;
    if (!secrets) {
        // Keychain entries are scoped by data directory, so two Sentinels on one desktop differ.
        const QByteArray scope = QCryptographicHash::hash(QDir(m_dataDir->path()).canonicalPath().toUtf8(), QCryptographicHash::Sha256).toHex().left(12);
        secrets = std::make_shared<notify::KeychainSecretStore>(QString::fromLatin1(scope));
    }
    runOn(m_notifyAnchor.get(), [&] {
        m_notifications = new NotificationService(databasePath, &m_clock, secrets, {m_config.notifyRetryBaseMs, m_config.notifyCircuitOpenMs});
        notifyError = m_notifications->start();
    });
    connect(m_alerts, &AlertService::alertsChanged, m_notifications, &NotificationService::alertsChanged, Qt::QueuedConnection);
    if (!notifyError.isEmpty()) {
        stop();
        return tr("cannot start the notification service: %1").arg(notifyError);
    }

    m_serverThread.start();
    QString listenError;
    runOn(m_serverAnchor.get(), [&] {
        ingest::ApiServer::Dependencies deps;
        deps.sink = m_pipeline.get();
        deps.reader = m_queries.get();
        deps.keys = std::make_unique<StoreKeyResolver>(databasePath);
        deps.metrics = &m_metrics;
        deps.clock = &m_clock;
        deps.ids = &m_ids;
        m_api = new ingest::ApiServer(m_config.limits, std::move(deps));
        m_alerts->registerRoutes(m_api);
        m_notifications->registerRoutes(m_api);
        listenError = m_api->listen(m_config.listenAddress, m_config.listenPort);
        m_port = m_api->port();
    });
    connect(m_pipeline.get(), &IngestPipeline::committed, m_api, &ingest::ApiServer::publish, Qt::QueuedConnection);
    if (!listenError.isEmpty()) {
        stop();
        return tr("cannot listen on %1:%2: %3").arg(m_config.listenAddress.toString()).arg(m_config.listenPort).arg(listenError);
    }

    m_queries->activitySince(m_clock.nowMs() - core::ServiceActivity::windowMinutes * 60000,
                             [bus = m_bus](const core::ServiceActivity &activity) {
                                 QMetaObject::invokeMethod(bus, [bus, activity] { bus->seed(activity); }, Qt::QueuedConnection);
                             });
    if (m_config.demo) {
        if (QString error = startDemo(); !error.isEmpty()) {
            stop();
            return error;
        }
    }
    return {};
}

QString Engine::startDemo()
{
    // The demo posts through the real API with a real key, rotated on every start.
    storage::SqliteConnection connection;
    if (const storage::StoreError error =
            connection.open(m_dataDir->databasePath(), QStringLiteral("sentinel-demo-setup"));
        error.isError())
        return error.message;
    storage::ApiKeyStore keys(connection.database());
    storage::StoreError error;
    keys.revoke(QStringLiteral("demo"), m_clock.nowMs(), &error);
    error = {};
    const QString key = keys.create(QStringLiteral("demo"), {core::scopes::ingest}, m_clock.nowMs(), &error);
    if (error.isError())
        return tr("cannot create the demo API key: %1").arg(error.message);
    QString host = m_config.listenAddress.toString();
    if (m_config.listenAddress == QHostAddress::Any || m_config.listenAddress == QHostAddress::AnyIPv4)
        host = QStringLiteral("127.0.0.1");
    else if (m_config.listenAddress.protocol() == QAbstractSocket::IPv6Protocol)
        host = QLatin1Char('[') + host + QLatin1Char(']');
    const QUrl url(QStringLiteral("http://%1:%2/v1/events").arg(host).arg(m_port));
    localCall("POST", QStringLiteral("/v1/alerts/policies/import?mode=merge"), DemoTraffic::demoRules(), this,
              [](int status, const QByteArray &body) {
                  if (status != 200)
                      qWarning().noquote() << "demo rules were not imported:" << body;
              });
    m_demo = new DemoTraffic(url, key.toUtf8());
    m_demo->moveToThread(&m_demoThread);
    m_demoThread.start();
    QMetaObject::invokeMethod(m_demo, &DemoTraffic::start, Qt::QueuedConnection);
    return {};
}

void Engine::stop()
{
    if (!m_running && !m_pipeline)
        return;
    m_running = false;
    if (m_demo) {
        runOn(m_demoAnchor.get(), [this] { delete m_demo; });
        m_demo = nullptr;
        m_demoThread.quit();
        m_demoThread.wait();
    }
    if (m_api)
        runOn(m_serverAnchor.get(), [this] { m_api->beginShutdown(); });
    // Commits whatever is queued; each batch's 202 is posted to the server thread.
    if (m_pipeline)
        m_pipeline->stop();
    // Finishes the queries under way; their answers are posted to the server thread too.
    m_queries.reset();
    // Likewise the alert calls and committed batches still queued for the rules thread.
    if (m_alerts)
        runOn(m_rulesAnchor.get(), [] {});
    if (m_api) {
        // Queued replies run before this (one event queue, first in first out).
        runOn(m_serverAnchor.get(), [this] {
            m_api->closeAll();
            delete m_api;
        });
        m_api = nullptr;
    }
    m_serverThread.quit();
    m_serverThread.wait();
    if (m_alerts) {
        runOn(m_rulesAnchor.get(), [this] {
            m_alerts->stop();
            delete m_alerts;
        });
        m_alerts = nullptr;
    }
    m_rulesThread.quit();
    m_rulesThread.wait();
    // After the rules thread: its last alert changes are queued for notification first.
    if (m_notifications) {
        runOn(m_notifyAnchor.get(), [this] {
            m_notifications->stop();
            delete m_notifications;
        });
        m_notifications = nullptr;
    }
    m_notifyThread.quit();
    m_notifyThread.wait();
    if (m_bus) {
        runOn(m_busAnchor.get(), [this] { delete m_bus; });
        m_bus = nullptr;
    }
    m_busThread.quit();
    m_busThread.wait();
    m_queries.reset();
    m_pipeline.reset();
    m_dataDir.reset();
}

} // namespace services
