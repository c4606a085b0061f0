#include "gui/TimelinePane.h"

#include "core/Rfc3339.h"
#include "services/Engine.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace gui {

TimelinePane::TimelinePane(services::Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_alertId(new QLineEdit)
    , m_entries(new QTreeWidget)
    , m_message(new QLabel)
{
    setObjectName(QStringLiteral("timelinePane"));
    m_alertId->setObjectName(QStringLiteral("timelineAlertEdit"));
    m_alertId->setPlaceholderText(tr("Alert id (or select an alert)"));
    m_alertId->setClearButtonEnabled(true);
    connect(m_alertId, &QLineEdit::returnPressed, this, &TimelinePane::load);
    m_entries->setObjectName(QStringLiteral("timelineTree"));
    m_entries->setRootIsDecorated(false);
    m_entries->setHeaderLabels({tr("Time"), tr("Actor"), tr("Kind"), tr("Entry")});
    m_entries->header()->setStretchLastSection(true);
    m_entries->setColumnWidth(0, 110);
    m_entries->setColumnWidth(1, 140);
    m_entries->setColumnWidth(2, 110);
    connect(m_entries, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem *item) {
        const QStringList ids = item->data(0, Qt::UserRole).toStringList();
        if (ids.isEmpty())
            m_message->setText(tr("This entry links no event."));
        else
            openLinkedEvent(ids.first());
    });
    m_message->setObjectName(QStringLiteral("timelineMessage"));
    auto *top = new QHBoxLayout;
    top->addWidget(new QLabel(tr("Alert")));
    top->addWidget(m_alertId, 1);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(top);
    layout->addWidget(m_entries, 1);
    layout->addWidget(m_message);
    connect(engine, &services::Engine::alertsChanged, this, [this](const QList<core::Alert> &alerts) {
        for (const core::Alert &alert : alerts) {
            if (alert.alertId == m_alertId->text().trimmed())
                return load(); // the shown alert moved on: its timeline grew
        }
    });
}

int TimelinePane::entryCount() const
{
    return m_entries->topLevelItemCount();
}

void TimelinePane::showAlert(const QString &alertId)
{
    m_alertId->setText(alertId);
    load();
}

void TimelinePane::load()
{
    const QString id = m_alertId->text().trimmed();
    if (id.isEmpty())
        return;
    m_engine->localCall("GET", QStringLiteral("/v1/incidents/timeline?alert=%1").arg(QString::fromLatin1(QUrl::toPercentEncoding(id))), {}, this,
                        [this, id](int status, const QByteArray &body) {
                            m_entries->clear();
                            const QJsonObject o = QJsonDocument::fromJson(body).object();
                            if (status != 200) {
                                m_message->setText(o.value(QLatin1String("error")).toString());
                                return;
                            }
                            for (const QJsonValue &e : o.value(QLatin1String("entries")).toArray()) {
                                const QDateTime at = QDateTime::fromString(e[QLatin1String("timestamp")].toString(), Qt::ISODateWithMs).toLocalTime();
                                auto *item = new QTreeWidgetItem({at.toString(QStringLiteral("HH:mm:ss")), e[QLatin1String("actor")].toString(),
                                                                  e[QLatin1String("kind")].toString(), e[QLatin1String("entry")].toString()});
                                item->setToolTip(0, e[QLatin1String("timestamp")].toString());
                                QStringList ids;
                                for (const QJsonValue &id : e[QLatin1String("event_ids")].toArray())
                                    ids.append(id.toString());
                                item->setData(0, Qt::UserRole, ids);
                                if (!ids.isEmpty())
                                    item->setToolTip(3, tr("Double-click to open the linked event"));
                                m_entries->addTopLevelItem(item);
                            }
                            m_message->setText(tr("%1 entries for %2").arg(m_entries->topLevelItemCount()).arg(id));
                        });
}

void TimelinePane::openLinkedEvent(const QString &eventId)
{
    m_engine->localCall("GET", QStringLiteral("/v1/events?event_id=%1").arg(eventId), {}, this, [this, eventId](int status, const QByteArray &body) {
        const QJsonArray events = QJsonDocument::fromJson(body).object().value(QLatin1String("events")).toArray();
        if (status != 200 || events.isEmpty()) {
            m_message->setText(tr("Event %1 is no longer stored (retention).").arg(eventId));
            return;
        }
        const QJsonObject e = events.first().toObject();
        core::EventRecord event;
        event.eventId = QUuid::fromString(e.value(QLatin1String("event_id")).toString());
        event.source = e.value(QLatin1String("source")).toString();
        event.type = e.value(QLatin1String("type")).toString();
        event.severity = core::parseSeverity(e.value(QLatin1String("severity")).toString()).value_or(core::Severity::Info);
        event.timestampMs = core::parseRfc3339(e.value(QLatin1String("timestamp")).toString()).value_or(0);
        event.receivedMs = event.timestampMs;
        event.payloadJson = QJsonDocument(e.value(QLatin1String("payload")).toObject()).toJson(QJsonDocument::Compact);
        Q_EMIT eventRequested(event);
    });
}

} // namespace gui
