// bench/slo: what tracking many SLOs costs ingestion, and how fast one SLO's status answers.
//
//   slo [--slos N] [--events E] [--repeat R]
//
// Two real `sentinel --headless`, measured in turn: durable ingestion throughput with no SLO and with N
// SLOs (default 1000, latency SLIs with 300 thresholds over the benchmark's six services) counting
// every event; then the latency of GET /api/slo/{id}/status.
#include "BenchSupport.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <chrono>
#include <cstdio>
#include <unistd.h>

using namespace bench;

namespace {

bool createSlos(const Server &server, int count)
{
    const int fd = connectTo(server.port);
    QByteArray buffer;
    const char *services[] = {"checkout", "payments", "auth", "search", "inventory", "gateway"};
    for (int i = 0; i < count; ++i) {
        const QByteArray body = QJsonDocument(QJsonObject{
            {QStringLiteral("id"), QStringLiteral("slo-%1").arg(i)}, {QStringLiteral("name"), QStringLiteral("SLO %1").arg(i)},
            {QStringLiteral("service"), QLatin1String(services[i % 6])}, {QStringLiteral("objective"), 0.999},
            {QStringLiteral("sli"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("latency")},
                                                {QStringLiteral("valid"), QJsonObject{{QStringLiteral("type"), QStringLiteral("http_request")}}},
                                                {QStringLiteral("field"), QStringLiteral("payload.latency_ms")},
                                                {QStringLiteral("threshold"), 100 + i % 300}}}})
                                    .toJson(QJsonDocument::Compact);
        sendAll(fd, request("POST", "/api/slo", server.key, body));
        if (readResponse(fd, buffer) != 201) {
            std::fprintf(stderr, "bench: SLO %d was not created\n", i);
            return false;
        }
    }
    ::close(fd);
    return true;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption slosOption(QStringLiteral("slos"), QStringLiteral("SLOs to track (default 1000)."), QStringLiteral("N"), QStringLiteral("1000"));
    const QCommandLineOption eventsOption(QStringLiteral("events"), QStringLiteral("Events per run (default 500000)."), QStringLiteral("E"), QStringLiteral("500000"));
    const QCommandLineOption repeatOption(QStringLiteral("repeat"), QStringLiteral("Interleaved rounds per server (default 5)."), QStringLiteral("N"), QStringLiteral("5"));
    parser.addOptions({slosOption, eventsOption, repeatOption});
    parser.process(app);
    const int slos = parser.value(slosOption).toInt();
    const qint64 events = parser.value(eventsOption).toLongLong();
    const int repeat = std::max(1, parser.value(repeatOption).toInt());
    const QString scopes = QStringLiteral("sentry.ingest,sentry.policy.read,sentry.policy.write");

    // Both servers run side by side and are measured in turn, `repeat` times each, because this
    // shared 2-core machine drifts by tens of per cent between runs: medians of interleaved runs.
    Server plain, tracked;
    if (!startServer(plain, scopes) || !startServer(tracked, scopes) || !createSlos(tracked, slos))
        return 1;
    std::vector<double> without, with;
    for (int round = 0; round < repeat; ++round) {
        without.push_back(measureThroughput(plain.port, plain.key, events, 1000, 4).eventsPerSecond);
        with.push_back(measureThroughput(tracked.port, tracked.key, events, 1000, 4).eventsPerSecond);
        std::printf("round %d: without SLOs %.0f events/s, with %d SLOs %.0f events/s\n", round + 1, without.back(), slos, with.back());
    }
    std::vector<double> statusMs;
    const int fd = connectTo(tracked.port);
    QByteArray buffer;
    for (int i = 0; i < 200; ++i) {
        const auto started = std::chrono::steady_clock::now();
        sendAll(fd, request("GET", "/api/slo/slo-" + QByteArray::number(i % slos) + "/status", tracked.key));
        if (readResponse(fd, buffer) == 200)
            statusMs.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count());
    }
    ::close(fd);
    stopServer(tracked);
    stopServer(plain);
    const double medianWithout = percentile(without, 0.5);
    const double medianWith = percentile(with, 0.5);
    std::printf("ingestion without SLOs: %.0f events/s; with %d SLOs: %.0f events/s (%.1f %% less; medians of %d interleaved rounds)\n",
                medianWithout, slos, medianWith, 100.0 * (1.0 - medianWith / medianWithout), repeat);
    std::printf("status of one SLO: p50 %.2f ms, p99 %.2f ms (%zu calls, while %d SLOs are tracked)\n", percentile(statusMs, 0.5),
                percentile(statusMs, 0.99), statusMs.size(), slos);
    return 0;
}
