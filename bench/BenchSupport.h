#pragma once

// What both benchmarks need: a real `sentinel --headless` process, an API key, and a minimal
// blocking HTTP client on loopback (one per thread, no Qt event loop in the measuring path).
#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QTemporaryDir>
#include <vector>

namespace bench {

struct Server
{
    QTemporaryDir dir;
    QProcess process;
    quint16 port = 0;
    QByteArray key;
};

// Creates a key with `scopes` and starts the server; false with a message on failure.
bool startServer(Server &server, const QString &scopes);
void stopServer(Server &server);

int connectTo(quint16 port);
bool sendAll(int fd, const QByteArray &data);
// Reads one response with a Content-Length body into `body`; returns the status, 0 on failure.
int readResponse(int fd, QByteArray &buffer, QByteArray *body = nullptr);
QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &key, const QByteArray &body = {});
double percentile(std::vector<double> values, double q);
// N rules as an import document: N-1 that watch sources svc-0..svc-99 without firing (counts,
// p95 windows, raw thresholds, grouped by payload.host) and one, "probe", that fires on
// {"source": "probe", "payload": {"probe": 1}}.
QByteArray ruleDocument(int count);
bool importRules(const Server &server, int count);

// A batch of `batch` events from six services, as POST /v1/events bytes.
QByteArray makeRequest(const QByteArray &key, int batch, int seed);

struct ThroughputResult
{
    qint64 acknowledged = 0;
    double seconds = 0;
    double eventsPerSecond = 0;
    double p50Ms = 0;
    double p99Ms = 0;
    int failures = 0;
};
// Every connection sends its next batch as soon as the previous one is acknowledged.
ThroughputResult measureThroughput(quint16 port, const QByteArray &key, qint64 events, int batch, int connections);

} // namespace bench
