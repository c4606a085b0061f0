#include "BenchSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <algorithm>
#include <atomic>
#include <chrono>
#include <thread>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

namespace bench {

using Clock = std::chrono::steady_clock;

bool startServer(Server &server, const QString &scopes)
{
    QProcess keyCommand;
    keyCommand.start(QStringLiteral(SENTINEL_BINARY), {QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--name"),
                                                      QStringLiteral("bench"), QStringLiteral("--scopes"), scopes,
                                                      QStringLiteral("--data-dir"), server.dir.path()});
    keyCommand.waitForFinished();
    server.key = keyCommand.readAllStandardOutput().trimmed();
    server.process.start(QStringLiteral(SENTINEL_BINARY), {QStringLiteral("--headless"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                                          QStringLiteral("--data-dir"), server.dir.path()});
    QByteArray out;
    for (int i = 0; i < 100 && !out.contains('\n'); ++i) {
        server.process.waitForReadyRead(100);
        out += server.process.readAllStandardOutput();
    }
    const auto match = QRegularExpression(QStringLiteral(":(\\d+) ")).match(QString::fromUtf8(out));
    server.port = quint16(match.captured(1).toUInt());
    if (server.key.isEmpty() || server.port == 0) {
        std::fprintf(stderr, "bench: could not start %s\n", SENTINEL_BINARY);
        return false;
    }
    return true;
}

void stopServer(Server &server)
{
    server.process.terminate();
    server.process.waitForFinished(30000);
}

int connectTo(quint16 port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&address), sizeof address) != 0) {
        ::close(fd);
        return -1;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    return fd;
}

bool sendAll(int fd, const QByteArray &data)
{
    qsizetype sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.constData() + sent, size_t(data.size() - sent), MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += n;
    }
    return true;
}

int readResponse(int fd, QByteArray &buffer, QByteArray *body)
{
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd >= 0) {
            const qsizetype lengthAt = buffer.indexOf("Content-Length: ");
            const qsizetype length = lengthAt >= 0 ? buffer.mid(lengthAt + 16, buffer.indexOf('\r', lengthAt) - lengthAt - 16).toLongLong() : 0;
            if (buffer.size() >= headEnd + 4 + length) {
                const int status = buffer.mid(9, 3).toInt();
                if (body)
                    *body = buffer.mid(headEnd + 4, length);
                buffer.remove(0, headEnd + 4 + length);
                return status;
            }
        }
        char chunk[65536];
        const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
        if (n <= 0)
            return 0;
        buffer.append(chunk, n);
    }
}

QByteArray request(const QByteArray &method, const QByteArray &target, const QByteArray &key, const QByteArray &body)
{
    return method + ' ' + target + " HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

QByteArray ruleDocument(int count)
{
    QJsonArray rules;
    for (int i = 0; i < count - 1; ++i) {
        const QString source = QStringLiteral("svc-%1").arg(i % 100);
        QJsonObject detector;
        switch (i % 3) {
        case 0:
            detector = {{QStringLiteral("kind"), QStringLiteral("threshold")}, {QStringLiteral("aggregate"), QStringLiteral("count")},
                        {QStringLiteral("window"), QStringLiteral("1m")}, {QStringLiteral("op"), QStringLiteral(">")}, {QStringLiteral("value"), 1e9}};
            break;
        case 1:
            detector = {{QStringLiteral("kind"), QStringLiteral("threshold")}, {QStringLiteral("field"), QStringLiteral("payload.latency_ms")},
                        {QStringLiteral("aggregate"), QStringLiteral("p95")}, {QStringLiteral("window"), QStringLiteral("30s")},
                        {QStringLiteral("op"), QStringLiteral(">")}, {QStringLiteral("value"), 1e9}};
            break;
        default:
            detector = {{QStringLiteral("kind"), QStringLiteral("threshold")}, {QStringLiteral("field"), QStringLiteral("payload.latency_ms")},
                        {QStringLiteral("op"), QStringLiteral(">")}, {QStringLiteral("value"), 1e9}};
        }
        rules.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("load-%1").arg(i)}, {QStringLiteral("name"), QStringLiteral("load %1").arg(i)},
                                 {QStringLiteral("severity"), QStringLiteral("WARN")},
                                 {QStringLiteral("match"), QJsonObject{{QStringLiteral("source"), source}}},
                                 {QStringLiteral("detector"), detector}, {QStringLiteral("group_by"), QJsonArray{QStringLiteral("payload.host")}}});
    }
    rules.append(QJsonObject{{QStringLiteral("id"), QStringLiteral("probe")}, {QStringLiteral("name"), QStringLiteral("probe")},
                             {QStringLiteral("severity"), QStringLiteral("ERROR")},
                             {QStringLiteral("match"), QJsonObject{{QStringLiteral("source"), QStringLiteral("probe")}}},
                             {QStringLiteral("detector"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("threshold")},
                                                                      {QStringLiteral("field"), QStringLiteral("payload.probe")},
                                                                      {QStringLiteral("op"), QStringLiteral(">")}, {QStringLiteral("value"), 0}}}});
    return QJsonDocument(QJsonObject{{QStringLiteral("version"), 1}, {QStringLiteral("rules"), rules}}).toJson(QJsonDocument::Compact);
}

bool importRules(const Server &server, int count)
{
    const int fd = connectTo(server.port);
    QByteArray buffer, body;
    sendAll(fd, request("POST", "/v1/alerts/policies/import", server.key, ruleDocument(count)));
    const int status = readResponse(fd, buffer, &body);
    ::close(fd);
    if (status != 200)
        std::fprintf(stderr, "bench: rule import failed: %s\n", body.constData());
    return status == 200;
}

double percentile(std::vector<double> values, double q)
{
    if (values.empty())
        return 0;
    std::sort(values.begin(), values.end());
    return values[std::min(values.size() - 1, size_t(q * double(values.size())))];
}

QByteArray makeRequest(const QByteArray &key, int batch, int seed)
{
    QByteArray body = "[";
    const char *services[] = {"checkout", "payments", "auth", "search", "inventory", "gateway"};
    for (int i = 0; i < batch; ++i) {
        if (i)
            body += ',';
        body += "{\"source\":\"" + QByteArray(services[(seed + i) % 6]) + "\",\"type\":\"http_request\",\"severity\":\""
            + QByteArray(i % 50 == 0 ? "ERROR" : "INFO") + "\",\"payload\":{\"endpoint\":\"/api/cart\",\"status\":200,\"latency_ms\":"
            + QByteArray::number(20 + (seed * 7 + i) % 400) + ",\"user_id\":\"u" + QByteArray::number(seed * 1000 + i) + "\"}}";
    }
    body += ']';
    return "POST /v1/events HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer " + key
        + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
}

// Throughput: every connection sends its next batch as soon as the previous one is acknowledged.
ThroughputResult measureThroughput(quint16 port, const QByteArray &key, qint64 events, int batch, int connections)
{
    const qint64 requests = (events + batch - 1) / batch;
    std::atomic<qint64> next{0};
    std::atomic<qint64> acknowledged{0};
    std::atomic<int> failures{0};
    std::vector<std::vector<double>> latencies(static_cast<size_t>(connections));
    const auto started = Clock::now();
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            const int fd = connectTo(port);
            QByteArray buffer;
            std::vector<QByteArray> requestsToSend;
            for (int v = 0; v < 8; ++v)
                requestsToSend.push_back(makeRequest(key, batch, c * 8 + v));
            for (qint64 r; (r = next.fetch_add(1)) < requests;) {
                const auto sent = Clock::now();
                if (!sendAll(fd, requestsToSend[size_t(r % 8)]) || readResponse(fd, buffer) != 202) {
                    ++failures;
                    continue;
                }
                latencies[size_t(c)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
                acknowledged += batch;
            }
            ::close(fd);
        });
    }
    for (auto &t : threads)
        t.join();
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    std::vector<double> all;
    for (const auto &l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    ThroughputResult result;
    result.acknowledged = acknowledged.load();
    result.seconds = seconds;
    result.eventsPerSecond = double(acknowledged.load()) / seconds;
    result.p50Ms = percentile(all, 0.5);
    result.p99Ms = percentile(all, 0.99);
    result.failures = failures.load();
    return result;
}

} // namespace bench
