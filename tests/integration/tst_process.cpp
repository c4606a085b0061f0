// The `sentinel` executable as an operator runs it: admin commands, start-up failures, signals,
// and a kill -9 in the middle of ingestion.
#include "RawHttpClient.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>
#include <csignal>
#include <sqlite3.h>

using testsupport::RawHttpClient;
using testsupport::RawResponse;

namespace {

QString binary()
{
    return qEnvironmentVariable("SENTINEL_BINARY");
}

struct Result
{
    int exitCode = -1;
    QString out;
    QString err;
};

Result run(const QStringList &arguments, int timeoutMs = 30000)
{
    QProcess process;
    process.start(binary(), arguments);
    process.waitForFinished(timeoutMs);
    return {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
            QString::fromUtf8(process.readAllStandardOutput()), QString::fromUtf8(process.readAllStandardError())};
}

// A server process whose port is read from its first line of output.
class ServerProcess
{
public:
    bool start(const QString &dataDir, const QStringList &extra = {})
    {
        m_process.start(binary(), QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                              QStringLiteral("--data-dir"), dataDir} + extra);
        if (!m_process.waitForStarted(10000))
            return false;
        QByteArray out;
        for (int i = 0; i < 100 && !out.contains('\n'); ++i) {
            m_process.waitForReadyRead(200);
            out += m_process.readAllStandardOutput();
            if (m_process.state() == QProcess::NotRunning)
                break;
        }
        const auto match = QRegularExpression(QStringLiteral("listening on 127\\.0\\.0\\.1:(\\d+)")).match(QString::fromUtf8(out));
        m_port = quint16(match.captured(1).toUInt());
        return m_port != 0;
    }
    quint16 port() const { return m_port; }
    QProcess &process() { return m_process; }
    ~ServerProcess()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }

private:
    QProcess m_process;
    quint16 m_port = 0;
};

const QByteArray pdfReportSlo = R"({"name": "Payments API availability", "service": "payments",
 "sli": {"kind": "ratio", "valid": {"source": "payments"}, "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}},
 "objective": 0.995, "window": "28d"})";

QByteArray createKey(const QString &dataDir, const QString &name, const QString &scopes)
{
    const Result r = run({QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--name"), name,
                          QStringLiteral("--scopes"), scopes, QStringLiteral("--data-dir"), dataDir});
    return r.out.trimmed().split(QLatin1Char('\n')).last().toUtf8();
}

} // namespace

class TestProcess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QVERIFY2(QFile::exists(binary()), "SENTINEL_BINARY must name the built executable"); }

    void helpDocumentsEveryOption()
    {
        const Result r = run({QStringLiteral("--help")});
        QCOMPARE(r.exitCode, 0);
        for (const char *option : {"--headless", "--listen", "--data-dir", "--demo", "--retention-days", "--config", "apikey create"})
            QVERIFY2(r.out.contains(QLatin1String(option)), option);
    }

    void apiKeyCommands()
    {
        QTemporaryDir dir;
        const Result created = run({QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("ci"),
                                    QStringLiteral("--scopes"), QStringLiteral("sentry.ingest,sentry.read"), QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(created.exitCode, 0);
        const QString key = created.out.trimmed().split(QLatin1Char('\n')).last();
        QVERIFY(key.startsWith(QLatin1String("snl_")));
        QVERIFY(!created.err.contains(key)); // printed once, on stdout only
        const Result listed = run({QStringLiteral("apikey"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains(QLatin1String("ci")));
        QVERIFY(listed.out.contains(QLatin1String("sentry.ingest,sentry.read")));
        QVERIFY(!listed.out.contains(key));
        const Result bad = run({QStringLiteral("apikey"), QStringLiteral("create"), QStringLiteral("--name"), QStringLiteral("x"),
                                QStringLiteral("--scopes"), QStringLiteral("root"), QStringLiteral("--data-dir"), dir.path()});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains(QLatin1String("unknown scope \"root\"")));
        QCOMPARE(run({QStringLiteral("apikey"), QStringLiteral("revoke"), QStringLiteral("ci"), QStringLiteral("--data-dir"), dir.path()}).exitCode, 0);
        QVERIFY(run({QStringLiteral("apikey"), QStringLiteral("list"), QStringLiteral("--data-dir"), dir.path()}).out.contains(QLatin1String("revoked")));
        QCOMPARE(run({QStringLiteral("apikey"), QStringLiteral("revoke"), QStringLiteral("ci"), QStringLiteral("--data-dir"), dir.path()}).exitCode, 1);
    }

    void keysWorkWhileTheServerRuns()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start(dir.path()));
        const QByteArray key = createKey(dir.path(), QStringLiteral("late"), QStringLiteral("sentry.read"));
        RawHttpClient client(server.port());
        QTRY_COMPARE(client.request("GET", "/v1/events", {}, {{"Authorization", "Bearer " + key}}).status, 200);
        QCOMPARE(run({QStringLiteral("apikey"), QStringLiteral("revoke"), QStringLiteral("late"), QStringLiteral("--data-dir"), dir.path()}).exitCode, 0);
        QTRY_COMPARE_WITH_TIMEOUT(client.request("GET", "/v1/events", {}, {{"Authorization", "Bearer " + key}}).status, 401, 10000);
    }

    // --headless has no display but typesets PDF reports (QGuiApplication on the offscreen
    // platform); pdftotext reads the text back, so a blank or garbled page fails.
    void headlessTypesetsThePdfReport()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start(dir.path()));
        const QByteArray key = createKey(dir.path(), QStringLiteral("sre"), QStringLiteral("sentry.policy.write,sentry.policy.read,sentry.ingest"));
        const QList<QPair<QByteArray, QByteArray>> headers{{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}};
        RawHttpClient client(server.port());
        QTRY_COMPARE(client.request("GET", "/api/slo", {}, headers).status, 200); // the new key is seen
        QCOMPARE(client.request("POST", "/api/slo", pdfReportSlo, headers).status, 201);
        QCOMPARE(client.request("POST", "/api/slo/payments-api-availability/measurements",
                                "{\"timestamp\":\"" + QDateTime::currentDateTimeUtc().addSecs(-600).toString(Qt::ISODate).toLatin1()
                                    + "\",\"good\":900,\"valid\":1000}",
                                headers)
                     .status,
                 202);
        const RawResponse r = client.request("GET", "/api/slo/report?format=pdf", {}, headers);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/pdf"));
        QVERIFY(r.headers.value("content-disposition").contains(".pdf"));
        QVERIFY(r.body.startsWith("%PDF-"));
        const QString pdfPath = dir.filePath(QStringLiteral("report.pdf"));
        QFile file(pdfPath);
        QVERIFY(file.open(QIODevice::WriteOnly) && file.write(r.body) == r.body.size());
        file.close();
        QProcess pdftotext;
        pdftotext.start(QStringLiteral("pdftotext"), {QStringLiteral("-layout"), pdfPath, QStringLiteral("-")});
        QVERIFY2(pdftotext.waitForFinished(30000) && pdftotext.exitCode() == 0, "pdftotext (poppler-utils) must read the report");
        const QString text = QString::fromUtf8(pdftotext.readAllStandardOutput());
        for (const char *expected : {"SLO compliance report", "Payments API availability", "VIOLATED", "90.000 %", "Burn rates"})
            QVERIFY2(text.contains(QLatin1String(expected)), qPrintable(QStringLiteral("missing \"%1\" in:\n%2").arg(QLatin1String(expected), text)));
        if (const QByteArray shots = qgetenv("SENTINEL_SCREENSHOT_DIR"); !shots.isEmpty()) {
            QDir().mkpath(QString::fromLocal8Bit(shots));
            QProcess::execute(QStringLiteral("pdftoppm"), {QStringLiteral("-png"), QStringLiteral("-r"), QStringLiteral("60"), QStringLiteral("-f"), QStringLiteral("1"),
                                                          QStringLiteral("-singlefile"), pdfPath, QString::fromLocal8Bit(shots) + QStringLiteral("/slo-report")});
        }
    }

    void startupFailuresAreOneClearLine_data()
    {
        QTest::addColumn<QString>("scenario");
        QTest::addColumn<QString>("message");
        QTest::newRow("a busy port") << "busy-port" << "cannot listen on 127.0.0.1";
        QTest::newRow("a data directory that cannot be created") << "unwritable" << "cannot create data directory";
        QTest::newRow("a database that is not one") << "corrupt" << "damaged or not a Sentinel database";
        QTest::newRow("a database from a newer version") << "newer" << "written by a newer Sentinel";
        QTest::newRow("a second server on the same data directory") << "locked" << "already serving data directory";
        QTest::newRow("a bad option value") << "bad-option" << "--retention-days expects";
    }

    void startupFailuresAreOneClearLine()
    {
        QFETCH(QString, scenario);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString dataDir = dir.path();
        QStringList extra;
        QTcpServer blocker;
        ServerProcess first;
        if (scenario == QLatin1String("busy-port")) {
            QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
            extra = {QStringLiteral("--listen"), QStringLiteral("127.0.0.1:%1").arg(blocker.serverPort())};
        } else if (scenario == QLatin1String("unwritable")) {
            QFile file(dir.filePath(QStringLiteral("plain-file")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            dataDir = dir.filePath(QStringLiteral("plain-file/data"));
        } else if (scenario == QLatin1String("corrupt")) {
            QFile file(dir.filePath(QStringLiteral("sentinel.db")));
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QByteArray(16384, '\x5a'));
        } else if (scenario == QLatin1String("newer")) {
            sqlite3 *db = nullptr;
            QCOMPARE(sqlite3_open(QFile::encodeName(dir.filePath(QStringLiteral("sentinel.db"))).constData(), &db), SQLITE_OK);
            QCOMPARE(sqlite3_exec(db, "PRAGMA user_version=42", nullptr, nullptr, nullptr), SQLITE_OK);
            sqlite3_close(db);
        } else if (scenario == QLatin1String("locked")) {
            QVERIFY(first.start(dataDir));
        } else if (scenario == QLatin1String("bad-option")) {
            extra = {QStringLiteral("--retention-days"), QStringLiteral("soon")};
        }
        const Result r = run(QStringList{QStringLiteral("--headless"), QStringLiteral("--listen"), QStringLiteral("127.0.0.1:0"),
                                         QStringLiteral("--data-dir"), dataDir} + extra);
        QVERIFY2(r.exitCode > 0, qPrintable(r.err));
        const QStringList lines = r.err.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 1);
        QVERIFY2(lines[0].startsWith(QLatin1String("sentinel: ")) && lines[0].contains(message), qPrintable(lines[0]));
    }

    void sigtermShutsDownCleanly()
    {
        QTemporaryDir dir;
        ServerProcess server;
        QVERIFY(server.start(dir.path()));
        const QByteArray key = createKey(dir.path(), QStringLiteral("k"), QStringLiteral("sentry.ingest,sentry.read"));
        RawHttpClient client(server.port());
        QTRY_COMPARE(client.request("POST", "/v1/events", R"({"source":"a","type":"t","severity":"INFO","payload":{}})",
                                    {{"Authorization", "Bearer " + key}, {"Content-Type", "application/json"}}).status, 202);
        ::kill(pid_t(server.process().processId()), SIGTERM);
        QVERIFY(server.process().waitForFinished(10000));
        QCOMPARE(server.process().exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.process().exitCode(), 0);
        QVERIFY(server.process().readAllStandardError().contains("stopped cleanly"));
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("sentinel.lock"))));
    }

    void killNineLosesNoAcknowledgedEvent()
    {
        QTemporaryDir dir;
        QSet<QString> acknowledged;
        {
            ServerProcess server;
            QVERIFY(server.start(dir.path()));
            const QByteArray key = createKey(dir.path(), QStringLiteral("load"), QStringLiteral("sentry.ingest"));
            QList<std::shared_ptr<RawHttpClient>> clients;
            for (int i = 0; i < 4; ++i)
                clients.append(std::make_shared<RawHttpClient>(server.port()));
            QElapsedTimer elapsed;
            elapsed.start();
            bool killed = false;
            while (!killed) {
                QList<QStringList> inFlight;
                for (auto &client : clients) {
                    QStringList ids;
                    QByteArray body = "[";
                    for (int i = 0; i < 200; ++i) {
                        ids.append(QUuid::createUuid().toString(QUuid::WithoutBraces));
                        body += (i ? "," : "") + QByteArray("{\"event_id\":\"") + ids.last().toLatin1()
                            + "\",\"source\":\"load\",\"type\":\"t\",\"severity\":\"INFO\",\"payload\":{\"i\":" + QByteArray::number(i) + "}}";
                    }
                    body += "]";
                    client->sendRaw("POST /v1/events HTTP/1.1\r\nAuthorization: Bearer " + key + "\r\nContent-Type: application/json\r\nContent-Length: "
                                    + QByteArray::number(body.size()) + "\r\n\r\n" + body);
                    inFlight.append(ids);
                }
                // Kill while the last round is in flight: some of it may be committed, none of it acknowledged.
                if (elapsed.elapsed() > 1500 && acknowledged.size() > 2000) {
                    ::kill(pid_t(server.process().processId()), SIGKILL);
                    killed = true;
                }
                for (qsizetype i = 0; i < clients.size(); ++i) {
                    const RawResponse r = clients[i]->readResponse(killed ? 2000 : 10000);
                    if (r.status == 202)
                        acknowledged.unite(QSet<QString>(inFlight[i].begin(), inFlight[i].end()));
                }
            }
            QVERIFY(server.process().waitForFinished(5000));
        }
        QVERIFY(acknowledged.size() > 2000);
        // Restart on the same data: the store opens (WAL recovery) and serves.
        {
            ServerProcess again;
            QVERIFY2(again.start(dir.path()), "the server must start again after a crash");
        }
        sqlite3 *db = nullptr;
        QCOMPARE(sqlite3_open(QFile::encodeName(dir.filePath(QStringLiteral("sentinel.db"))).constData(), &db), SQLITE_OK);
        sqlite3_stmt *statement = nullptr;
        sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr);
        QCOMPARE(sqlite3_step(statement), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0))), QByteArray("ok"));
        sqlite3_finalize(statement);
        QSet<QString> stored;
        sqlite3_prepare_v2(db, "SELECT name FROM sqlite_master WHERE type='table' AND name LIKE 'events_%'", -1, &statement, nullptr);
        QStringList tables;
        while (sqlite3_step(statement) == SQLITE_ROW)
            tables.append(QString::fromUtf8(reinterpret_cast<const char *>(sqlite3_column_text(statement, 0))));
        sqlite3_finalize(statement);
        for (const QString &table : tables) {
            sqlite3_prepare_v2(db, QByteArray("SELECT event_id FROM " + table.toUtf8()).constData(), -1, &statement, nullptr);
            while (sqlite3_step(statement) == SQLITE_ROW)
                stored.insert(QUuid::fromRfc4122(QByteArray(static_cast<const char *>(sqlite3_column_blob(statement, 0)), 16)).toString(QUuid::WithoutBraces));
            sqlite3_finalize(statement);
        }
        sqlite3_close(db);
        QVERIFY(stored.size() >= acknowledged.size());
        const QSet<QString> lost = acknowledged - stored;
        QVERIFY2(lost.isEmpty(), qPrintable(QStringLiteral("%1 acknowledged events lost").arg(lost.size())));
        qInfo("acknowledged %lld, stored %lld after kill -9", qint64(acknowledged.size()), qint64(stored.size()));
    }
};

QTEST_GUILESS_MAIN(TestProcess)
#include "tst_process.moc"
