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

} // namespace bench
