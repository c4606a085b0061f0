#include "gui/AutomationPane.h"

#include "services/Engine.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QProgressBar>
#include <QPushButton>
#include <QUrl>
#include <QVBoxLayout>

namespace gui {

AutomationPane::AutomationPane(services::Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_heading(new QLabel(tr("Select an alert to see the hooks its rule offers.")))
    , m_buttonBox(new QWidget)
    , m_buttons(new QHBoxLayout(m_buttonBox))
    , m_progress(new QProgressBar)
    , m_result(new QLabel)
{
    setObjectName(QStringLiteral("automationPane"));
    m_heading->setWordWrap(true);
    m_buttons->setContentsMargins(0, 0, 0, 0);
    m_buttons->addStretch(1);
    m_progress->setObjectName(QStringLiteral("hookProgress"));
    m_progress->setRange(0, 0); // busy: a hook's duration is unknown
    m_progress->setTextVisible(false);
    m_progress->setMaximumHeight(8);
    m_progress->hide();
    m_result->setObjectName(QStringLiteral("hookResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_heading);
    layout->addWidget(m_buttonBox);
    layout->addWidget(m_progress);
    layout->addWidget(m_result, 1, Qt::AlignTop);
}

void AutomationPane::showAlert(const QString &alertId)
{
    m_alertId = alertId;
    m_result->clear();
    showHooks({});
    if (alertId.isEmpty())
        return;
    m_engine->localCall("GET", QStringLiteral("/v1/alerts/%1/hooks").arg(QString::fromLatin1(QUrl::toPercentEncoding(alertId))), {}, this,
                        [this, alertId](int status, const QByteArray &body) {
                            if (alertId != m_alertId)
                                return; // another alert was selected meanwhile
                            if (status != 200) {
                                m_heading->setText(QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toString());
                                return;
                            }
                            QList<QJsonObject> hooks;
                            for (const QJsonValue &hook : QJsonDocument::fromJson(body).object().value(QLatin1String("hooks")).toArray())
                                hooks.append(hook.toObject());
                            showHooks(hooks);
                        });
}

void AutomationPane::showHooks(const QList<QJsonObject> &hooks)
{
    while (m_buttons->count() > 1) {
        QLayoutItem *item = m_buttons->takeAt(0);
        delete item->widget();
        delete item;
    }
    if (m_alertId.isEmpty())
        m_heading->setText(tr("Select an alert to see the hooks its rule offers."));
    else if (hooks.isEmpty())
        m_heading->setText(tr("The rule behind this alert offers no remediation hooks (add \"hooks\" to the rule)."));
    else
        m_heading->setText(tr("Remediation for the selected alert:"));
    for (const QJsonObject &hook : hooks) {
        const QString name = hook.value(QLatin1String("name")).toString();
        auto *button = new QPushButton(hook.value(QLatin1String("confirm")).toBool() ? name + QStringLiteral("…") : name);
        button->setObjectName(QStringLiteral("hook:") + name);
        const QString what = hook.value(QLatin1String("kind")).toString() == QLatin1String("command")
                                 ? hook.value(QLatin1String("argv")).toVariant().toStringList().join(QLatin1Char(' '))
                                 : hook.value(QLatin1String("method")).toString() + QLatin1Char(' ') + hook.value(QLatin1String("url")).toString();
        button->setToolTip(hook.value(QLatin1String("description")).toString(what));
        connect(button, &QPushButton::clicked, this, [this, hook] { run(hook); });
        m_buttons->insertWidget(m_buttons->count() - 1, button);
    }
}

void AutomationPane::run(const QJsonObject &hook)
{
    const QString name = hook.value(QLatin1String("name")).toString();
    const QString alertId = m_alertId;
    if (alertId.isEmpty())
        return;
    if (hook.value(QLatin1String("confirm")).toBool()) {
        QMessageBox ask(QMessageBox::Question, tr("Run %1?").arg(name),
                        tr("Run the remediation hook \"%1\" for this alert?\n\n%2").arg(name, hook.value(QLatin1String("description")).toString()),
                        QMessageBox::Yes | QMessageBox::Cancel, this);
        ask.setObjectName(QStringLiteral("confirmHook"));
        ask.setDefaultButton(QMessageBox::Cancel);
        if (ask.exec() != QMessageBox::Yes)
            return;
    }
    m_buttonBox->setEnabled(false);
    m_progress->show();
    m_result->setText(tr("Running %1…").arg(name));
    const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("hook"), name}, {QStringLiteral("confirmed"), true}}).toJson(QJsonDocument::Compact);
    m_engine->localCall("POST", QStringLiteral("/v1/alerts/%1/remediate").arg(QString::fromLatin1(QUrl::toPercentEncoding(alertId))), body, this,
                        [this, alertId, name](int status, const QByteArray &answer) {
                            m_buttonBox->setEnabled(true);
                            m_progress->hide();
                            const QJsonObject result = QJsonDocument::fromJson(answer).object();
                            if (status != 200 && status != 502) {
                                m_result->setText(tr("%1 could not run: %2").arg(name, result.value(QLatin1String("error")).toString()));
                                return;
                            }
                            const bool ok = result.value(QLatin1String("status")).toString() == QLatin1String("succeeded");
                            QString outcome = result.contains(QLatin1String("http_status")) ? tr("HTTP %1").arg(result.value(QLatin1String("http_status")).toInt())
                                            : result.contains(QLatin1String("exit_code"))  ? tr("exit code %1").arg(result.value(QLatin1String("exit_code")).toInt())
                                                                                            : result.value(QLatin1String("error")).toString();
                            m_result->setText(tr("<b>%1 %2</b> (%3) in %4 ms<br><pre>%5</pre>")
                                                  .arg(name.toHtmlEscaped(), ok ? tr("succeeded") : tr("failed"), outcome.toHtmlEscaped())
                                                  .arg(result.value(QLatin1String("duration_ms")).toInteger())
                                                  .arg(result.value(QLatin1String("excerpt")).toString().left(600).toHtmlEscaped()));
                            Q_EMIT hookFinished(alertId, result);
                        });
}

} // namespace gui
