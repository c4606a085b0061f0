// bench/ingest: end-to-end durable ingestion against a real `sentinel --headless` process.
//
//   ingest [--events N] [--batch B] [--connections C] [--paced-rate EVENTS_PER_S] [--seconds S]
//
// Prints (1) throughput: N events in batches of B over C keep-alive connections, as fast as the
// server acknowledges (each 202 means committed); (2) ack latency p50/p99 at a paced rate
// (default 10,000 events/s); (3) the machine's ceiling: the same rows inserted straight through
// the SQLite C API with time-ordered keys in 1000-row transactions, the same schema and the same
// durability (synchronous=FULL), so the ratio shows what the HTTP + JSON + pipeline path costs.
#include "BenchSupport.h"
#include "core/EventId.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <algorithm>
#include <arpa/inet.h>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sqlite3.h>
#include <sys/socket.h>
#include <thread>
#include <unistd.h>
#include <vector>

namespace {

using Clock = std::chrono::steady_clock;
using namespace bench;

void throughput(quint16 port, const QByteArray &key, qint64 events, int batch, int connections)
{
    const ThroughputResult r = measureThroughput(port, key, events, batch, connections);
    std::printf("throughput: %lld events in batches of %d over %d connections: %.0f events/s (%.2f s), "
                "ack latency p50 %.1f ms p99 %.1f ms, failures %d\n",
                static_cast<long long>(r.acknowledged), batch, connections, r.eventsPerSecond, r.seconds, r.p50Ms, r.p99Ms, r.failures);
}

// Latency at a paced rate: batches sent on a fixed schedule, whatever the previous answer took.
void paced(quint16 port, const QByteArray &key, int rate, int batch, int connections, int seconds)
{
    const double perConnectionInterval = double(batch) * connections / rate; // seconds between sends
    std::vector<std::vector<double>> latencies(static_cast<size_t>(connections));
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int c = 0; c < connections; ++c) {
        threads.emplace_back([&, c] {
            const int fd = connectTo(port);
            QByteArray buffer;
            const QByteArray request = makeRequest(key, batch, 100 + c);
            const auto start = Clock::now() + std::chrono::duration<double>(perConnectionInterval * c / connections);
            const int sends = int(seconds / perConnectionInterval);
            for (int i = 0; i < sends; ++i) {
                std::this_thread::sleep_until(start + std::chrono::duration<double>(perConnectionInterval * i));
                const auto sent = Clock::now();
                if (!sendAll(fd, request) || readResponse(fd, buffer) != 202) {
                    ++failures;
                    continue;
                }
                latencies[size_t(c)].push_back(std::chrono::duration<double, std::milli>(Clock::now() - sent).count());
            }
            ::close(fd);
        });
    }
    for (auto &t : threads)
        t.join();
    std::vector<double> all;
    for (const auto &l : latencies)
        all.insert(all.end(), l.begin(), l.end());
    std::printf("paced: %d events/s in batches of %d over %d connections for %d s: ack latency p50 %.1f ms p99 %.1f ms "
                "max %.1f ms (%zu requests, failures %d)\n",
                rate, batch, connections, seconds, percentile(all, 0.5), percentile(all, 0.99), percentile(all, 1.0), all.size(),
                failures.load());
}

// The ceiling: the product's partition schema, filled straight through the C API.
double sqliteCeiling(const QString &path, qint64 rows, const char *synchronous)
{
    sqlite3 *db = nullptr;
    sqlite3_open(QFile::encodeName(path).constData(), &db);
    sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, nullptr);
    sqlite3_exec(db, QByteArray(QByteArray("PRAGMA synchronous=") + synchronous).constData(), nullptr, nullptr, nullptr);
    sqlite3_exec(db,
                 "CREATE TABLE e (seq INTEGER PRIMARY KEY, event_id BLOB NOT NULL UNIQUE, ts INTEGER NOT NULL, received INTEGER NOT NULL,"
                 " source TEXT NOT NULL, type TEXT NOT NULL, severity INTEGER NOT NULL, payload TEXT NOT NULL);"
                 "CREATE INDEX e_ts ON e(ts);",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt *insert = nullptr;
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO e (event_id, ts, received, source, type, severity, payload) VALUES (?,?,?,?,?,?,?)", -1,
                       &insert, nullptr);
    core::EventIdGenerator ids;
    const QByteArray payload = R"({"endpoint":"/api/cart","status":200,"latency_ms":123,"user_id":"u12345"})";
    const auto started = Clock::now();
    const qint64 base = QDateTime::currentMSecsSinceEpoch();
    for (qint64 i = 0; i < rows; ++i) {
        if (i % 1000 == 0)
            sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
        const QByteArray id = ids.next(base + i / 100).toRfc4122();
        sqlite3_bind_blob(insert, 1, id.constData(), 16, SQLITE_TRANSIENT);
        sqlite3_bind_int64(insert, 2, base + i / 100);
        sqlite3_bind_int64(insert, 3, base + i / 100);
        sqlite3_bind_text(insert, 4, "checkout", -1, SQLITE_STATIC);
        sqlite3_bind_text(insert, 5, "http_request", -1, SQLITE_STATIC);
        sqlite3_bind_int(insert, 6, 0);
        sqlite3_bind_text(insert, 7, payload.constData(), int(payload.size()), SQLITE_STATIC);
        sqlite3_step(insert);
        sqlite3_reset(insert);
        if (i % 1000 == 999 || i == rows - 1)
            sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    }
    const double seconds = std::chrono::duration<double>(Clock::now() - started).count();
    sqlite3_finalize(insert);
    sqlite3_close(db);
    return double(rows) / seconds;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCommandLineParser parser;
    parser.addHelpOption();
    const QCommandLineOption events(QStringLiteral("events"), QStringLiteral("Events to send (default 1000000)."), QStringLiteral("N"), QStringLiteral("1000000"));
    const QCommandLineOption batch(QStringLiteral("batch"), QStringLiteral("Events per request (default 1000)."), QStringLiteral("B"), QStringLiteral("1000"));
    const QCommandLineOption connections(QStringLiteral("connections"), QStringLiteral("Keep-alive connections (default 4)."), QStringLiteral("C"), QStringLiteral("4"));
    const QCommandLineOption rate(QStringLiteral("paced-rate"), QStringLiteral("Events/s for the latency run (default 10000)."), QStringLiteral("R"), QStringLiteral("10000"));
    const QCommandLineOption pacedBatch(QStringLiteral("paced-batch"), QStringLiteral("Events per request in the latency run (default 100)."), QStringLiteral("B"), QStringLiteral("100"));
    const QCommandLineOption seconds(QStringLiteral("seconds"), QStringLiteral("Length of the latency run (default 10)."), QStringLiteral("S"), QStringLiteral("10"));
    const QCommandLineOption ruleCount(QStringLiteral("rules"), QStringLiteral("Rules evaluated on every event (default 0)."), QStringLiteral("N"), QStringLiteral("0"));
    parser.addOptions({events, batch, connections, rate, pacedBatch, seconds, ruleCount});
    parser.process(app);

    Server server;
    if (!startServer(server, QStringLiteral("sentry.ingest,sentry.policy.write")))
        return 1;
    if (parser.value(ruleCount).toInt() > 0 && !importRules(server, parser.value(ruleCount).toInt()))
        return 1;
    const QByteArray key = server.key;
    QTemporaryDir dir;
    std::printf("machine: %u cores; server pid %lld on 127.0.0.1:%u; client and server share the machine; %d rules\n",
                std::thread::hardware_concurrency(), static_cast<long long>(server.process.processId()), server.port,
                parser.value(ruleCount).toInt());
    std::fflush(stdout);
    paced(server.port, key, parser.value(rate).toInt(), parser.value(pacedBatch).toInt(), parser.value(connections).toInt(),
          parser.value(seconds).toInt());
    std::fflush(stdout);
    throughput(server.port, key, parser.value(events).toLongLong(), parser.value(batch).toInt(), parser.value(connections).toInt());
    std::fflush(stdout);
    stopServer(server);

    const qint64 rows = parser.value(events).toLongLong();
    const double full = sqliteCeiling(QDir(dir.path()).filePath(QStringLiteral("ceiling-full.db")), rows, "FULL");
    const double normal = sqliteCeiling(QDir(dir.path()).filePath(QStringLiteral("ceiling-normal.db")), rows, "NORMAL");
    std::printf("ceiling: SQLite C API, same schema, v7 keys, 1000-row transactions: %.0f rows/s (synchronous=FULL, as the "
                "product), %.0f rows/s (NORMAL)\n", full, normal);
    return 0;
}
