#include "gui/MainWindow.h"

#include "gui/AlertsPane.h"
#include "gui/AutomationPane.h"
#include "gui/NotificationSettingsDialog.h"
#include "gui/EventDetailDialog.h"
#include "gui/RulesPane.h"
#include "gui/SlosPane.h"
#include "gui/TimelinePane.h"
#include "gui/LiveFeedPane.h"
#include "gui/ServicesPane.h"
#include "services/Engine.h"

#include <QApplication>
#include <QCloseEvent>
#include <QDateTime>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QDropEvent>
#include <QMimeData>
#include <QLabel>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>

namespace gui {

namespace {
constexpr int layoutVersion = 5; // 2: Alerts and Incident timeline; 3: Rules & Policies; 4: SLOs; 5: Automation
}

MainWindow::MainWindow(services::Engine *engine, QWidget *parent)
    : QMainWindow(parent)
    , m_engine(engine)
    , m_liveFeed(new LiveFeedPane)
    , m_services(new ServicesPane)
    , m_alerts(new AlertsPane(engine))
    , m_timeline(new TimelinePane(engine))
    , m_rules(new RulesPane(engine))
    , m_slos(new SlosPane(engine))
    , m_automation(new AutomationPane(engine))
    , m_rateLabel(new QLabel)
    , m_queueLabel(new QLabel)
    , m_addressLabel(new QLabel)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Sentinel"));
    setDockOptions(AnimatedDocks | AllowNestedDocks | AllowTabbedDocks);

    auto *feedDock = new QDockWidget(tr("Live feed"), this);
    feedDock->setObjectName(QStringLiteral("liveFeedDock"));
    feedDock->setWidget(m_liveFeed);
    addDockWidget(Qt::RightDockWidgetArea, feedDock);
    auto *servicesDock = new QDockWidget(tr("Services"), this);
    servicesDock->setObjectName(QStringLiteral("servicesDock"));
    servicesDock->setWidget(m_services);
    addDockWidget(Qt::LeftDockWidgetArea, servicesDock);
    auto *alertsDock = new QDockWidget(tr("Alerts"), this);
    alertsDock->setObjectName(QStringLiteral("alertsDock"));
    alertsDock->setWidget(m_alerts);
    addDockWidget(Qt::RightDockWidgetArea, alertsDock);
    splitDockWidget(alertsDock, feedDock, Qt::Vertical);
    auto *timelineDock = new QDockWidget(tr("Incident timeline"), this);
    timelineDock->setObjectName(QStringLiteral("timelineDock"));
    timelineDock->setWidget(m_timeline);
    addDockWidget(Qt::LeftDockWidgetArea, timelineDock);
    splitDockWidget(servicesDock, timelineDock, Qt::Vertical);
    resizeDocks({servicesDock, feedDock}, {520, 880}, Qt::Horizontal);
    resizeDocks({alertsDock, feedDock}, {300, 480}, Qt::Vertical);
    auto *rulesDock = new QDockWidget(tr("Rules && Policies"), this);
    rulesDock->setObjectName(QStringLiteral("rulesDock"));
    rulesDock->setWidget(m_rules);
    tabifyDockWidget(timelineDock, rulesDock);
    timelineDock->raise();
    auto *slosDock = new QDockWidget(tr("SLOs"), this);
    slosDock->setObjectName(QStringLiteral("slosDock"));
    slosDock->setWidget(m_slos);
    tabifyDockWidget(servicesDock, slosDock);
    servicesDock->raise();
    auto *automationDock = new QDockWidget(tr("Automation"), this);
    automationDock->setObjectName(QStringLiteral("automationDock"));
    automationDock->setWidget(m_automation);
    tabifyDockWidget(rulesDock, automationDock);
    timelineDock->raise();
    connect(m_alerts, &AlertsPane::alertSelected, m_automation, &AutomationPane::showAlert);
    connect(m_automation, &AutomationPane::hookFinished, m_timeline, [this](const QString &alertId) { m_timeline->showAlert(alertId); });
    setAcceptDrops(true);
    connect(m_alerts, &AlertsPane::alertSelected, m_timeline, &TimelinePane::showAlert);
    connect(m_timeline, &TimelinePane::eventRequested, this, &MainWindow::openEventDetail);

    QMenu *file = menuBar()->addMenu(tr("&File"));
    QAction *importRules = file->addAction(tr("&Import rules…"), m_rules, &RulesPane::importFiles);
    importRules->setShortcut(QKeySequence::Open);
    QAction *exportRules = file->addAction(tr("&Export rules…"), m_rules, &RulesPane::exportAll);
    exportRules->setShortcut(QKeySequence::Save);
    file->addSeparator();
    QAction *quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);
    quit->setObjectName(QStringLiteral("quitAction"));
    QMenu *view = menuBar()->addMenu(tr("&View"));
    view->addAction(feedDock->toggleViewAction());
    view->addAction(servicesDock->toggleViewAction());
    view->addAction(alertsDock->toggleViewAction());
    view->addAction(timelineDock->toggleViewAction());
    view->addAction(rulesDock->toggleViewAction());
    view->addAction(slosDock->toggleViewAction());
    view->addAction(automationDock->toggleViewAction());
    QMenu *settings = menuBar()->addMenu(tr("&Settings"));
    QAction *notifications = settings->addAction(tr("&Notifications…"), this, &MainWindow::openNotificationSettings);
    notifications->setObjectName(QStringLiteral("notificationsAction"));

    m_rateLabel->setObjectName(QStringLiteral("rateLabel"));
    m_queueLabel->setObjectName(QStringLiteral("queueLabel"));
    m_addressLabel->setObjectName(QStringLiteral("addressLabel"));
    statusBar()->addWidget(m_rateLabel);
    statusBar()->addWidget(m_queueLabel);
    statusBar()->addPermanentWidget(m_addressLabel);
    m_addressLabel->setText(tr("Listening on %1 \u2022 data in %2").arg(engine->listenAddress(), engine->dataDir()));
    updateStats(engine->lastStats());
    updateServices(engine->lastServices());

    connect(engine, &services::Engine::eventsArrived, m_liveFeed, &LiveFeedPane::appendEvents);
    connect(engine, &services::Engine::servicesUpdated, this, &MainWindow::updateServices);
    connect(engine, &services::Engine::statsUpdated, this, &MainWindow::updateStats);
    connect(m_liveFeed, &LiveFeedPane::eventActivated, this, &MainWindow::openEventDetail);

    resize(1400, 820);
    restoreLayout();
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray(), layoutVersion);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState(layoutVersion));
    QMainWindow::closeEvent(event);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (!RulesPane::jsonFiles(event->mimeData()).isEmpty())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QStringList files = RulesPane::jsonFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    m_rules->previewImport(files);
}

void MainWindow::openNotificationSettings()
{
    auto *dialog = new NotificationSettingsDialog(m_engine, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

void MainWindow::openEventDetail(const core::EventRecord &event)
{
    auto *dialog = new EventDetailDialog(event, this);
    dialog->show();
}

void MainWindow::updateServices(const QList<core::ServiceSummary> &summaries)
{
    m_services->setSummaries(summaries, QDateTime::currentMSecsSinceEpoch());
    QStringList sources;
    for (const auto &summary : summaries)
        sources.append(summary.source);
    m_liveFeed->setKnownSources(sources);
}

void MainWindow::updateStats(const services::EngineStats &stats)
{
    m_rateLabel->setText(tr("Ingest: %1 events/s").arg(stats.eventsPerSecond, 0, 'f', 0));
    m_queueLabel->setText(tr("Queue: %1 / %2").arg(stats.queueDepth).arg(stats.queueCapacity));
}

} // namespace gui
