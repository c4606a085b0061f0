#include "core/EventId.h"
#include "core/Rfc3339.h"

#include <QSet>
#include <QTest>

class TestTimeAndIds : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parse_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("expected"); // -1 = invalid
        QTest::newRow("UTC with Z") << "2026-11-23T15:21:24Z" << qint64(1795447284000);
        QTest::newRow("milliseconds") << "2026-11-23T15:21:24.123Z" << qint64(1795447284123);
        QTest::newRow("microseconds are truncated") << "2026-11-23T15:21:24.123999Z" << qint64(1795447284123);
        QTest::newRow("one fraction digit") << "2026-11-23T15:21:24.5Z" << qint64(1795447284500);
        QTest::newRow("positive offset") << "2026-11-23T16:21:24+01:00" << qint64(1795447284000);
        QTest::newRow("negative offset") << "2026-11-23T10:21:24-05:00" << qint64(1795447284000);
        QTest::newRow("lower-case t and z") << "2026-11-23t15:21:24z" << qint64(1795447284000);
        QTest::newRow("leap second folds into :59") << "2016-12-31T23:59:60Z" << qint64(1483228799000);
        QTest::newRow("no offset") << "2026-11-23T15:21:24" << qint64(-1);
        QTest::newRow("date only") << "2026-11-23" << qint64(-1);
        QTest::newRow("impossible date") << "2026-02-30T00:00:00Z" << qint64(-1);
        QTest::newRow("hour 24") << "2026-11-23T24:00:00Z" << qint64(-1);
        QTest::newRow("trailing garbage") << "2026-11-23T15:21:24Zx" << qint64(-1);
        QTest::newRow("empty fraction") << "2026-11-23T15:21:24.Z" << qint64(-1);
        QTest::newRow("unix seconds") << "1795447284" << qint64(-1);
    }

    void parse()
    {
        QFETCH(QString, text);
        QFETCH(qint64, expected);
        const auto parsed = core::parseRfc3339(text);
        if (expected < 0) {
            QVERIFY(!parsed);
        } else {
            QVERIFY(parsed);
            QCOMPARE(*parsed, expected);
        }
    }

    void formatIsUtcWithMilliseconds()
    {
        QCOMPARE(core::formatRfc3339(1795447284123), QStringLiteral("2026-11-23T15:21:24.123Z"));
        QCOMPARE(core::formatRfc3339(1795447284000), QStringLiteral("2026-11-23T15:21:24.000Z"));
        QCOMPARE(*core::parseRfc3339(core::formatRfc3339(1795447284123)), qint64(1795447284123));
    }

    void idsAreVersion7AndCarryTheirTime()
    {
        core::EventIdGenerator generator;
        const QUuid id = generator.next(1795447284123);
        QCOMPARE(core::uuidVersion(id), 7);
        QCOMPARE(id.variant(), QUuid::DCE);
        QCOMPARE(core::uuidV7Millis(id), qint64(1795447284123));
    }

    void idsIncreaseStrictlyEvenWithinOneMillisecond()
    {
        core::EventIdGenerator generator;
        QByteArray previous;
        QSet<QUuid> seen;
        for (int i = 0; i < 100000; ++i) {
            const QUuid id = generator.next(1795447284123 + i / 1000);
            const QByteArray bytes = id.toRfc4122();
            QVERIFY2(bytes > previous, "ids must sort in generation order");
            previous = bytes;
            seen.insert(id);
        }
        QCOMPARE(seen.size(), 100000);
    }

    void idsStayOrderedWhenTheClockStepsBack()
    {
        core::EventIdGenerator generator;
        const QByteArray first = generator.next(2000).toRfc4122();
        const QByteArray second = generator.next(1000).toRfc4122();
        QVERIFY(second > first);
    }
};

QTEST_GUILESS_MAIN(TestTimeAndIds)
#include "tst_timeandids.moc"
