// The HTTP and WebSocket API against a real engine on 127.0.0.1 with a real SQLite file.
#include "EngineFixture.h"
#include "Gzip.h"
#include "RawHttpClient.h"
#include "core/ApiKeys.h"
#include "core/EventId.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTest>
#include <QUuid>
#include <QWebSocket>

using testsupport::EngineFixture;
using testsupport::RawHttpClient;
using testsupport::RawResponse;

namespace {

QByteArray eventJson(const QString &source, const QString &severity = QStringLiteral("INFO"), const QString &id = {})
{
    QJsonObject o{{QStringLiteral("source"), source},
                  {QStringLiteral("type"), QStringLiteral("http_request")},
                  {QStringLiteral("severity"), severity},
                  {QStringLiteral("payload"), QJsonObject{{QStringLiteral("message"), QString(QStringLiteral("hello from ") + source)}}}};
    if (!id.isEmpty())
        o.insert(QStringLiteral("event_id"), id);
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

QByteArray chunked(const QByteArray &body, int chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < body.size(); i += chunkSize) {
        const QByteArray part = body.mid(i, chunkSize);
        out += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
    }
    return out + "0\r\n\r\n";
}

} // namespace

class TestIngestApi : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<EngineFixture> m_fixture;
    QByteArray m_key;

    QList<QPair<QByteArray, QByteArray>> auth(const QByteArray &contentType = "application/json") const
    {
        return {{"Authorization", "Bearer " + m_key}, {"Content-Type", contentType}};
    }
    RawResponse post(const QByteArray &body, const QByteArray &contentType = "application/json")
    {
        return m_fixture->client()->request("POST", "/v1/events", body, auth(contentType));
    }
    QJsonArray query(const QByteArray &parameters)
    {
        const RawResponse r = m_fixture->client()->request("GET", "/v1/events?" + parameters, {}, auth());
        if (r.status != 200)
            qWarning() << r.status << r.body;
        return r.json().object().value(QLatin1String("events")).toArray();
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<EngineFixture>();
        QVERIFY2(m_fixture->start(), qPrintable(m_fixture->lastError()));
        m_key = m_fixture->ingestKey();
        QVERIFY(!m_key.isEmpty());
    }

    void cleanup() { m_fixture.reset(); }

    void acceptsEveryFormat_data()
    {
        QTest::addColumn<QByteArray>("request");
        QTest::addColumn<int>("events");
        const QByteArray one = eventJson(QStringLiteral("a"));
        const QByteArray array = "[" + eventJson(QStringLiteral("a")) + "," + eventJson(QStringLiteral("b")) + "]";
        const QByteArray ndjson = eventJson(QStringLiteral("a")) + "\n" + eventJson(QStringLiteral("b")) + "\n" + eventJson(QStringLiteral("c")) + "\n";
        const QByteArray head = "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer KEY\r\n";
        QTest::newRow("one object with Content-Length") << head + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(one.size()) + "\r\n\r\n" + one << 1;
        QTest::newRow("a JSON array") << head + "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(array.size()) + "\r\n\r\n" + array << 2;
        QTest::newRow("NDJSON") << head + "Content-Type: application/x-ndjson\r\nContent-Length: " + QByteArray::number(ndjson.size()) + "\r\n\r\n" + ndjson << 3;
        QTest::newRow("chunked transfer encoding, as OpenTelemetry sends") << head + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(array, 7) << 2;
        const QByteArray compressed = testsupport::gzip(ndjson);
        QTest::newRow("gzip NDJSON") << head + "Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\nContent-Length: " + QByteArray::number(compressed.size()) + "\r\n\r\n" + compressed << 3;
        QTest::newRow("gzip and chunked together") << head + "Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked(compressed, 16) << 3;
        QTest::newRow("no Content-Type at all") << head + "Content-Length: " + QByteArray::number(one.size()) + "\r\n\r\n" + one << 1;
    }

    void acceptsEveryFormat()
    {
        QFETCH(QByteArray, request);
        QFETCH(int, events);
        request.replace("Bearer KEY", QByteArray("Bearer " + m_key));
        auto client = m_fixture->client();
        client->sendRaw(request);
        const RawResponse r = client->readResponse();
        QCOMPARE(r.status, 202);
        QCOMPARE(r.json().object().value(QLatin1String("accepted")).toInt(), events);
        QCOMPARE(query("limit=1000").size(), events); // durable before 202: readable at once
    }

    void keepAliveExpectContinueAndPipelining()
    {
        auto client = m_fixture->client();
        // Expect: 100-continue is answered before the body is sent.
        const QByteArray body = "[" + eventJson(QStringLiteral("a")) + "]";
        client->sendRaw("POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_key
                        + "\r\nContent-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: "
                        + QByteArray::number(body.size()) + "\r\n\r\n");
        QCOMPARE(client->readResponse(3000).status, 100);
        client->sendRaw(body);
        QCOMPARE(client->readResponse().status, 202);
        // Three pipelined requests on the same connection come back in order.
        QByteArray pipelined;
        for (int i = 0; i < 3; ++i) {
            const QByteArray b = eventJson(QStringLiteral("p%1").arg(i));
            pipelined += "POST /v1/events HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + m_key
                + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(b.size()) + "\r\n\r\n" + b;
        }
        pipelined += "GET /health HTTP/1.1\r\nHost: x\r\n\r\n";
        client->sendRaw(pipelined);
        for (int i = 0; i < 3; ++i)
            QCOMPARE(client->readResponse().status, 202);
        const RawResponse health = client->readResponse();
        QCOMPARE(health.status, 200);
        QCOMPARE(health.json().object().value(QLatin1String("status")).toString(), QStringLiteral("ok"));
        QVERIFY(client->isConnected());
        QCOMPARE(query("limit=10").size(), 4);
    }

    void rejectsABatchWholeAndNamesEveryBadItem()
    {
        const QByteArray body = "[" + eventJson(QStringLiteral("ok")) + R"(,{"source":"x","type":"t","severity":"LOUD","payload":{}},)"
            + R"({"type":"t","severity":"INFO","payload":"text","timestamp":"yesterday"}])";
        const RawResponse r = post(body);
        QCOMPARE(r.status, 400);
        const QJsonObject o = r.json().object();
        QVERIFY(o.value(QLatin1String("error")).toString().contains(QLatin1String("2 of 3")));
        const QJsonArray details = o.value(QLatin1String("details")).toArray();
        QStringList got;
        for (const QJsonValue &d : details)
            got.append(QStringLiteral("%1:%2").arg(d[QLatin1String("index")].toInt()).arg(d[QLatin1String("field")].toString()));
        QCOMPARE(got, (QStringList{QStringLiteral("1:severity"), QStringLiteral("2:source"), QStringLiteral("2:payload"), QStringLiteral("2:timestamp")}));
        QCOMPARE(query("limit=10").size(), 0); // nothing of the batch was stored
    }

    void errorStatuses_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("error");
        const QByteArray one = eventJson(QStringLiteral("a"));
        const QByteArray length = "Content-Length: " + QByteArray::number(one.size()) + "\r\n\r\n" + one;
        QTest::newRow("no API key is 401") << "POST /v1/events HTTP/1.1\r\nHost: x\r\n" + length << 401 << "missing API key";
        QTest::newRow("a wrong API key is 401") << "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer snl_nope\r\n" + length << 401 << "invalid";
        QTest::newRow("a read-only key cannot ingest: 403") << "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer READKEY\r\n" + length << 403 << "sentry.ingest";
        QTest::newRow("an ingest-only key cannot read: 403") << QByteArray("GET /v1/events HTTP/1.1\r\nAuthorization: Bearer INGESTKEY\r\n\r\n") << 403 << "sentry.read";
        QTest::newRow("unknown path is 404") << QByteArray("GET /v2/nothing HTTP/1.1\r\n\r\n") << 404 << "no such endpoint";
        QTest::newRow("wrong method is 405") << QByteArray("DELETE /v1/events HTTP/1.1\r\n\r\n") << 405 << "method not allowed";
        QTest::newRow("a declared body over 16 MiB is 413 before it is sent") << QByteArray("POST /v1/events HTTP/1.1\r\nAuthorization: Bearer KEY\r\nContent-Length: 17000000\r\n\r\n") << 413 << "larger than";
        QTest::newRow("an unknown Content-Encoding is 415") << "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer KEY\r\nContent-Encoding: br\r\n" + length << 415 << "Content-Encoding";
        QTest::newRow("a form body is 415") << "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer KEY\r\nContent-Type: application/x-www-form-urlencoded\r\n" + length << 415 << "Content-Type";
        QTest::newRow("broken JSON is 400") << QByteArray("POST /v1/events HTTP/1.1\r\nAuthorization: Bearer KEY\r\nContent-Length: 5\r\n\r\n[{\"a\"") << 400 << "invalid JSON";
        QTest::newRow("a header block over 64 KiB is 431") << "GET /health HTTP/1.1\r\nX-Big: " + QByteArray(70000, 'b') + "\r\n\r\n" << 431 << "header";
        QTest::newRow("garbage instead of HTTP is 400") << QByteArray("HELLO THERE\r\n\r\n") << 400 << "malformed";
        QTest::newRow("a stream request without upgrade is 426") << QByteArray("GET /v1/events/stream HTTP/1.1\r\nAuthorization: Bearer KEY\r\n\r\n") << 426 << "WebSocket";
        QTest::newRow("a bad query parameter is 400") << QByteArray("GET /v1/events?limit=5000 HTTP/1.1\r\nAuthorization: Bearer KEY\r\n\r\n") << 400 << "invalid query";
    }

    void errorStatuses()
    {
        QFETCH(QByteArray, raw);
        QFETCH(int, status);
        QFETCH(QString, error);
        raw.replace("Bearer KEY", QByteArray("Bearer " + m_key));
        raw.replace("Bearer READKEY", QByteArray(QByteArray("Bearer ") + m_fixture->createKey(QStringLiteral("reader"), {core::scopes::read})));
        raw.replace("Bearer INGESTKEY", QByteArray(QByteArray("Bearer ") + m_fixture->createKey(QStringLiteral("agent"), {core::scopes::ingest})));
        auto client = m_fixture->client();
        client->sendRaw(raw);
        const RawResponse r = client->readResponse();
        QCOMPARE(r.status, status);
        QVERIFY2(r.json().object().value(QLatin1String("error")).toString().contains(error), r.body.constData());
        QVERIFY(r.json().object().value(QLatin1String("details")).isArray());
        QCOMPARE(r.headers.value("content-type"), QByteArray("application/json"));
    }

    void batchLimitAnd413()
    {
        QByteArray body = "[";
        for (int i = 0; i < 10001; ++i)
            body += (i ? "," : "") + eventJson(QStringLiteral("a"));
        body += "]";
        const RawResponse r = post(body);
        QCOMPARE(r.status, 413);
        QVERIFY(r.json().object().value(QLatin1String("error")).toString().contains(QLatin1String("10000")));
    }

    void clientIdsAreIdempotent()
    {
        const QString id = QUuid::createUuid().toString(QUuid::WithoutBraces);
        const QByteArray body = "[" + eventJson(QStringLiteral("a"), QStringLiteral("INFO"), id) + "]";
        for (int i = 0; i < 3; ++i) {
            const RawResponse r = post(body);
            QCOMPARE(r.status, 202);
            QCOMPARE(r.json().object().value(QLatin1String("accepted")).toInt(), 1);
            QCOMPARE(r.json().object().value(QLatin1String("duplicates")).toInt(), i == 0 ? 0 : 1);
        }
        const QJsonArray events = query("limit=10");
        QCOMPARE(events.size(), 1);
        QCOMPARE(events[0][QLatin1String("event_id")].toString(), id);
    }

    void serverAssignsTimeOrderedIds()
    {
        QCOMPARE(post(eventJson(QStringLiteral("a"))).status, 202);
        const QJsonArray events = query("limit=1");
        const QUuid id = QUuid::fromString(events[0][QLatin1String("event_id")].toString());
        QCOMPARE(core::uuidVersion(id), 7);
    }

    void queryFiltersAndPages()
    {
        QByteArray body = "[";
        for (int i = 0; i < 250; ++i) {
            QJsonObject o{{QStringLiteral("source"), i % 5 == 0 ? QStringLiteral("db") : QStringLiteral("api")},
                          {QStringLiteral("type"), i % 2 ? QStringLiteral("log") : QStringLiteral("http_request")},
                          {QStringLiteral("severity"), i % 10 == 0 ? QStringLiteral("CRITICAL") : QStringLiteral("INFO")},
                          {QStringLiteral("timestamp"), QDateTime::currentDateTimeUtc().addSecs(-i).toString(Qt::ISODateWithMs)},
                          {QStringLiteral("payload"), QJsonObject{{QStringLiteral("n"), i}, {QStringLiteral("message"), i == 77 ? QStringLiteral("disk full") : QStringLiteral("fine")}}}};
            body += (i ? "," : "") + QJsonDocument(o).toJson(QJsonDocument::Compact);
        }
        body += "]";
        QCOMPARE(post(body).status, 202);
        QCOMPARE(query("source=db&limit=1000").size(), 50);
        QCOMPARE(query("type=log&limit=1000").size(), 125);
        QCOMPARE(query("min_severity=CRITICAL&limit=1000").size(), 25);
        QCOMPARE(query("q=disk%20full").size(), 1);
        const QString since = QDateTime::currentDateTimeUtc().addSecs(-10).toString(Qt::ISODateWithMs);
        QVERIFY(query("since=" + QUrl::toPercentEncoding(since)).size() >= 9);

        QSet<QString> ids;
        QByteArray cursor;
        int pages = 0;
        QString previous = QStringLiteral("9999");
        do {
            const RawResponse r = m_fixture->client()->request("GET", "/v1/events?limit=100" + (cursor.isEmpty() ? QByteArray() : "&cursor=" + cursor), {}, auth());
            QCOMPARE(r.status, 200);
            const QJsonObject o = r.json().object();
            for (const QJsonValue &e : o.value(QLatin1String("events")).toArray()) {
                ids.insert(e[QLatin1String("event_id")].toString());
                const QString ts = e[QLatin1String("timestamp")].toString();
                QVERIFY2(ts <= previous, "newest first");
                previous = ts;
            }
            cursor = o.value(QLatin1String("next_cursor")).toString().toLatin1();
            ++pages;
        } while (!cursor.isEmpty());
        QCOMPARE(pages, 3);
        QCOMPARE(ids.size(), 250);
    }

    void liveStreamDeliversAndFilters()
    {
        QWebSocket all, critical;
        QSignalSpy allMessages(&all, &QWebSocket::textMessageReceived);
        QSignalSpy criticalMessages(&critical, &QWebSocket::textMessageReceived);
        QSignalSpy allConnected(&all, &QWebSocket::connected);
        QSignalSpy criticalConnected(&critical, &QWebSocket::connected);
        QNetworkRequest request(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/events/stream").arg(m_fixture->port())));
        request.setRawHeader("Authorization", "Bearer " + m_key);
        all.open(request);
        critical.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/events/stream?min_severity=CRITICAL&source=db&access_token=%2")
                               .arg(m_fixture->port()).arg(QString::fromLatin1(m_key))));
        QTRY_COMPARE(allConnected.count(), 1);
        QTRY_COMPARE(criticalConnected.count(), 1);
        QTRY_COMPARE(m_fixture->engine()->metrics()->gauge("sentinel_websocket_clients", "")->value(), 2.0);
        const QByteArray body = "[" + eventJson(QStringLiteral("api"), QStringLiteral("CRITICAL")) + "," + eventJson(QStringLiteral("db"), QStringLiteral("INFO"))
            + "," + eventJson(QStringLiteral("db"), QStringLiteral("CRITICAL")) + "]";
        QElapsedTimer sinceAccepted;
        QCOMPARE(post(body).status, 202);
        sinceAccepted.start();
        QTRY_COMPARE_WITH_TIMEOUT(allMessages.count(), 3, 1000); // within 1 s of the 202
        QTRY_COMPARE_WITH_TIMEOUT(criticalMessages.count(), 1, 1000);
        QVERIFY(sinceAccepted.elapsed() < 1000);
        const QJsonObject e = QJsonDocument::fromJson(criticalMessages[0][0].toString().toUtf8()).object();
        QCOMPARE(e.value(QLatin1String("source")).toString(), QStringLiteral("db"));
        QCOMPARE(e.value(QLatin1String("severity")).toString(), QStringLiteral("CRITICAL"));
        QVERIFY(!e.value(QLatin1String("event_id")).toString().isEmpty());
    }

    void streamRefusesWithoutKey()
    {
        QWebSocket socket;
        QSignalSpy errors(&socket, qOverload<QAbstractSocket::SocketError>(&QWebSocket::error));
        QSignalSpy connected(&socket, &QWebSocket::connected);
        socket.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/events/stream").arg(m_fixture->port())));
        QTRY_VERIFY(errors.count() > 0 || socket.state() == QAbstractSocket::UnconnectedState);
        QCOMPARE(connected.count(), 0);
    }

    void slowStreamClientGetsDroppedNotice()
    {
        // A client that stops reading: the server must not buffer for it without limit.
        m_fixture.reset();
        services::EngineConfig config;
        config.limits.streamHighWaterBytes = 64 * 1024;
        m_fixture = std::make_unique<EngineFixture>(config);
        QVERIFY(m_fixture->start());
        m_key = m_fixture->ingestKey();
        QWebSocket slow;
        QSignalSpy connected(&slow, &QWebSocket::connected);
        QSignalSpy messages(&slow, &QWebSocket::textMessageReceived);
        slow.open(QUrl(QStringLiteral("ws://127.0.0.1:%1/v1/events/stream?access_token=%2").arg(m_fixture->port()).arg(QString::fromLatin1(m_key))));
        QTRY_COMPARE(connected.count(), 1);
        slow.setReadBufferSize(1); // stop reading
        QByteArray body = "[";
        for (int i = 0; i < 2000; ++i)
            body += (i ? "," : "") + QByteArray("{\"source\":\"flood\",\"type\":\"t\",\"severity\":\"INFO\",\"payload\":{\"pad\":\"")
                + QByteArray(200, 'x') + "\"}}";
        body += "]";
        for (int round = 0; round < 20; ++round)
            QCOMPARE(post(body).status, 202);
        slow.setReadBufferSize(0); // read again
        qint64 dropped = 0;
        int events = 0;
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            for (; events + (dropped > 0 ? 1 : 0) < messages.count();) {
                const QJsonObject o = QJsonDocument::fromJson(messages.takeFirst()[0].toString().toUtf8()).object();
                if (o.contains(QLatin1String("dropped")))
                    dropped += o.value(QLatin1String("dropped")).toInteger();
                else
                    ++events;
                if (messages.isEmpty())
                    break;
            }
            return dropped > 0;
        }(), 20000);
        QVERIFY(dropped > 0);
        QVERIFY(events < 40000);
    }

    void queueFullAnswers503WithRetryAfterAndLosesNothing()
    {
        m_fixture.reset();
        services::EngineConfig config;
        config.queueCapacityEvents = 5;
        m_fixture = std::make_unique<EngineFixture>(config);
        QVERIFY(m_fixture->start());
        m_key = m_fixture->ingestKey();
        // Another process holds the database's write lock: the writer stalls, the queue fills.
        QSqlDatabase blocker = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("blocker"));
        blocker.setDatabaseName(m_fixture->databasePath());
        QVERIFY(blocker.open());
        QSqlQuery lock(blocker);
        QVERIFY(lock.exec(QStringLiteral("BEGIN EXCLUSIVE")));
        QList<std::shared_ptr<RawHttpClient>> waiting;
        const QByteArray request = "POST /v1/events HTTP/1.1\r\nAuthorization: Bearer " + m_key + "\r\nContent-Type: application/json\r\nContent-Length: ";
        const QByteArray three = "[" + eventJson(QStringLiteral("a")) + "," + eventJson(QStringLiteral("b")) + "," + eventJson(QStringLiteral("c")) + "]";
        for (int i = 0; i < 2; ++i) {
            waiting.append(m_fixture->client());
            waiting.last()->sendRaw(request + QByteArray::number(three.size()) + "\r\n\r\n" + three);
        }
        auto third = m_fixture->client();
        // The first batch is queued behind the lock (the second, 3 + 3 > 5, is refused).
        QTRY_VERIFY(third->request("GET", "/health").json()[QLatin1String("checks")][QLatin1String("queue")][QLatin1String("depth")].toInt() >= 3);
        RawResponse busy;
        for (int attempt = 0; attempt < 20 && busy.status != 503; ++attempt)
            busy = third->request("POST", "/v1/events", three, auth());
        QCOMPARE(busy.status, 503);
        QCOMPARE(busy.headers.value("retry-after"), QByteArray("1"));
        QVERIFY(busy.json().object().value(QLatin1String("error")).toString().contains(QLatin1String("queue is full")));
        lock.exec(QStringLiteral("ROLLBACK"));
        lock = QSqlQuery();
        blocker.close();
        blocker = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("blocker"));
        int accepted = 0;
        for (auto &client : waiting) {
            const RawResponse r = client->readResponse(15000);
            if (r.status == 202)
                accepted += r.json().object().value(QLatin1String("accepted")).toInt();
        }
        QVERIFY(accepted >= 3);
        QCOMPARE(query("limit=100").size(), accepted);
    }

    void restartKeepsEverything()
    {
        QByteArray body = "[";
        for (int i = 0; i < 500; ++i)
            body += (i ? "," : "") + eventJson(QStringLiteral("svc%1").arg(i % 7));
        body += "]";
        QCOMPARE(post(body).status, 202);
        QVERIFY(m_fixture->restart());
        QCOMPARE(query("limit=1000").size(), 500);
        QCOMPARE(post(eventJson(QStringLiteral("after"))).status, 202); // keys survive too
    }

    void healthAndMetricsNeedNoKey()
    {
        QCOMPARE(post(eventJson(QStringLiteral("a"))).status, 202);
        auto client = m_fixture->client();
        const RawResponse health = client->request("GET", "/health");
        QCOMPARE(health.status, 200);
        const QJsonObject checks = health.json().object().value(QLatin1String("checks")).toObject();
        QVERIFY(checks.value(QLatin1String("store")).toObject().value(QLatin1String("writable")).toBool());
        QVERIFY(checks.contains(QLatin1String("queue")));
        QVERIFY(checks.value(QLatin1String("last_commit")).toObject().value(QLatin1String("age_seconds")).toDouble() >= 0);
        const RawResponse metrics = client->request("GET", "/metrics");
        QCOMPARE(metrics.status, 200);
        QVERIFY(metrics.headers.value("content-type").startsWith("text/plain; version=0.0.4"));
        for (const char *name : {"sentinel_events_accepted_total 1", "sentinel_ingest_commit_latency_seconds_bucket",
                                 "sentinel_ingest_queue_depth", "sentinel_store_size_bytes", "sentinel_websocket_clients",
                                 "sentinel_http_requests_total{code=\"202\",route=\"/v1/events\"} 1"})
            QVERIFY2(metrics.body.contains(name), name);
    }

    void idleKeepAliveConnectionsAreClosed()
    {
        m_fixture.reset();
        services::EngineConfig config;
        config.limits.idleTimeoutMs = 300;
        config.limits.requestTimeoutMs = 300;
        m_fixture = std::make_unique<EngineFixture>(config);
        QVERIFY(m_fixture->start());
        auto idle = m_fixture->client();
        QCOMPARE(idle->request("GET", "/health").status, 200);
        QVERIFY(idle->waitForDisconnect(5000));
        auto slow = m_fixture->client();
        slow->sendRaw("POST /v1/events HTTP/1.1\r\nContent-Length: 100\r\n\r\n{\"source\"");
        QCOMPARE(slow->readResponse(5000).status, 408);
    }
};

QTEST_GUILESS_MAIN(TestIngestApi)
#include "tst_ingestapi.moc"
