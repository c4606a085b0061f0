// The Alerts and Incident timeline panes in a real window: alerts appear as the engine opens
// them, A acknowledges the selection, the timeline follows the selection and opens linked
// events, the Silence dialog shows the engine's problems next to the field.
#include "EngineFixture.h"
#include "app/PdfDocumentRenderer.h"
#include "Screenshot.h"
#include "core/ApiKeys.h"
#include "gui/AlertsPane.h"
#include "gui/EventDetailDialog.h"
#include "gui/ImportPreviewDialog.h"
#include "gui/MainWindow.h"
#include "gui/RuleEditorDialog.h"
#include "gui/RulesPane.h"
#include "models/RulesModel.h"
#include "gui/SilenceDialog.h"
#include "gui/SlosPane.h"
#include "gui/JsonEditorDialog.h"
#include "models/SlosModel.h"
#include "gui/Theme.h"
#include "gui/TimelinePane.h"
#include "models/AlertsModel.h"
#include "models/ModelRoles.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QFile>
#include <QSignalSpy>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QDragEnterEvent>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QTemporaryDir>
#include <QChart>
#include <QAbstractSeries>
#include <QXYSeries>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSet>
#include <QStandardPaths>
#include <QTableView>
#include <QTest>
#include <QTreeWidget>

namespace {

const QByteArray rule = R"({"id":"errors","name":"Errors","severity":"ERROR","match":{"min_severity":"ERROR"},
  "detector":{"kind":"threshold","aggregate":"count","window":"1m","op":">=","value":2},"group_by":["source"]})";

const QByteArray ruleFile = R"json({"version": 1, "rules": [
  {"id": "errors", "name": "Errors (changed)", "severity": "CRITICAL", "match": {"min_severity": "ERROR"},
   "detector": {"kind": "threshold", "aggregate": "count", "window": "1m", "op": ">=", "value": 2}, "group_by": ["source"]},
  {"name": "Heartbeat lost", "severity": "CRITICAL", "match": {"type": "heartbeat"}, "detector": {"kind": "absence", "after": "2m"}},
  {"name": "Broken", "severity": "LOUD", "detector": {"kind": "threshold"}}
]})json";

const QByteArray checkoutSlo = R"json({"name": "Checkout availability", "service": "checkout",
 "sli": {"kind": "ratio", "valid": {"source": "checkout"}, "good": {"where": [{"field": "payload.status", "op": "<", "value": 500}]}},
 "objective": 0.99, "window": "7d"})json";

// Shows the window and makes it active: shortcuts need an active window, and Xvfb has no window
// manager to activate it.
bool showActive(QWidget &window)
{
    window.show();
    if (!QTest::qWaitForWindowExposed(&window))
        return false;
    window.activateWindow();
    return QTest::qWaitForWindowActive(&window);
}

QByteArray errorEvent(const char *source)
{
    return QByteArray(R"({"source":")") + source + R"(","type":"http_request","severity":"ERROR","payload":{"message":"upstream 503"}})";
}

} // namespace

class TestAlertPanes : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<testsupport::EngineFixture> m_fixture;
    QList<QPair<QByteArray, QByteArray>> m_headers;

    void post(const QByteArray &target, const QByteArray &body)
    {
        QVERIFY(m_fixture->client()->request("POST", target, body, m_headers).status / 100 == 2);
    }

private Q_SLOTS:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QCoreApplication::setOrganizationName(QStringLiteral("SentinelTest"));
        QCoreApplication::setApplicationName(QStringLiteral("tst_alertpanes"));
        gui::applyDarkTheme(*qApp);
        m_fixture = std::make_unique<testsupport::EngineFixture>();
        m_fixture->config().documents = std::make_shared<app::PdfDocumentRenderer>(); // as main() does
        QVERIFY(m_fixture->start());
        m_headers = {{"Authorization", "Bearer " + m_fixture->createKey(QStringLiteral("agent"), core::scopes::all())},
                     {"Content-Type", "application/json"}};
        post("/v1/alerts/policies", rule);
        for (const char *source : {"checkout", "payments", "checkout", "payments", "search", "search"})
            post("/v1/events", errorEvent(source));
    }

    void cleanupTestCase() { m_fixture.reset(); }

    void alertsAppearAndAreAcknowledged()
    {
        gui::MainWindow window(m_fixture->engine());
        QVERIFY(showActive(window));
        auto *table = window.findChild<QTableView *>(QStringLiteral("alertsTable"));
        QVERIFY(table);
        QAbstractItemModelTester tester(window.alertsPane()->model(), QAbstractItemModelTester::FailureReportingMode::Warning);
        QTRY_COMPARE(table->model()->rowCount(), 3);
        // Filter by service.
        auto *source = window.findChild<QComboBox *>(QStringLiteral("alertSourceCombo"));
        QTRY_VERIFY(source->findData(QStringLiteral("payments")) > 0);
        source->setCurrentIndex(source->findData(QStringLiteral("payments")));
        QCOMPARE(table->model()->rowCount(), 1);
        source->setCurrentIndex(0);
        QCOMPARE(table->model()->rowCount(), 3);

        // Select the checkout alert and press A.
        int row = -1;
        for (int r = 0; r < table->model()->rowCount(); ++r) {
            if (table->model()->index(r, models::AlertsModel::SourceColumn).data().toString() == QLatin1String("checkout"))
                row = r;
        }
        QVERIFY(row >= 0);
        table->setFocus();
        table->selectRow(row);
        const QString alertId = table->model()->index(row, 0).data(models::EventRole).value<core::Alert>().alertId;
        QTest::keyClick(table, Qt::Key_A);
        QTRY_COMPARE(window.alertsPane()->model()->alertAt(0).alertId.isEmpty(), false);
        QTRY_VERIFY([&] {
            for (int r = 0; r < window.alertsPane()->model()->rowCount(); ++r) {
                const core::Alert &a = window.alertsPane()->model()->alertAt(r);
                if (a.alertId == alertId)
                    return a.state == core::AlertState::Acknowledged && a.assignedTo.endsWith(QLatin1String("@dashboard"));
            }
            return false;
        }());
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("alertsMessage"))->text().contains(QLatin1String("Acknowledged")));

        // The timeline follows the selection: created by system, acked by the dashboard user.
        auto *timeline = window.findChild<QTreeWidget *>(QStringLiteral("timelineTree"));
        QTRY_COMPARE(timeline->topLevelItemCount(), 2);
        QCOMPARE(timeline->topLevelItem(0)->text(2), QStringLiteral("created"));
        QCOMPARE(timeline->topLevelItem(1)->text(2), QStringLiteral("acked"));
        testsupport::saveScreenshot(&window, QStringLiteral("alerts"));

        // Double-clicking the entry that links the triggering event opens it.
        const QRect cell = timeline->visualItemRect(timeline->topLevelItem(0));
        QTest::mouseClick(timeline->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(timeline->viewport(), Qt::LeftButton, {}, cell.center());
        gui::EventDetailDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<gui::EventDetailDialog *>()) != nullptr);
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("sourceLabel"))->text(), QStringLiteral("checkout"));
        dialog->close();
    }

    void silenceDialogShowsProblemsByTheField()
    {
        gui::MainWindow window(m_fixture->engine());
        QVERIFY(showActive(window));
        auto *table = window.findChild<QTableView *>(QStringLiteral("alertsTable"));
        QTRY_VERIFY(table->model()->rowCount() >= 2);
        table->setFocus();
        table->selectRow(0);
        QTest::keyClick(table, Qt::Key_S);
        gui::SilenceDialog *dialog = nullptr;
        QTRY_VERIFY((dialog = window.findChild<gui::SilenceDialog *>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        QVERIFY(!dialog->findChild<QLineEdit *>(QStringLiteral("matcherValue0"))->text().isEmpty()); // prefilled service
        dialog->findChild<QLineEdit *>(QStringLiteral("matcherValue0"))->setText(QStringLiteral("(unclosed"));
        dialog->findChild<QCheckBox *>(QStringLiteral("matcherRegex0"))->setChecked(true);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("silenceOk")), Qt::LeftButton);
        QTRY_VERIFY(!dialog->findChildren<QLabel *>().isEmpty() && [&] {
            for (QLabel *label : dialog->findChildren<QLabel *>())
                if (label->text().contains(QLatin1String("regular expression")))
                    return true;
            return false;
        }());
        testsupport::saveScreenshot(dialog, QStringLiteral("silence-dialog"));
        dialog->findChild<QCheckBox *>(QStringLiteral("matcherRegex0"))->setChecked(false);
        dialog->findChild<QLineEdit *>(QStringLiteral("silenceComment"))->setText(QStringLiteral("maintenance"));
        QPointer<gui::SilenceDialog> guard(dialog);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("silenceOk")), Qt::LeftButton);
        QTRY_VERIFY(guard.isNull() || !guard->isVisible());
        QTRY_VERIFY(window.findChild<QLabel *>(QStringLiteral("alertsMessage"))->text().contains(QLatin1String("Silence created")));
    }

    void rulesPaneImportsADroppedFileAfterAPreview()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(QStringLiteral("rulesDock"))->raise();
        gui::RulesPane *pane = window.rulesPane();
        QTRY_COMPARE(pane->model()->rowCount(), 1); // "errors" from the setup
        QTemporaryDir dir;
        QFile file(dir.filePath(QStringLiteral("team-rules.json")));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(ruleFile);
        file.close();

        // A real drop: the drag enters the pane, then drops a file URL on it.
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(file.fileName())});
        QDragEnterEvent enter(QPoint(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(pane, &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(20, 20), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(pane, &drop);
        gui::ImportPreviewDialog *preview = nullptr;
        QTRY_VERIFY((preview = pane->findChild<gui::ImportPreviewDialog *>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(preview));
        QCOMPARE(preview->count(QStringLiteral("created")), 1);
        QCOMPARE(preview->count(QStringLiteral("updated")), 1);
        QCOMPARE(preview->count(QStringLiteral("invalid")), 1);
        QCOMPARE(pane->model()->rowCount(), 1); // nothing changed before Apply
        testsupport::saveScreenshot(preview, QStringLiteral("import-preview"));
        QTest::mouseClick(preview->findChild<QPushButton *>(QStringLiteral("importApply")), Qt::LeftButton);
        QTRY_COMPARE(pane->model()->rowCount(), 2);
        QVERIFY(pane->findChild<QLabel *>(QStringLiteral("rulesMessage"))->text().contains(QLatin1String("1 created, 1 updated")));
        QCOMPARE(pane->model()->ruleAt(0).severity, core::Severity::Critical); // "errors" was updated

        // The enable toggle goes through the API.
        QVERIFY(pane->model()->ruleAt(1).enabled);
        pane->model()->setData(pane->model()->index(1, models::RulesModel::EnabledColumn), Qt::Unchecked, Qt::CheckStateRole);
        QTRY_VERIFY(!pane->model()->ruleAt(1).enabled);
        testsupport::saveScreenshot(pane, QStringLiteral("rules-pane"));

        // Delete, then Undo.
        auto *table = pane->findChild<QTableView *>(QStringLiteral("rulesTable"));
        table->selectRow(1);
        QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("deleteRuleButton")), Qt::LeftButton);
        QTRY_COMPARE(pane->model()->rowCount(), 1);
        QTRY_VERIFY(pane->findChild<QPushButton *>(QStringLiteral("undoDeleteButton"))->isVisible());
        QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("undoDeleteButton")), Qt::LeftButton);
        QTRY_COMPARE(pane->model()->rowCount(), 2);

        // Dragging a rule out carries it as JSON and as a file.
        std::unique_ptr<QMimeData> dragged(pane->model()->mimeData({pane->model()->index(0, 1)}));
        QCOMPARE(QJsonDocument::fromJson(dragged->data(QStringLiteral("application/json"))).object().value(QLatin1String("rules")).toArray().size(), 1);
        QVERIFY(QFile::exists(dragged->urls().value(0).toLocalFile()));
    }

    void ruleEditorValidatesAsYouType()
    {
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(QStringLiteral("rulesDock"))->raise();
        QTest::mouseClick(window.findChild<QPushButton *>(QStringLiteral("newRuleButton")), Qt::LeftButton);
        gui::RuleEditorDialog *editor = nullptr;
        QTRY_VERIFY((editor = window.findChild<gui::RuleEditorDialog *>()) != nullptr);
        QVERIFY(QTest::qWaitForWindowExposed(editor));
        auto *problems = editor->findChild<QLabel *>(QStringLiteral("jsonProblems"));
        auto *save = editor->findChild<QPushButton *>(QStringLiteral("jsonSave"));
        QTRY_VERIFY(save->isEnabled()); // the template is valid
        editor->setText(QStringLiteral(R"({"name": "x", "severity": "LOUD", "detector": {"kind": "threshold", "window": "soon"}})"));
        QTRY_VERIFY(problems->text().contains(QLatin1String("severity: must be one of")));
        QVERIFY(problems->text().contains(QLatin1String("detector.window")));
        QVERIFY(!save->isEnabled());
        testsupport::saveScreenshot(editor, QStringLiteral("rule-editor"));
        editor->setText(QStringLiteral(R"({"name": "Disk full", "severity": "ERROR", "detector": {"kind": "threshold", "field": "payload.disk_used", "op": ">", "value": 0.95}})"));
        QTRY_VERIFY(save->isEnabled());
        QPointer<gui::RuleEditorDialog> guard(editor);
        QTest::mouseClick(save, Qt::LeftButton);
        QTRY_VERIFY(guard.isNull() || !guard->isVisible());
        QTRY_VERIFY([&] {
            for (const rules::Rule &r : window.rulesPane()->model()->rules())
                if (r.id == QLatin1String("disk-full"))
                    return true;
            return false;
        }());
    }

    void sloPaneShowsBudgetAndBurnRates()
    {
        post("/api/slo", checkoutSlo);
        for (int i = 0; i < 20; ++i)
            post("/v1/events", QByteArray(R"({"source":"checkout","type":"http_request","severity":"INFO","payload":{"status":)")
                                   + (i % 4 == 0 ? "503" : "200") + "}}");
        gui::MainWindow window(m_fixture->engine());
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        window.findChild<QDockWidget *>(QStringLiteral("slosDock"))->raise();
        gui::SlosPane *pane = window.slosPane();
        QTRY_COMPARE(pane->model()->rowCount(), 1);
        QTRY_VERIFY(pane->model()->index(0, models::SlosModel::SliColumn).data().toString().startsWith(QLatin1String("75.")));
        QVERIFY(pane->model()->index(0, models::SlosModel::BudgetColumn).data(models::SlosModel::BudgetRemainingRole).toDouble() < 0);
        QTRY_VERIFY(!pane->burnRateChart()->series().isEmpty());
        QTRY_VERIFY(!pane->burnDownChart()->series().isEmpty());
        QTRY_VERIFY(static_cast<QXYSeries *>(pane->burnDownChart()->series().first())->count() >= 7);
        QTRY_VERIFY(!pane->model()->index(0, models::SlosModel::ExhaustionColumn).data().toString().contains(QChar(0x2014)));
        window.resize(1500, 950);
        testsupport::saveScreenshot(&window, QStringLiteral("slos"));
        // New... validates as the operator types.
        QTest::mouseClick(pane->findChild<QPushButton *>(QStringLiteral("newSloButton")), Qt::LeftButton);
        gui::JsonEditorDialog *editor = nullptr;
        QTRY_VERIFY((editor = pane->findChild<gui::JsonEditorDialog *>()) != nullptr);
        editor->setText(QStringLiteral(R"({"name": "x", "service": "api", "objective": 1.5, "sli": {"kind": "ratio"}})"));
        auto *problems = editor->findChild<QLabel *>(QStringLiteral("jsonProblems"));
        QTRY_VERIFY(problems->text().contains(QLatin1String("objective:")) && problems->text().contains(QLatin1String("sli.good")));
        QVERIFY(!editor->findChild<QPushButton *>(QStringLiteral("jsonSave"))->isEnabled());
        editor->close();

        // Export report: the format follows the file's suffix; the outcome shows beside the buttons.
        QTemporaryDir out;
        auto *message = pane->findChild<QLabel *>(QStringLiteral("slosMessage"));
        for (const QString &name : {QStringLiteral("report.pdf"), QStringLiteral("report.md")}) {
            QSignalSpy exported(pane, &gui::SlosPane::reportExported);
            pane->exportReport(out.filePath(name));
            QVERIFY(exported.wait(20000));
            QVERIFY2(message->text().contains(QLatin1String("Report saved")), qPrintable(message->text()));
        }
        QFile pdf(out.filePath(QStringLiteral("report.pdf")));
        QVERIFY(pdf.open(QIODevice::ReadOnly) && pdf.read(5) == "%PDF-");
        QFile markdown(out.filePath(QStringLiteral("report.md")));
        QVERIFY(markdown.open(QIODevice::ReadOnly) && markdown.readAll().contains("| Checkout availability | checkout |"));
        pane->exportReport(out.filePath(QStringLiteral("missing-folder/report.pdf")));
        QTRY_VERIFY(message->text().startsWith(QLatin1String("Could not write")));
    }
};

QTEST_MAIN(TestAlertPanes)
#include "tst_alertpanes.moc"
