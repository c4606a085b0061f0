#include "models/EventFilterProxyModel.h"
#include "models/LiveFeedModel.h"
#include "models/ModelRoles.h"
#include "models/ServicesModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

namespace {

core::EventList batch(int count, int offset, const QString &source = QStringLiteral("api"))
{
    core::EventList events;
    for (int i = 0; i < count; ++i) {
        core::EventRecord e;
        e.eventId = QUuid::createUuid();
        e.source = source;
        e.type = QStringLiteral("t");
        e.severity = i % 4 == 0 ? core::Severity::Error : core::Severity::Info;
        e.timestampMs = 1795392000000 + offset + i;
        e.payloadJson = QByteArrayLiteral("{\"message\":\"n") + QByteArray::number(offset + i) + "\"}";
        events.append(e);
    }
    return events;
}

} // namespace

class TestModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void liveFeedInsertsOneBatchAtATimeNewestFirst()
    {
        models::LiveFeedModel model(100);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        model.appendBatch(batch(30, 0));
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 30);
        QCOMPARE(model.index(0, models::LiveFeedModel::SummaryColumn).data().toString(), QStringLiteral("n29"));
        QCOMPARE(model.index(0, models::LiveFeedModel::TimeColumn).data(models::RawRole).toLongLong(), 1795392000029);
        model.appendBatch(batch(90, 100));
        QCOMPARE(inserted.count(), 2);
        QCOMPARE(removed.count(), 1); // the oldest 20 made room, in one step
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.index(0, models::LiveFeedModel::SummaryColumn).data().toString(), QStringLiteral("n189"));
        QCOMPARE(model.index(99, models::LiveFeedModel::SummaryColumn).data().toString(), QStringLiteral("n20"));
        model.appendBatch(batch(250, 1000)); // more than the capacity in one batch
        QCOMPARE(model.rowCount(), 100);
        QCOMPARE(model.index(0, models::LiveFeedModel::SummaryColumn).data().toString(), QStringLiteral("n1249"));
    }

    void pausedFeedHoldsArrivalsUntilResumed()
    {
        models::LiveFeedModel model(100);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendBatch(batch(5, 0));
        model.setPaused(true);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.appendBatch(batch(5, 10));
        model.appendBatch(batch(5, 20));
        QCOMPARE(inserted.count(), 0);
        QCOMPARE(model.heldCount(), 10);
        model.setPaused(false);
        QCOMPARE(inserted.count(), 1);
        QCOMPARE(model.rowCount(), 15);
        QCOMPARE(model.heldCount(), 0);
    }

    void proxyFiltersWithTheCorePredicate()
    {
        models::LiveFeedModel model(1000);
        models::EventFilterProxyModel proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.appendBatch(batch(40, 0, QStringLiteral("api")));
        model.appendBatch(batch(20, 100, QStringLiteral("db")));
        QCOMPARE(proxy.rowCount(), 60);
        proxy.setEventFilter({QStringLiteral("db"), {}, core::Severity::Info, {}});
        QCOMPARE(proxy.rowCount(), 20);
        proxy.setEventFilter({{}, {}, core::Severity::Error, {}});
        QCOMPARE(proxy.rowCount(), 15);
        proxy.setEventFilter({{}, {}, core::Severity::Info, QStringLiteral("n11")});
        QCOMPARE(proxy.rowCount(), 11); // n11, n110..n119
        model.appendBatch(batch(1, 11, QStringLiteral("api")));
        QCOMPARE(proxy.rowCount(), 12); // new rows pass through the same filter
    }

    void servicesModelUpdatesInPlaceOrResets()
    {
        models::ServicesModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        core::ServiceSummary api{QStringLiteral("api"), 1000, 12, core::Severity::Warn, 30};
        core::ServiceSummary db{QStringLiteral("db"), 500, 0, std::nullopt, 0};
        model.setSummaries({api, db}, 2000);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(model.index(0, models::ServicesModel::StatusColumn).data().toString(), QStringLiteral("WARN"));
        QCOMPARE(model.index(1, models::ServicesModel::StatusColumn).data().toString(), QStringLiteral("quiet"));
        api.eventsPerMinute = 40;
        model.setSummaries({api, db}, 3000);
        QCOMPARE(reset.count(), 1);
        QCOMPARE(changed.count(), 1);
        QCOMPARE(model.index(0, models::ServicesModel::RateColumn).data(models::RawRole).toDouble(), 40.0);
        model.setSummaries({api, db}, 200000); // two minutes without a word from them
        QCOMPARE(model.index(1, models::ServicesModel::StatusColumn).data().toString(), QStringLiteral("SILENT"));
    }
};

QTEST_GUILESS_MAIN(TestModels)
#include "tst_models.moc"
