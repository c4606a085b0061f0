#include "FakeClock.h"
#include "core/EventValidation.h"

#include <QTest>

using core::RawEvent;
using core::RawField;

namespace {

RawField text(const QString &value)
{
    return {RawField::Kind::String, value, {}};
}

RawField object(const QByteArray &json)
{
    return {RawField::Kind::Object, {}, json};
}

RawField other()
{
    return {RawField::Kind::Other, {}, {}};
}

RawEvent validEvent()
{
    RawEvent event;
    event.source = text(QStringLiteral("checkout"));
    event.type = text(QStringLiteral("http_request"));
    event.severity = text(QStringLiteral("ERROR"));
    event.payload = object(R"({"latency_ms":812})");
    return event;
}

const qint64 now = 1795434000000; // 2026-11-23T11:40:00Z

} // namespace

class TestEventValidation : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contract_data()
    {
        QTest::addColumn<RawEvent>("event");
        QTest::addColumn<QString>("field");   // empty = valid
        QTest::addColumn<QString>("problem"); // substring of the expected problem

        RawEvent e = validEvent();
        QTest::newRow("a complete event is valid") << e << QString() << QString();
        e = validEvent(); e.source = {};
        QTest::newRow("source is required") << e << "source" << "required";
        e = validEvent(); e.source = text(QStringLiteral("   "));
        QTest::newRow("source must not be blank") << e << "source" << "empty";
        e = validEvent(); e.source = other();
        QTest::newRow("source must be a string") << e << "source" << "string";
        e = validEvent(); e.source = text(QString(129, QLatin1Char('s')));
        QTest::newRow("source is at most 128 characters") << e << "source" << "128";
        e = validEvent(); e.source = text(QStringLiteral("api\ngateway"));
        QTest::newRow("source has no control characters") << e << "source" << "control";
        e = validEvent(); e.type = {};
        QTest::newRow("type is required") << e << "type" << "required";
        e = validEvent(); e.type = text(QString(129, QLatin1Char('t')));
        QTest::newRow("type is at most 128 characters") << e << "type" << "128";
        e = validEvent(); e.severity = {};
        QTest::newRow("severity is required") << e << "severity" << "required";
        e = validEvent(); e.severity = text(QStringLiteral("FATAL"));
        QTest::newRow("severity is one of the four levels") << e << "severity" << "INFO, WARN, ERROR, CRITICAL";
        e = validEvent(); e.severity = text(QStringLiteral("warn"));
        QTest::newRow("severity is accepted in lower case") << e << QString() << QString();
        e = validEvent(); e.payload = {};
        QTest::newRow("payload is required") << e << "payload" << "required";
        e = validEvent(); e.payload = other();
        QTest::newRow("payload must be an object") << e << "payload" << "object";
        e = validEvent(); e.payload = object(QByteArray(300 * 1024, 'x'));
        QTest::newRow("payload is at most 256 KiB") << e << "payload" << "larger";
        e = validEvent(); e.timestamp = text(QStringLiteral("2026-11-23 11:00"));
        QTest::newRow("timestamp must be RFC 3339") << e << "timestamp" << "RFC 3339";
        e = validEvent(); e.timestamp = text(QStringLiteral("2026-11-23T11:00:00"));
        QTest::newRow("timestamp needs an offset") << e << "timestamp" << "RFC 3339";
        e = validEvent(); e.timestamp = text(QStringLiteral("2026-11-25T11:40:00Z"));
        QTest::newRow("timestamp more than a day ahead is refused") << e << "timestamp" << "future";
        e = validEvent(); e.timestamp = text(QStringLiteral("2026-01-01T00:00:00Z"));
        QTest::newRow("timestamp older than retention is refused") << e << "timestamp" << "retention";
        e = validEvent(); e.timestamp = other();
        QTest::newRow("timestamp must be a string") << e << "timestamp" << "string";
        e = validEvent(); e.eventId = text(QStringLiteral("not-a-uuid"));
        QTest::newRow("event_id must be a UUID") << e << "event_id" << "UUID";
        e = validEvent(); e.eventId = text(QStringLiteral("{0190c9a4-3f1e-7a2b-8c3d-4e5f60718293}"));
        QTest::newRow("event_id in braces is refused") << e << "event_id" << "UUID";
        e = validEvent(); e.eventId = text(QStringLiteral("0190c9a4-3f1e-7a2b-8c3d-4e5f60718293"));
        QTest::newRow("event_id as a UUID is kept") << e << QString() << QString();
        e = validEvent(); e.unknownFields = {QStringLiteral("sevrity")};
        QTest::newRow("an unknown field is named") << e << "sevrity" << "not a field";
    }

    void contract()
    {
        QFETCH(RawEvent, event);
        QFETCH(QString, field);
        QFETCH(QString, problem);
        QList<core::FieldProblem> problems;
        const auto record = core::validateEvent(event, 7, core::EventLimits{}, now, &problems);
        if (field.isEmpty()) {
            QVERIFY2(record.has_value(), qPrintable(problems.value(0).problem));
            QVERIFY(problems.isEmpty());
            return;
        }
        QVERIFY(!record);
        QCOMPARE(problems.size(), 1);
        QCOMPARE(problems[0].index, 7);
        QCOMPARE(problems[0].field, field);
        QVERIFY2(problems[0].problem.contains(problem), qPrintable(problems[0].problem));
    }

    void everyProblemIsReportedNotJustTheFirst()
    {
        RawEvent event;
        event.severity = text(QStringLiteral("nope"));
        QList<core::FieldProblem> problems;
        QVERIFY(!core::validateEvent(event, 0, {}, now, &problems));
        QStringList fields;
        for (const auto &p : problems)
            fields.append(p.field);
        QCOMPARE(fields, (QStringList{QStringLiteral("source"), QStringLiteral("type"), QStringLiteral("severity"), QStringLiteral("payload")}));
    }

    void normalisesTimeAndSeverity()
    {
        RawEvent event = validEvent();
        event.severity = text(QStringLiteral("critical"));
        event.timestamp = text(QStringLiteral("2026-11-23T12:40:00.250+01:00"));
        QList<core::FieldProblem> problems;
        const auto record = core::validateEvent(event, 0, {}, now, &problems);
        QVERIFY(record);
        QCOMPARE(record->severity, core::Severity::Critical);
        QCOMPARE(record->timestampMs, now + 250);
        QCOMPARE(record->receivedMs, now);
        QCOMPARE(record->payloadJson, QByteArray(R"({"latency_ms":812})"));
        QVERIFY(record->eventId.isNull()); // the server assigns one later
    }

    void missingTimestampMeansReceiptTime()
    {
        QList<core::FieldProblem> problems;
        const auto record = core::validateEvent(validEvent(), 0, {}, now, &problems);
        QVERIFY(record);
        QCOMPARE(record->timestampMs, now);
    }
};

QTEST_GUILESS_MAIN(TestEventValidation)
#include "tst_eventvalidation.moc"
