#pragma once

#include "core/Alert.h"

#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;

namespace models {
class AlertFilterProxyModel;
class AlertsModel;
} // namespace models

namespace services {
class Engine;
}

namespace gui {

// Alerts: filter by service, severity and state; multi-select Ack (A), Resolve (R), Ack all,
// Silence… (S). Every action goes through the engine's API handlers, so it is validated,
// audited and written to the timeline exactly as an HTTP call would be. GUI thread.
class AlertsPane final : public QWidget
{
    Q_OBJECT

public:
    explicit AlertsPane(services::Engine *engine, QWidget *parent = nullptr);

    models::AlertsModel *model() const { return m_model; }
    models::AlertFilterProxyModel *proxy() const { return m_proxy; }
    QList<core::Alert> selectedAlerts() const;

Q_SIGNALS:
    void alertSelected(const QString &alertId);

private:
    void refresh();
    void applyFilter();
    void act(const QByteArray &action);
    void acknowledgeAll();
    void silence();
    void showResult(const QString &text, bool error);

    services::Engine *m_engine;
    models::AlertsModel *m_model;
    models::AlertFilterProxyModel *m_proxy;
    QTableView *m_table;
    QComboBox *m_source;
    QComboBox *m_severity;
    QComboBox *m_state;
    QPushButton *m_ack;
    QPushButton *m_resolve;
    QLabel *m_message;
};

} // namespace gui
