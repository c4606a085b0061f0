// SLO counting: SLIs that differ only in their latency threshold share one group and one binary
// search per event; every SLO still gets exactly its own good and valid counts per minute.
#include "services/SloCounter.h"

#include <QJsonDocument>
#include <QTest>

namespace {

constexpr qint64 t0 = 1795392000000; // 2026-11-23T00:00:00Z, a minute boundary

std::shared_ptr<services::SloTracker> tracker(const char *id, const QString &service, const QByteArray &sliJson)
{
    QList<slo::SloProblem> problems;
    const auto sli = services::parseSli(QJsonDocument::fromJson(sliJson).object(), service, &problems);
    if (!sli)
        qFatal("test SLI invalid: %s %s", qPrintable(problems.value(0).path), qPrintable(problems.value(0).problem));
    slo::SloSpec spec;
    spec.id = QString::fromLatin1(id);
    spec.service = service;
    return std::make_shared<services::SloTracker>(spec, *sli);
}

std::shared_ptr<services::SloTracker> latency(const char *id, const QString &service, int threshold)
{
    return tracker(id, service,
                   R"({"kind": "latency", "valid": {"type": "http_request"}, "field": "payload.latency_ms", "threshold": )" + QByteArray::number(threshold) + "}");
}

core::EventRecord request(qint64 at, const QString &source, const QByteArray &payload)
{
    core::EventRecord e;
    e.source = source;
    e.type = QStringLiteral("http_request");
    e.timestampMs = at;
    e.payloadJson = payload;
    return e;
}

} // namespace

class TestSloCounter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everySloGetsItsOwnCounts()
    {
        const QList<std::shared_ptr<services::SloTracker>> slos{
            latency("lat100", QStringLiteral("checkout"), 100),  latency("lat250", QStringLiteral("checkout"), 250),
            latency("lat300", QStringLiteral("checkout"), 300),  latency("lat300-again", QStringLiteral("checkout"), 300),
            latency("any200", QString(), 200), // no service: any source
            tracker("ratio", QStringLiteral("checkout"), R"({"kind": "ratio", "valid": {}, "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}})")};
        services::SloCounter counter;
        counter.setTrackers(slos);
        QCOMPARE(counter.groupCount(), 3); // the four checkout latency SLIs are one group

        const core::EventList events{request(t0 + 1000, QStringLiteral("checkout"), R"({"latency_ms":50,"status":200})"),
                                     request(t0 + 2000, QStringLiteral("checkout"), R"({"latency_ms":150,"status":200})"),
                                     request(t0 + 3000, QStringLiteral("checkout"), R"({"latency_ms":250,"status":500})"),
                                     request(t0 + 4000, QStringLiteral("checkout"), R"({"latency_ms":300,"status":200})"),
                                     request(t0 + 5000, QStringLiteral("checkout"), R"({"latency_ms":301,"status":503})"),
                                     request(t0 + 6000, QStringLiteral("checkout"), R"({"status":200})"), // no latency: not valid for latency SLIs
                                     request(t0 + 61000, QStringLiteral("search"), R"({"latency_ms":120})")};
        counter.count(events);
        const auto counted = counter.takeCounted();
        const auto at = [&](const char *id, qint64 minute) {
            const storage::MinuteCounts c = counted.value(QString::fromLatin1(id)).value(minute);
            return QPair<qint64, qint64>(c.good, c.valid);
        };
        using P = QPair<qint64, qint64>;
        QCOMPARE(at("lat100", t0), P(1, 5));
        QCOMPARE(at("lat250", t0), P(3, 5)); // <= threshold is good
        QCOMPARE(at("lat300", t0), P(4, 5));
        QCOMPARE(at("lat300-again", t0), P(4, 5));
        QCOMPARE(at("ratio", t0), P(4, 6));
        QCOMPARE(at("any200", t0), P(2, 5));
        QCOMPARE(at("any200", t0 + 60000), P(1, 1)); // the search event, in its own minute
        QVERIFY(!counted.value(QStringLiteral("lat100")).contains(t0 + 60000));
        // The counts are in each SLO's rollup too, and taken only once.
        QCOMPARE(slos[1]->rollup().sum(t0, t0 + 120000).good, 3);
        QVERIFY(counter.takeCounted().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSloCounter)
#include "tst_slocounter.moc"
