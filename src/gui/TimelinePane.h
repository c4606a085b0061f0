#pragma once

#include "core/EventRecord.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;

namespace services {
class Engine;
}

namespace gui {

// The incident timeline of one alert: time, actor, kind and entry, oldest first. Follows the
// Alerts pane's selection, or an id typed in. Double-click an entry to open its linked event.
class TimelinePane final : public QWidget
{
    Q_OBJECT

public:
    explicit TimelinePane(services::Engine *engine, QWidget *parent = nullptr);
    void showAlert(const QString &alertId);
    int entryCount() const;

Q_SIGNALS:
    void eventRequested(const core::EventRecord &event);

private:
    void load();
    void openLinkedEvent(const QString &eventId);

    services::Engine *m_engine;
    QLineEdit *m_alertId;
    QTreeWidget *m_entries;
    QLabel *m_message;
};

} // namespace gui
