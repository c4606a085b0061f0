#pragma once

#include <QObject>
#include <QRandomGenerator>
#include <QUrl>

class QNetworkAccessManager;
class QTimer;

namespace services {

// `--demo`: a handful of services with realistic traffic and now and then an incident (an error
// burst, a latency spike, a service going silent), posted through the real HTTP ingestion path
// with a real API key, so everything downstream behaves exactly as in production.
// Lives on a thread of its own.
class DemoTraffic final : public QObject
{
    Q_OBJECT

public:
    DemoTraffic(QUrl eventsUrl, QByteArray apiKey, QObject *parent = nullptr);

    void start(); // call on the demo thread
    // Rules that make the simulated incidents visible as alerts: an import document (merged, so
    // an operator's edits to them are kept... unless they are identical, then unchanged).
    static QByteArray demoRules();
    void stop();

private:
    enum class Incident { None, ErrorBurst, LatencySpike, Silent };
    struct Service
    {
        QString name;
        QString endpoint;
        double requestsPerSecond;
        double baseLatencyMs;
        Incident incident = Incident::None;
        qint64 incidentEndsMs = 0;
    };
    void tick();
    void maybeStartIncident(qint64 now);
    QByteArray eventFor(Service &service, qint64 timestampMs);

    QUrl m_url;
    QByteArray m_key;
    QNetworkAccessManager *m_network = nullptr;
    QTimer *m_timer = nullptr;
    QRandomGenerator m_random;
    QList<Service> m_services;
    qint64 m_nextIncidentMs = 0;
    int m_inFlight = 0;
};

} // namespace services
