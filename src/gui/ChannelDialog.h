#pragma once

#include <QDialog>
#include <QJsonObject>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace services {
class Engine;
}

namespace gui {

// Adds or edits a notification channel. The secret (Slack's webhook URL, PagerDuty's routing
// key, the SMTP password, the webhook signing secret) is typed into a masked field and goes to
// the OS keychain through the engine, never to a file; leaving it empty keeps the stored one.
// The engine's validation problems appear next to the field they concern.
class ChannelDialog final : public QDialog
{
    Q_OBJECT

public:
    // `existing` is the channel as GET shows it (secrets masked), or empty for a new one.
    ChannelDialog(services::Engine *engine, const QJsonObject &existing, QWidget *parent = nullptr);

    void save();

private:
    void kindChanged();
    QString secretField() const;

    services::Engine *m_engine;
    QLineEdit *m_name;
    QComboBox *m_kind;
    QPlainTextEdit *m_settings;
    QLabel *m_settingsProblems;
    QLabel *m_secretLabel;
    QLineEdit *m_secret;
    QLineEdit *m_secretEnv;
    QLabel *m_secretProblems;
    QLabel *m_nameProblems;
};

} // namespace gui
