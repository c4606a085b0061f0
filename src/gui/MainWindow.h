#pragma once

#include "services/LiveBus.h"

#include <QMainWindow>

class QLabel;

namespace services {
class Engine;
}

namespace gui {

class AlertsPane;
class AutomationPane;
class LiveFeedPane;
class RulesPane;
class SlosPane;
class ServicesPane;
class TimelinePane;

// The dashboard: dockable panes whose arrangement is restored on the next start, and a status
// bar with ingest rate, queue depth and the listen address. GUI thread; it only receives the
// engine's batched signals, never parses, queries or writes.
class MainWindow final : public QMainWindow
{
    Q_OBJECT

public:
    explicit MainWindow(services::Engine *engine, QWidget *parent = nullptr);

    LiveFeedPane *liveFeed() const { return m_liveFeed; }
    ServicesPane *servicesPane() const { return m_services; }
    AlertsPane *alertsPane() const { return m_alerts; }
    TimelinePane *timelinePane() const { return m_timeline; }
    RulesPane *rulesPane() const { return m_rules; }
    SlosPane *slosPane() const { return m_slos; }
    AutomationPane *automationPane() const { return m_automation; }
    void openNotificationSettings();

protected:
    void closeEvent(QCloseEvent *event) override;
    // Rule files dropped anywhere on the window go to the Rules pane's import preview.
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void openEventDetail(const core::EventRecord &event);
    void updateStats(const services::EngineStats &stats);
    void updateServices(const QList<core::ServiceSummary> &summaries);
    void restoreLayout();

    services::Engine *m_engine;
    LiveFeedPane *m_liveFeed;
    ServicesPane *m_services;
    AlertsPane *m_alerts;
    TimelinePane *m_timeline;
    RulesPane *m_rules;
    SlosPane *m_slos;
    AutomationPane *m_automation;
    QLabel *m_rateLabel;
    QLabel *m_queueLabel;
    QLabel *m_addressLabel;
};

} // namespace gui
