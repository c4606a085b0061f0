// The Automation pane and Settings → Notifications in a real window under Xvfb, against a real
// engine: hooks run with confirmation and report back; channels, routing, schedules and dead
// letters are managed through the dialog, with problems shown next to the field.
#include "EngineFixture.h"
#include "HttpReceiver.h"
#include "Screenshot.h"
#include "core/ApiKeys.h"
#include "gui/AlertsPane.h"
#include "gui/AutomationPane.h"
#include "gui/ChannelDialog.h"
#include "gui/MainWindow.h"
#include "gui/NotificationSettingsDialog.h"
#include "gui/Theme.h"
#include "gui/TimelinePane.h"

#include <QApplication>
#include <QComboBox>
#include <QDockWidget>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableWidget>
#include <QTest>
#include <QTimer>
#include <QTreeWidget>

namespace {

const QByteArray diskRule = R"({"id":"disk-full","name":"Disk full","severity":"CRITICAL","match":{"source":"db"},
  "detector":{"kind":"threshold","field":"payload.used_pct","op":">","value":90},"group_by":["payload.host"],"hooks":["clean-tmp","restart-db"]})";
const QByteArray cleanHook = R"({"kind":"command","argv":["/usr/bin/printf","cleaned /tmp on %s","{{labels.payload.host}}"],"allow":true,"confirm":true,
  "description":"Removes stale files from /tmp on the host"})";
const QByteArray restartHook = R"({"kind":"command","argv":["/bin/true"],"allow":true})";
const QByteArray schedule = R"({"timezone":"Europe/Berlin","rotations":[{"name":"primary","kind":"daily","start":"2026-11-01","handoff":"09:00",
  "members":[{"name":"alice","channels":["hook"]},{"name":"bob","channels":["hook"]}]}]})";

template<typename T>
T *waitForChild(QWidget *parent, const QString &name)
{
    T *found = nullptr;
    if (!QTest::qWaitFor([&] { return (found = parent->findChild<T *>(name)) != nullptr; }, 5000))
        return nullptr;
    return found;
}

} // namespace

class TestNotifyPanes : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testsupport::EngineFixture> m_fixture;
    testsupport::HttpReceiver m_receiver;
    QList<QPair<QByteArray, QByteArray>> m_headers;

    int post(const QByteArray &method, const QByteArray &target, const QByteArray &body)
    {
        return m_fixture->client()->request(method, target, body, m_headers).status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SentinelTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_notifypanes"));
        gui::applyDarkTheme(*qApp);
        QVERIFY(m_receiver.start());
        services::EngineConfig config;
        config.notifyRetryBaseMs = 20;
        config.notifyCircuitOpenMs = 200;
        m_fixture = std::make_unique<testsupport::EngineFixture>(config);
        QVERIFY(m_fixture->start());
        m_headers = {{"Authorization", "Bearer " + m_fixture->createKey(QStringLiteral("noc"), core::scopes::all())}, {"Content-Type", "application/json"}};
        QCOMPARE(post("PUT", "/v1/hooks/clean-tmp", cleanHook), 201);
        QCOMPARE(post("PUT", "/v1/hooks/restart-db", restartHook), 201);
        QCOMPARE(post("POST", "/v1/alerts/policies", diskRule), 201);
        QCOMPARE(post("POST", "/v1/events", R"({"source":"db","type":"disk","severity":"ERROR","payload":{"host":"db-7","used_pct":97}})"), 202);
    }
    void cleanupTestCase() { m_fixture.reset(); }

    void automationPaneRunsAHookAfterConfirmation()
    {
        gui::MainWindow window(m_fixture->engine());
        window.resize(1500, 950);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(QStringLiteral("automationDock"))->raise();
        QString alertId;
        QTRY_VERIFY_WITH_TIMEOUT(!(alertId = QJsonDocument::fromJson(m_fixture->client()->request("GET", "/v1/alerts?rule=disk-full", {}, m_headers).body)
                                                 .object()[QLatin1String("alerts")][0][QLatin1String("alert_id")].toString())
                                      .isEmpty(),
                                 10000);
        gui::AutomationPane *pane = window.automationPane();
        pane->showAlert(alertId);
        QPushButton *clean = waitForChild<QPushButton>(pane, QStringLiteral("hook:clean-tmp"));
        QVERIFY(clean);
        QVERIFY(pane->findChild<QPushButton *>(QStringLiteral("hook:restart-db")));
        QCOMPARE(clean->text(), QStringLiteral("clean-tmp…")); // asks before it runs

        // Cancel first: nothing runs.
        QTimer::singleShot(200, [] {
            if (auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget()))
                box->button(QMessageBox::Cancel)->click();
        });
        QSignalSpy finished(pane, &gui::AutomationPane::hookFinished);
        clean->click();
        QTest::qWait(300);
        QCOMPARE(finished.size(), 0);
        // Then confirm.
        QTimer::singleShot(200, [] {
            auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
            QVERIFY(box && box->objectName() == QLatin1String("confirmHook"));
            box->button(QMessageBox::Yes)->click();
        });
        clean->click();
        QVERIFY(finished.wait(10000));
        auto *result = pane->findChild<QLabel *>(QStringLiteral("hookResult"));
        QVERIFY2(result->text().contains(QLatin1String("succeeded")) && result->text().contains(QLatin1String("cleaned /tmp on db-7")), qPrintable(result->text()));
        // The timeline (refreshed after the run) shows it.
        auto *entries = window.timelinePane()->findChild<QTreeWidget *>();
        QVERIFY(entries);
        QTRY_VERIFY([&] {
            for (int i = 0; i < entries->topLevelItemCount(); ++i)
                if (entries->topLevelItem(i)->text(3).startsWith(QLatin1String("Ran clean-tmp")))
                    return true;
            return false;
        }());
        testsupport::saveScreenshot(&window, QStringLiteral("automation"));
    }

    void notificationSettingsManageChannelsRoutingSchedulesAndDeadLetters()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.openNotificationSettings();
        auto *dialog = waitForChild<gui::NotificationSettingsDialog>(&window, QStringLiteral("notificationSettings"));
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));

        // A channel whose secret is typed in: this session has no keychain, so the dialog says so
        // next to the secret field and keeps the secret out of everything else.
        dialog->findChild<QPushButton *>(QStringLiteral("addChannel"))->click();
        auto *channelDialog = waitForChild<gui::ChannelDialog>(dialog, QStringLiteral("channelDialog"));
        QVERIFY(channelDialog);
        channelDialog->findChild<QLineEdit *>(QStringLiteral("channelName"))->setText(QStringLiteral("hook"));
        channelDialog->findChild<QComboBox *>(QStringLiteral("channelKind"))->setCurrentText(QStringLiteral("webhook"));
        channelDialog->findChild<QPlainTextEdit *>(QStringLiteral("channelSettings"))
            ->setPlainText(QStringLiteral("{\"url\": \"%1\"}").arg(m_receiver.url(QStringLiteral("/hook"))));
        channelDialog->findChild<QLineEdit *>(QStringLiteral("channelSecret"))->setText(QStringLiteral("s3cret-signing-key"));
        channelDialog->save();
        auto *secretProblems = channelDialog->findChild<QLabel *>(QStringLiteral("secretProblems"));
        QTRY_VERIFY(secretProblems->isVisible() && secretProblems->text().contains(QLatin1String("keychain")));
        testsupport::saveScreenshot(channelDialog, QStringLiteral("channel-dialog"));
        // The environment instead: saved, listed.
        qputenv("SENTINEL_GUI_HOOK_SECRET", "s3cret-signing-key");
        channelDialog->findChild<QLineEdit *>(QStringLiteral("channelSecret"))->clear();
        channelDialog->findChild<QLineEdit *>(QStringLiteral("channelSecretEnv"))->setText(QStringLiteral("SENTINEL_GUI_HOOK_SECRET"));
        QSignalSpy accepted(channelDialog, &QDialog::accepted);
        channelDialog->save();
        QVERIFY(accepted.wait(5000));
        auto *channels = dialog->findChild<QTableWidget *>(QStringLiteral("channelsTable"));
        QTRY_COMPARE(channels->rowCount(), 1);
        QCOMPARE(channels->item(0, 0)->text(), QStringLiteral("hook"));

        // Send a test alert: through the routing, nothing takes it (a webhook is not in the
        // default routes), and the dialog says so; to the selected channel, it goes.
        dialog->findChild<QPushButton *>(QStringLiteral("sendTestAlert"))->click();
        QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("notificationStatus"))->text().contains(QLatin1String("no channel receives")));
        channels->selectRow(0);
        dialog->findChild<QPushButton *>(QStringLiteral("sendTestAlert"))->click();
        QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("notificationStatus"))->text().contains(QLatin1String("Test alert queued for hook")));
        QTRY_COMPARE(m_receiver.received.size(), 1);

        // Routing: an invalid route is refused with its path.
        dialog->tabs()->setCurrentIndex(1);
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("routingEditor"))->setPlainText(QStringLiteral(R"({"routes": [{"channels": ["nowhere"]}]})"));
        dialog->findChild<QPushButton *>(QStringLiteral("saveRouting"))->click();
        QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("routingProblems"))->text().contains(QLatin1String("routes[0].channels[0]")));

        // Schedules: the week ahead shows who is on call.
        QCOMPARE(post("PUT", "/v1/notify/schedules/primary", schedule), 201);
        dialog->refresh();
        dialog->tabs()->setCurrentIndex(3);
        auto *list = dialog->findChild<QListWidget *>(QStringLiteral("schedulesList"));
        QTRY_COMPARE(list->count(), 1);
        list->setCurrentRow(0);
        auto *week = dialog->findChild<QTableWidget *>(QStringLiteral("onCallWeek"));
        QTRY_VERIFY(week->rowCount() == 1 && week->item(0, 6) != nullptr);
        QSet<QString> people;
        for (int d = 0; d < 7; ++d)
            people.insert(week->item(0, d)->text());
        QCOMPARE(people, (QSet<QString>{QStringLiteral("alice"), QStringLiteral("bob")})); // daily turns
        dialog->resize(1000, 640);
        testsupport::saveScreenshot(dialog, QStringLiteral("notifications-schedules"));

        // Dead letters: the receiver refuses everything until the notification is dead; Retry.
        m_receiver.failNext(1000, 500);
        QCOMPARE(post("POST", "/api/test/alert", R"({"channels":["hook"]})"), 202);
        QTRY_COMPARE_WITH_TIMEOUT(QJsonDocument::fromJson(m_fixture->client()->request("GET", "/v1/notify/outbox?state=dead", {}, m_headers).body)
                                      .object()[QLatin1String("notifications")].toArray().size(),
                                  1, 15000);
        m_receiver.failNext(0, 200);
        dialog->refresh();
        dialog->tabs()->setCurrentIndex(4);
        auto *dead = dialog->findChild<QTableWidget *>(QStringLiteral("deadLetters"));
        QTRY_COMPARE(dead->rowCount(), 1);
        testsupport::saveScreenshot(dialog, QStringLiteral("notifications-dead-letters"));
        dead->selectRow(0);
        dialog->findChild<QPushButton *>(QStringLiteral("retryDeadLetter"))->click();
        QTRY_VERIFY(dialog->findChild<QLabel *>(QStringLiteral("notificationStatus"))->text().contains(QLatin1String("Sent again")));
        QTRY_COMPARE(dead->rowCount(), 0);
    }
};

QTEST_MAIN(TestNotifyPanes)
#include "tst_notifypanes.moc"
