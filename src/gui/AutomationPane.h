#pragma once

#include <QJsonObject>
#include <QWidget>

class QHBoxLayout;
class QLabel;
class QProgressBar;

namespace services {
class Engine;
}

namespace gui {

// The remediation hooks the selected alert's rule offers, one button each. A hook that asks for
// confirmation asks; while it runs a busy bar shows; then its status, duration and the start of
// its answer. The engine writes the run to the alert's timeline and the audit log.
class AutomationPane final : public QWidget
{
    Q_OBJECT

public:
    explicit AutomationPane(services::Engine *engine, QWidget *parent = nullptr);

    void showAlert(const QString &alertId);
    void run(const QJsonObject &hook);

Q_SIGNALS:
    void hookFinished(const QString &alertId, const QJsonObject &result);

private:
    void showHooks(const QList<QJsonObject> &hooks);

    services::Engine *m_engine;
    QString m_alertId;
    QLabel *m_heading;
    QWidget *m_buttonBox;
    QHBoxLayout *m_buttons;
    QProgressBar *m_progress;
    QLabel *m_result;
};

} // namespace gui
