// The dashboard in a real window: launched with --demo traffic, the live feed fills, the filters
// narrow it, the detail view shows a payload, the layout survives a restart. Screenshots are
// written to $SENTINEL_SCREENSHOT_DIR for a person to look at.
#include "EngineFixture.h"
#include "Screenshot.h"
#include "gui/EventDetailDialog.h"
#include "gui/LiveFeedPane.h"
#include "gui/MainWindow.h"
#include "gui/ServicesPane.h"
#include "gui/Theme.h"
#include "models/EventFilterProxyModel.h"
#include "models/LiveFeedModel.h"
#include "models/ModelRoles.h"
#include "models/ServicesModel.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QSettings>
#include <QTest>
#include <QToolButton>

class TestDashboard : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testsupport::EngineFixture> m_fixture;

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SentinelTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_dashboard"));
        QSettings().clear(); // start from the default layout, whatever an earlier run saved
        gui::applyDarkTheme(*qApp);
        services::EngineConfig config;
        config.demo = true;
        m_fixture = std::make_unique<testsupport::EngineFixture>(config);
        QVERIFY2(m_fixture->start(), qPrintable(m_fixture->lastError()));
    }

    void cleanupTestCase() { m_fixture.reset(); }

    void demoFillsTheFeedAndServices()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *table = window.findChild<QTableView *>(QStringLiteral("liveFeedTable"));
        auto *services = window.findChild<QTableView *>(QStringLiteral("servicesTable"));
        QVERIFY(table && services);
        QAbstractItemModelTester feedTester(window.liveFeed()->model(), QAbstractItemModelTester::FailureReportingMode::Warning);
        QAbstractItemModelTester servicesTester(window.servicesPane()->model(), QAbstractItemModelTester::FailureReportingMode::Warning);
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 100, 20000);
        QTRY_VERIFY_WITH_TIMEOUT(services->model()->rowCount() >= 6, 10000);
        auto *rate = window.findChild<QLabel *>(QStringLiteral("rateLabel"));
        QTRY_VERIFY_WITH_TIMEOUT(!rate->text().contains(QLatin1String(": 0 events/s")), 5000);
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("addressLabel"))->text().contains(QStringLiteral("127.0.0.1:%1").arg(m_fixture->port())));
        // Newest first (by arrival; the simulator jitters timestamps within its 250 ms tick).
        const qint64 top = table->model()->index(0, 0).data(models::RawRole).toLongLong();
        const qint64 bottom = table->model()->index(table->model()->rowCount() - 1, 0).data(models::RawRole).toLongLong();
        QVERIFY(top >= bottom - 250);
        testsupport::saveScreenshot(&window, QStringLiteral("dashboard"));
    }

    void filtersNarrowTheFeed()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *table = window.findChild<QTableView *>(QStringLiteral("liveFeedTable"));
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 200, 20000);
        auto *filter = window.findChild<QLineEdit *>(QStringLiteral("filterEdit"));
        QTest::keyClicks(filter, QStringLiteral("payments"));
        QTRY_VERIFY(table->model()->rowCount() < window.liveFeed()->model()->rowCount());
        QTRY_VERIFY(table->model()->rowCount() > 0);
        for (int row = 0; row < table->model()->rowCount(); ++row) {
            const auto event = table->model()->index(row, 0).data(models::EventRole).value<core::EventRecord>();
            QVERIFY(event.source.contains(QLatin1String("payments")) || event.payloadJson.contains("payments"));
        }
        testsupport::saveScreenshot(&window, QStringLiteral("dashboard-filtered"));
        filter->clear();
        auto *severity = window.findChild<QComboBox *>(QStringLiteral("severityCombo"));
        severity->setCurrentIndex(int(core::Severity::Warn));
        QTRY_VERIFY(table->model()->rowCount() < window.liveFeed()->model()->rowCount());
        for (int row = 0; row < table->model()->rowCount(); ++row)
            QVERIFY(table->model()->index(row, 0).data(models::SeverityRole).toInt() >= int(core::Severity::Warn));
        severity->setCurrentIndex(0);
        auto *source = window.findChild<QComboBox *>(QStringLiteral("sourceCombo"));
        QTRY_VERIFY(source->findData(QStringLiteral("auth")) > 0);
        source->setCurrentIndex(source->findData(QStringLiteral("auth")));
        QTRY_VERIFY(table->model()->rowCount() > 0);
        for (int row = 0; row < table->model()->rowCount(); ++row)
            QCOMPARE(table->model()->index(row, models::LiveFeedModel::SourceColumn).data().toString(), QStringLiteral("auth"));
    }

    void pauseHoldsTheFeed()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QTRY_VERIFY_WITH_TIMEOUT(window.liveFeed()->model()->rowCount() > 10, 20000);
        auto *pause = window.findChild<QToolButton *>(QStringLiteral("pauseButton"));
        QTest::mouseClick(pause, Qt::LeftButton);
        QVERIFY(window.liveFeed()->model()->isPaused());
        const QModelIndex first = window.liveFeed()->model()->index(0, 0);
        const qint64 newestShown = first.data(models::RawRole).toLongLong();
        QTRY_VERIFY_WITH_TIMEOUT(window.liveFeed()->model()->heldCount() > 0, 5000);
        QCOMPARE(window.liveFeed()->model()->index(0, 0).data(models::RawRole).toLongLong(), newestShown);
        QVERIFY(window.findChild<QLabel *>(QStringLiteral("feedCountLabel"))->text().contains(QLatin1String("held")));
        QTest::mouseClick(pause, Qt::LeftButton);
        QCOMPARE(window.liveFeed()->model()->heldCount(), 0);
    }

    void doubleClickOpensTheEvent()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *table = window.findChild<QTableView *>(QStringLiteral("liveFeedTable"));
        QTRY_VERIFY_WITH_TIMEOUT(table->model()->rowCount() > 5, 20000);
        window.findChild<QToolButton *>(QStringLiteral("pauseButton"))->setChecked(true); // hold the rows still
        const QModelIndex index = table->model()->index(2, models::LiveFeedModel::SummaryColumn);
        const auto expected = index.data(models::EventRole).value<core::EventRecord>();
        const QRect cell = table->visualRect(index);
        // A real double-click: the view needs the press that precedes it on the same cell.
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
        gui::EventDetailDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<gui::EventDetailDialog *>(QStringLiteral("eventDetailDialog"))) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        auto *payload = dialog->findChild<QPlainTextEdit *>(QStringLiteral("payloadView"));
        QVERIFY(payload->toPlainText().contains(QLatin1String("\"endpoint\"")));
        QVERIFY(payload->toPlainText().contains(QLatin1String("\n"))); // pretty-printed
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("eventIdLabel"))->text(), expected.eventId.toString(QUuid::WithoutBraces));
        testsupport::saveScreenshot(dialog, QStringLiteral("event-detail"));
        dialog->close();
    }

    void layoutIsRestoredOnTheNextStart()
    {
        {
            gui::MainWindow window(m_fixture->engine());
            window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&window));
            window.findChild<QDockWidget *>(QStringLiteral("servicesDock"))->hide();
            window.close();
        }
        gui::MainWindow again(m_fixture->engine());
        again.show();
        QVERIFY(QTest::qWaitForWindowExposed(&again));
        QVERIFY(!again.findChild<QDockWidget *>(QStringLiteral("servicesDock"))->isVisible());
        again.findChild<QDockWidget *>(QStringLiteral("servicesDock"))->show();
        again.close();
    }
};

QTEST_MAIN(TestDashboard)
#include "tst_dashboard.moc"
