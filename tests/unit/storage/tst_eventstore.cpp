#include "FakeClock.h"
#include "core/EventId.h"
#include "storage/ApiKeyStore.h"
#include "storage/EventStoreReader.h"
#include "storage/EventStoreWriter.h"
#include "storage/Partitions.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace {

constexpr qint64 day = 86400000;
const qint64 t0 = 1795392000000; // 2026-11-23T00:00:00Z, a day boundary

core::EventRecord makeEvent(core::EventIdGenerator &ids, const QString &source, qint64 ts, core::Severity severity = core::Severity::Info)
{
    core::EventRecord e;
    e.eventId = ids.next(ts);
    e.source = source;
    e.type = QStringLiteral("t");
    e.severity = severity;
    e.timestampMs = ts;
    e.receivedMs = ts;
    e.payloadJson = QByteArrayLiteral("{\"message\":\"hello 100% done\"}");
    return e;
}

} // namespace

class TestEventStore : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString path(const char *name) const { return QDir(m_dir.path()).filePath(QLatin1String(name)); }

private Q_SLOTS:
    void partitionNames()
    {
        QCOMPARE(storage::dayOf(t0), t0 / day);
        QCOMPARE(storage::dayOf(t0 - 1), t0 / day - 1);
        QCOMPARE(storage::partitionTable(storage::dayOf(t0)), QStringLiteral("events_20261123"));
        QCOMPARE(storage::partitionDay(QStringLiteral("events_20261123")), storage::dayOf(t0));
        QCOMPARE(storage::partitionDay(QStringLiteral("events_2026112")), -1);
        QCOMPARE(storage::partitionDay(QStringLiteral("api_keys")), -1);
    }

    void retentionHorizon_data()
    {
        QTest::addColumn<qint64>("nowMs");
        QTest::addColumn<QList<qint64>>("dropped");
        const qint64 d = t0 / day;
        QTest::newRow("a day is kept while any of it is inside the horizon") << t0 + 2 * day - 1 << QList<qint64>{d - 2};
        QTest::newRow("a day is dropped once all of it is older") << t0 + 2 * day << QList<qint64>{d - 2, d - 1};
        QTest::newRow("nothing is dropped early") << t0 << QList<qint64>{};
    }

    void retentionHorizon()
    {
        QFETCH(qint64, nowMs);
        QFETCH(QList<qint64>, dropped);
        const qint64 d = t0 / day;
        QCOMPARE(storage::partitionsToDrop({d - 2, d - 1, d}, nowMs, 2 * day), dropped);
    }

    void writesReadsAndPagesNewestFirst()
    {
        storage::EventStoreWriter writer;
        QVERIFY(!writer.open(path("page.db")).isError());
        core::EventIdGenerator ids;
        core::EventList events;
        for (int i = 0; i < 25; ++i)
            events.append(makeEvent(ids, i % 2 ? QStringLiteral("odd") : QStringLiteral("even"), t0 - day / 2 + i * 3600000,
                                    i == 24 ? core::Severity::Critical : core::Severity::Info));
        QList<QList<bool>> stored;
        QVERIFY(!writer.write({&events}, &stored).isError());
        QCOMPARE(stored[0].count(true), 25);
        QCOMPARE(writer.partitionDays().size(), 2); // the events straddle midnight

        storage::EventStoreReader reader;
        QVERIFY(!reader.open(path("page.db"), QStringLiteral("reader-page")).isError());
        core::EventQuery query;
        query.limit = 10;
        QStringList seen;
        qint64 previous = std::numeric_limits<qint64>::max();
        int pages = 0;
        for (;;) {
            core::EventPage page;
            QVERIFY(!reader.query(query, &page).isError());
            ++pages;
            for (const auto &e : page.events) {
                QVERIFY(e.timestampMs <= previous);
                previous = e.timestampMs;
                seen.append(e.eventId.toString());
            }
            if (page.nextCursor.isEmpty())
                break;
            QVERIFY(core::decodeCursor(page.nextCursor, &query));
        }
        QCOMPARE(pages, 3);
        QCOMPARE(seen.size(), 25);
        QCOMPARE(QSet<QString>(seen.begin(), seen.end()).size(), 25);

        core::EventQuery filtered;
        filtered.source = QStringLiteral("odd");
        core::EventPage page;
        QVERIFY(!reader.query(filtered, &page).isError());
        QCOMPARE(page.events.size(), 12);
        filtered = {};
        filtered.minSeverity = core::Severity::Critical;
        QVERIFY(!reader.query(filtered, &page).isError());
        QCOMPARE(page.events.size(), 1);
        filtered = {};
        filtered.text = QStringLiteral("100% DONE"); // LIKE wildcards are literal, case folds
        QVERIFY(!reader.query(filtered, &page).isError());
        QCOMPARE(page.events.size(), 25);
        filtered.text = QStringLiteral("100_");
        QVERIFY(!reader.query(filtered, &page).isError());
        QCOMPARE(page.events.size(), 0);
        filtered = {};
        filtered.sinceMs = t0;
        filtered.untilMs = t0 + 3 * 3600000;
        QVERIFY(!reader.query(filtered, &page).isError());
        QCOMPARE(page.events.size(), 4); // 00:00, 01:00, 02:00 and 03:00: both bounds inclusive
    }

    void sameEventIdIsStoredOnce()
    {
        storage::EventStoreWriter writer;
        QVERIFY(!writer.open(path("dedup.db")).isError());
        core::EventIdGenerator ids;
        core::EventRecord e = makeEvent(ids, QStringLiteral("api"), t0);
        e.eventId = QUuid::createUuid(); // a client's random v4 id
        core::EventList first{e, e};
        QList<QList<bool>> stored;
        QVERIFY(!writer.write({&first}, &stored).isError());
        QCOMPARE(stored[0], (QList<bool>{true, false}));
        core::EventList again{e};
        QVERIFY(!writer.write({&again}, &stored).isError());
        QCOMPARE(stored[0], (QList<bool>{false}));
    }

    void retentionDropsWholeDaysAndReusesTheSpace()
    {
        const QString file = path("retention.db");
        storage::EventStoreWriter writer;
        QVERIFY(!writer.open(file).isError());
        core::EventIdGenerator ids;
        qint64 sizeAfterFirstCycle = 0;
        for (int cycle = 0; cycle < 4; ++cycle) {
            core::EventList events;
            for (int i = 0; i < 5000; ++i)
                events.append(makeEvent(ids, QStringLiteral("api"), t0 + cycle * day + i));
            QList<QList<bool>> stored;
            QVERIFY(!writer.write({&events}, &stored).isError());
            storage::StoreError error;
            const QStringList dropped = writer.applyRetention(t0 + (cycle + 2) * day, day, &error);
            QVERIFY(!error.isError());
            QCOMPARE(dropped.size(), 1);
            QSqlQuery checkpoint(QSqlDatabase::database(QStringLiteral("sentinel-writer")));
            checkpoint.exec(QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
            const qint64 size = QFileInfo(file).size();
            if (cycle == 0)
                sizeAfterFirstCycle = size;
            else
                QVERIFY2(size <= sizeAfterFirstCycle * 1.5, "dropped partitions must not leave the file growing");
        }
        QCOMPARE(writer.partitionDays().size(), 0);
    }

    void refusesANewerSchema()
    {
        const QString file = path("newer.db");
        {
            storage::SqliteConnection c;
            QVERIFY(!c.open(file, QStringLiteral("newer-setup")).isError());
            QSqlQuery q(c.database());
            QVERIFY(q.exec(QStringLiteral("PRAGMA user_version=99")));
        }
        storage::SqliteConnection c;
        const storage::StoreError error = c.open(file, QStringLiteral("newer-open"));
        QVERIFY(error.message.contains(QLatin1String("newer Sentinel")));
        QVERIFY(error.message.contains(QLatin1String("99")));
    }

    void refusesAFileThatIsNotADatabase()
    {
        const QString file = path("garbage.db");
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        storage::SqliteConnection c;
        const storage::StoreError error = c.open(file, QStringLiteral("garbage-open"));
        QVERIFY2(error.message.contains(QLatin1String("damaged or not a Sentinel database")), qPrintable(error.message));
    }

    void apiKeysLifecycle()
    {
        storage::SqliteConnection c;
        QVERIFY(!c.open(path("keys.db"), QStringLiteral("keys")).isError());
        storage::ApiKeyStore store(c.database());
        storage::StoreError error;
        const QString key = store.create(QStringLiteral("grafana"), {QStringLiteral("sentry.read")}, t0, &error);
        QVERIFY(!error.isError());
        store.create(QStringLiteral("grafana"), {QStringLiteral("sentry.read")}, t0, &error);
        QVERIFY(error.message.contains(QLatin1String("already exists")));
        error = {};
        store.create(QStringLiteral("bad name!"), {QStringLiteral("sentry.read")}, t0, &error);
        QVERIFY(error.message.contains(QLatin1String("invalid key name")));
        error = {};
        auto resolved = store.resolve(core::hashApiKey(key), &error);
        QVERIFY(resolved);
        QCOMPARE(resolved->name, QStringLiteral("grafana"));
        QVERIFY(!resolved->isRevoked());
        QVERIFY(store.revoke(QStringLiteral("grafana"), t0 + 1, &error));
        QVERIFY(store.resolve(core::hashApiKey(key), &error)->isRevoked());
        QVERIFY(!store.revoke(QStringLiteral("grafana"), t0 + 2, &error));
        // A revoked name can be reused; the old key stays dead.
        error = {};
        const QString second = store.create(QStringLiteral("grafana"), {QStringLiteral("sentry.ingest")}, t0 + 3, &error);
        QVERIFY(!error.isError());
        QVERIFY(!store.resolve(core::hashApiKey(key), &error));
        QCOMPARE(store.resolve(core::hashApiKey(second), &error)->scopes, QStringList{QStringLiteral("sentry.ingest")});
        QCOMPARE(store.list(&error).size(), 1);
        // Only the hash is stored.
        QSqlQuery q(c.database());
        q.exec(QStringLiteral("SELECT COUNT(*) FROM api_keys WHERE CAST(key_hash AS TEXT) LIKE '%snl_%'"));
        QVERIFY(q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }
};

QTEST_GUILESS_MAIN(TestEventStore)
#include "tst_eventstore.moc"
