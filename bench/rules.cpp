// bench/rules: how fast an event becomes an alert, and how fast an operator's ack or resolve
// is answered, while a real `sentinel --headless` ingests steady traffic with many rules.
//
//   rules [--rules N] [--rate EVENTS_PER_S] [--probes P]
//
// N rules (default 1000) are imported: N-1 watch the background traffic (per-service counts,
// percentiles, raw thresholds: evaluated on every event, never firing), one fires on a probe.
// Background traffic runs at --rate (default 10,000 events/s, batches of 100, 4 connections).
// Each probe event opens an alert; the latency is the alert's created_at minus the moment the
// probe was sent (same clock). Each alert is then acked and resolved over HTTP, round trips
// timed, and a clearing event re-arms the probe rule.
#include "BenchSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <thread>
#include <unistd.h>

using namespace bench;
using Clock = std::chrono::steady_clock;

namespace {

QByteArray backgroundBatch(int seed)
{
    QByteArray body = "[";
    for (int i = 0; i < 100; ++i) {
        if (i)
            body += ',';
        body += "{\"source\":\"svc-" + QByteArray::number((seed + i) % 100) + "\",\"type\":\"http_request\",\"severity\":\"INFO\","
                "\"payload\":{\"latency_ms\":" + QByteArray::number(20 + (seed * 7 + i) % 300) + ",\"host\":\"h" + QByteArray::number(i % 4) + "\"}}";
    }
    return body + ']';
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption rulesOption(QStringLiteral("rules"), QStringLiteral("Rules to load (default 1000)."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption rateOption(QStringLiteral("rate"), QStringLiteral("Background events/s (default 10000)."), QStringLiteral("R"), QStringLiteral("10000"));
    const QCommandLineOption probesOption(QStringLiteral("probes"), QStringLiteral("Alerts to open and close (default 100)."), QStringLiteral("P"), QStringLiteral("100"));
    parser.addOptions({rulesOption, rateOption, probesOption});
    parser.process(app);
    const int ruleCount = parser.value(rulesOption).toInt();
    const int rate = parser.value(rateOption).toInt();
    const int probes = parser.value(probesOption).toInt();

    Server server;
    if (!startServer(server, QStringLiteral("sentry.ingest,sentry.alert.read,sentry.alert.write,sentry.policy.write")))
        return 1;
    if (!importRules(server, ruleCount))
        return 1;

    // Background load, paced.
    std::atomic<bool> running{true};
    std::atomic<qint64> sentEvents{0};
    std::vector<std::thread> load;
    const int connections = 4;
    const double interval = 100.0 * connections / rate; // seconds between batches per connection
    for (int c = 0; c < connections; ++c) {
        load.emplace_back([&, c] {
            const int fd = connectTo(server.port);
            QByteArray buffer;
            const QByteArray batch = request("POST", "/v1/events", server.key, backgroundBatch(c));
            const auto start = Clock::now() + std::chrono::duration<double>(interval * c / connections);
            for (qint64 i = 0; running; ++i) {
                std::this_thread::sleep_until(start + std::chrono::duration<double>(interval * double(i)));
                if (sendAll(fd, batch) && readResponse(fd, buffer) == 202)
                    sentEvents += 100;
            }
            ::close(fd);
        });
    }
    std::this_thread::sleep_for(std::chrono::seconds(2)); // steady state

    const int fd = connectTo(server.port);
    QByteArray buffer, body;
    std::vector<double> alertLatency, ackLatency, resolveLatency;
    const auto probe = [&](int value) {
        return request("POST", "/v1/events", server.key,
                       "{\"source\":\"probe\",\"type\":\"probe\",\"severity\":\"ERROR\",\"payload\":{\"probe\":" + QByteArray::number(value) + "}}");
    };
    QSet<QString> seen;
    for (int p = 0; p < probes; ++p) {
        const qint64 sentAt = QDateTime::currentMSecsSinceEpoch();
        sendAll(fd, probe(1));
        readResponse(fd, buffer);
        QString alertId;
        qint64 createdAt = 0;
        for (int attempt = 0; attempt < 2000 && alertId.isEmpty(); ++attempt) {
            sendAll(fd, request("GET", "/v1/alerts?rule=probe&state=OPEN&limit=5", server.key));
            readResponse(fd, buffer, &body);
            for (const QJsonValue &a : QJsonDocument::fromJson(body).object().value(QLatin1String("alerts")).toArray()) {
                const QString id = a[QLatin1String("alert_id")].toString();
                if (!seen.contains(id)) {
                    alertId = id;
                    createdAt = QDateTime::fromString(a[QLatin1String("created_at")].toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
                }
            }
            if (alertId.isEmpty())
                std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
        if (alertId.isEmpty()) {
            std::fprintf(stderr, "bench: probe %d opened no alert\n", p);
            continue;
        }
        seen.insert(alertId);
        alertLatency.push_back(double(createdAt - sentAt));
        for (const char *action : {"ack", "resolve"}) {
            const auto started = Clock::now();
            sendAll(fd, request("POST", "/v1/alerts/" + alertId.toUtf8() + '/' + action, server.key));
            const int status = readResponse(fd, buffer);
            const double ms = std::chrono::duration<double, std::milli>(Clock::now() - started).count();
            if (status == 200)
                (std::strcmp(action, "ack") == 0 ? ackLatency : resolveLatency).push_back(ms);
        }
        sendAll(fd, probe(0)); // clears the condition, so the next probe fires anew
        readResponse(fd, buffer);
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    ::close(fd);
    running = false;
    for (auto &t : load)
        t.join();
    stopServer(server);
    std::printf("rules: %d loaded; background %d events/s (%lld acknowledged)\n", ruleCount, rate, static_cast<long long>(sentEvents.load()));
    std::printf("ingest -> alert: p50 %.0f ms, p99 %.0f ms, max %.0f ms (%zu alerts; created_at minus send time, 1 ms resolution)\n",
                percentile(alertLatency, 0.5), percentile(alertLatency, 0.99), percentile(alertLatency, 1.0), alertLatency.size());
    std::printf("ack: p50 %.2f ms, p99 %.2f ms; resolve: p50 %.2f ms, p99 %.2f ms (%zu / %zu calls)\n", percentile(ackLatency, 0.5),
                percentile(ackLatency, 0.99), percentile(resolveLatency, 0.5), percentile(resolveLatency, 0.99), ackLatency.size(),
                resolveLatency.size());
    return 0;
}
