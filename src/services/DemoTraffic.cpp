#include "services/DemoTraffic.h"

#include "core/EventJson.h"

#include <QDateTime>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <cmath>

namespace services {

namespace {
constexpr int tickMs = 250;
}

DemoTraffic::DemoTraffic(QUrl eventsUrl, QByteArray apiKey, QObject *parent)
    : QObject(parent)
    , m_url(std::move(eventsUrl))
    , m_key(std::move(apiKey))
    , m_random(quint32(QDateTime::currentMSecsSinceEpoch()))
{
    m_services = {
        {QStringLiteral("checkout"), QStringLiteral("/api/cart"), 40, 120},
        {QStringLiteral("payments"), QStringLiteral("/api/charge"), 25, 180},
        {QStringLiteral("auth"), QStringLiteral("/oauth/token"), 60, 35},
        {QStringLiteral("search"), QStringLiteral("/api/search"), 80, 90},
        {QStringLiteral("inventory"), QStringLiteral("/api/stock"), 20, 60},
        {QStringLiteral("gateway"), QStringLiteral("/"), 120, 15},
        {QStringLiteral("notifications"), QStringLiteral("/api/push"), 10, 240},
    };
}

QByteArray DemoTraffic::demoRules()
{
    return QByteArrayLiteral(R"({"version": 1, "rules": [
 {"id": "demo-error-burst", "name": "Error burst", "severity": "ERROR", "match": {"min_severity": "ERROR"},
  "detector": {"kind": "threshold", "aggregate": "count", "window": "1m", "op": ">=", "value": 20},
  "for": "10s", "keep_firing_for": "30s", "group_by": ["source"], "labels": {"team": "demo"},
  "description": "More than 20 ERROR or CRITICAL events a minute from one service"},
 {"id": "demo-slow-responses", "name": "Slow responses", "severity": "WARN", "match": {"type": "http_request"},
  "detector": {"kind": "threshold", "field": "payload.latency_ms", "aggregate": "p95", "window": "1m", "op": ">", "value": 900},
  "for": "15s", "keep_firing_for": "30s", "group_by": ["source"], "labels": {"team": "demo"}},
 {"id": "demo-service-silent", "name": "Service silent", "severity": "CRITICAL",
  "detector": {"kind": "absence", "after": "20s"}, "group_by": ["source"], "labels": {"team": "demo"},
  "description": "No event at all from a service for 20 seconds"}
]})");
}

void DemoTraffic::start()
{
    m_network = new QNetworkAccessManager(this);
    m_timer = new QTimer(this);
    m_timer->setInterval(tickMs);
    connect(m_timer, &QTimer::timeout, this, &DemoTraffic::tick);
    m_timer->start();
    m_nextIncidentMs = QDateTime::currentMSecsSinceEpoch() + 8000; // the first one soon
}

void DemoTraffic::stop()
{
    if (m_timer)
        m_timer->stop();
}

void DemoTraffic::maybeStartIncident(qint64 now)
{
    for (Service &service : m_services) {
        if (service.incident != Incident::None && now >= service.incidentEndsMs)
            service.incident = Incident::None;
    }
    if (now < m_nextIncidentMs)
        return;
    Service &victim = m_services[m_random.bounded(int(m_services.size()))];
    const int kind = m_random.bounded(3);
    victim.incident = kind == 0 ? Incident::ErrorBurst : kind == 1 ? Incident::LatencySpike : Incident::Silent;
    victim.incidentEndsMs = now + 20000 + m_random.bounded(25000);
    m_nextIncidentMs = now + 30000 + m_random.bounded(30000);
}

QByteArray DemoTraffic::eventFor(Service &service, qint64 timestampMs)
{
    const bool burst = service.incident == Incident::ErrorBurst;
    const bool slow = service.incident == Incident::LatencySpike;
    // Log-normal latency: most requests near the base, a long tail.
    const double latency = service.baseLatencyMs * std::exp(0.45 * (m_random.generateDouble() * 2 - 1) * 2)
        * (slow ? 6 + m_random.generateDouble() * 6 : 1);
    int status = 200;
    const double roll = m_random.generateDouble();
    if (roll < (burst ? 0.35 : 0.004))
        status = burst && roll < 0.2 ? 503 : 500;
    else if (roll < (burst ? 0.40 : 0.02))
        status = 404;
    QString severity = QStringLiteral("INFO");
    QString type = QStringLiteral("http_request");
    QString message = QStringLiteral("%1 %2 -> %3 in %4 ms").arg(QStringLiteral("GET"), service.endpoint).arg(status).arg(int(latency));
    if (status >= 500) {
        // Mostly ERROR; a burst escalates to CRITICAL now and then, as a failing pool does.
        severity = burst && m_random.bounded(8) == 0 ? QStringLiteral("CRITICAL") : QStringLiteral("ERROR");
        message = QStringLiteral("upstream failure on %1: %2").arg(service.endpoint, status == 503 ? QStringLiteral("connection pool exhausted") : QStringLiteral("internal error"));
    } else if (latency > service.baseLatencyMs * 4) {
        severity = QStringLiteral("WARN");
        message = QStringLiteral("slow response on %1: %2 ms").arg(service.endpoint).arg(int(latency));
    }
    if (m_random.bounded(50) == 0) {
        type = QStringLiteral("deploy_check");
        message = QStringLiteral("health probe ok");
        severity = QStringLiteral("INFO");
    }
    QByteArray line("{\"source\":");
    core::appendJsonString(service.name, line);
    line.append(",\"type\":");
    core::appendJsonString(type, line);
    line.append(",\"severity\":\"").append(severity.toLatin1()).append("\",\"timestamp\":\"");
    line.append(QDateTime::fromMSecsSinceEpoch(timestampMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1());
    line.append("\",\"payload\":{\"endpoint\":");
    core::appendJsonString(service.endpoint, line);
    line.append(",\"status\":").append(QByteArray::number(status));
    line.append(",\"latency_ms\":").append(QByteArray::number(latency, 'f', 1));
    line.append(",\"host\":\"").append(service.name.toLatin1()).append('-').append(QByteArray::number(m_random.bounded(1, 4)));
    line.append("\",\"message\":");
    core::appendJsonString(message, line);
    line.append("}}\n");
    return line;
}

void DemoTraffic::tick()
{
    if (m_inFlight > 4)
        return; // never pile up requests against a busy server
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    maybeStartIncident(now);
    // Requests of all services interleave in time, as they would on the wire.
    QList<QPair<qint64, Service *>> arrivals;
    for (Service &service : m_services) {
        if (service.incident == Incident::Silent)
            continue;
        // Traffic breathes: a slow sine over minutes plus noise.
        const double wave = 1.0 + 0.3 * std::sin(double(now) / 90000.0 + double(service.name.size()));
        const double expected = service.requestsPerSecond * wave * tickMs / 1000.0;
        const int count = int(expected) + (m_random.generateDouble() < expected - int(expected) ? 1 : 0);
        for (int i = 0; i < count; ++i)
            arrivals.append({now - tickMs + m_random.bounded(tickMs), &service});
    }
    if (arrivals.isEmpty())
        return;
    std::sort(arrivals.begin(), arrivals.end(), [](const auto &a, const auto &b) { return a.first < b.first; });
    QByteArray body;
    for (const auto &[timestampMs, service] : arrivals)
        body.append(eventFor(*service, timestampMs));
    QNetworkRequest request(m_url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-ndjson"));
    request.setRawHeader("Authorization", "Bearer " + m_key);
    QNetworkReply *reply = m_network->post(request, body);
    ++m_inFlight;
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        --m_inFlight;
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 202)
            qWarning().noquote() << "demo traffic: server answered" << status << reply->readAll().left(300);
        reply->deleteLater();
    });
}

} // namespace services
