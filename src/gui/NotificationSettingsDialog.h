#pragma once

#include <QDialog>
#include <QJsonObject>

class QLabel;
class QListWidget;
class QPlainTextEdit;
class QLineEdit;
class QTabWidget;
class QTableWidget;

namespace services {
class Engine;
}

namespace gui {

// A list of named JSON settings (escalation policies, schedules) with an editor: select to
// edit, Save sends it, the engine's problems show under the editor.
class NamedJsonTab final : public QWidget
{
    Q_OBJECT

public:
    NamedJsonTab(services::Engine *engine, QString collectionPath, QString listKey, QString example, QWidget *parent = nullptr);
    void refresh();
    QListWidget *list() const { return m_list; }

Q_SIGNALS:
    void selected(const QString &name);

private:
    void save();
    void remove();

    services::Engine *m_engine;
    QString m_path;
    QString m_key;
    QString m_example;
    QListWidget *m_list;
    QLineEdit *m_name;
    QPlainTextEdit *m_editor;
    QLabel *m_problems;
    QList<QJsonObject> m_items;
};

// Settings → Notifications: channels (secrets into the keychain), routing, escalation
// policies, on-call schedules with a week of who is on call, a test alert, and the dead-letter
// list with Retry. Everything goes through the engine's API handlers, validated and audited.
class NotificationSettingsDialog final : public QDialog
{
    Q_OBJECT

public:
    explicit NotificationSettingsDialog(services::Engine *engine, QWidget *parent = nullptr);

    void refresh();
    QTabWidget *tabs() const { return m_tabs; }
    // To the selected channel, or through the routing when none is selected.
    void sendTestAlert();

private:
    void loadChannels();
    void editChannel(bool create);
    void deleteChannel();
    void loadRouting();
    void saveRouting();
    void showWeek(const QString &schedule);
    void loadDeadLetters();
    void retryDeadLetter();
    void setStatus(const QString &text);

    services::Engine *m_engine;
    QTabWidget *m_tabs;
    QTableWidget *m_channels;
    QList<QJsonObject> m_channelItems;
    QPlainTextEdit *m_routing;
    QLabel *m_routingProblems;
    NamedJsonTab *m_escalations;
    NamedJsonTab *m_schedules;
    QTableWidget *m_week;
    QTableWidget *m_dead;
    QLabel *m_status;
};

} // namespace gui
