#include "gui/AlertsPane.h"

#include "gui/SilenceDialog.h"
#include "models/AlertsModel.h"
#include "models/ModelRoles.h"
#include "services/Engine.h"

#include <QAction>
#include <QComboBox>
#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace gui {

namespace {

core::Alert alertFromJson(const QJsonObject &o)
{
    // Only what the pane shows and acts on; the engine's change sets bring the rest.
    core::Alert a;
    a.alertId = o.value(QLatin1String("alert_id")).toString();
    a.ruleId = o.value(QLatin1String("rule_id")).toString();
    a.fingerprint = o.value(QLatin1String("fingerprint")).toString();
    const QString state = o.value(QLatin1String("state")).toString();
    a.state = state == QLatin1String("ACK") ? core::AlertState::Acknowledged
        : state == QLatin1String("RESOLVED") ? core::AlertState::Resolved
                                             : core::AlertState::Open;
    a.severity = core::parseSeverity(o.value(QLatin1String("severity")).toString()).value_or(core::Severity::Warn);
    a.source = o.value(QLatin1String("source")).toString();
    a.title = o.value(QLatin1String("title")).toString();
    a.occurrences = o.value(QLatin1String("occurrences")).toInteger();
    a.flapping = o.value(QLatin1String("flapping")).toBool();
    a.assignedTo = o.value(QLatin1String("assigned_to")).toString();
    a.createdAtMs = QDateTime::fromString(o.value(QLatin1String("created_at")).toString(), Qt::ISODateWithMs).toMSecsSinceEpoch();
    const QString silenced = o.value(QLatin1String("silenced_until")).toString();
    a.silencedUntilMs = silenced.isEmpty() ? 0 : QDateTime::fromString(silenced, Qt::ISODateWithMs).toMSecsSinceEpoch();
    const QJsonObject labels = o.value(QLatin1String("labels")).toObject();
    for (auto it = labels.begin(); it != labels.end(); ++it)
        a.labels.insert(it.key(), it.value().toString());
    return a;
}

} // namespace

AlertsPane::AlertsPane(services::Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new models::AlertsModel(this))
    , m_proxy(new models::AlertFilterProxyModel(this))
    , m_table(new QTableView)
    , m_source(new QComboBox)
    , m_severity(new QComboBox)
    , m_state(new QComboBox)
    , m_ack(new QPushButton(tr("&Ack")))
    , m_resolve(new QPushButton(tr("&Resolve")))
    , m_message(new QLabel)
{
    setObjectName(QStringLiteral("alertsPane"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(models::RawRole);

    m_source->setObjectName(QStringLiteral("alertSourceCombo"));
    m_source->addItem(tr("All services"), QString());
    m_severity->setObjectName(QStringLiteral("alertSeverityCombo"));
    m_severity->addItem(tr("All severities"), -1);
    for (int s = core::severityCount - 1; s >= 0; --s)
        m_severity->addItem(core::severityName(core::Severity(s)), s);
    m_state->setObjectName(QStringLiteral("alertStateCombo"));
    m_state->addItem(tr("Unresolved"), -1);
    m_state->addItem(tr("Open"), int(core::AlertState::Open));
    m_state->addItem(tr("Acknowledged"), int(core::AlertState::Acknowledged));
    m_state->addItem(tr("Resolved"), int(core::AlertState::Resolved));
    m_state->addItem(tr("All"), -2);
    for (QComboBox *combo : {m_source, m_severity, m_state})
        connect(combo, &QComboBox::currentIndexChanged, this, &AlertsPane::applyFilter);

    m_ack->setObjectName(QStringLiteral("ackButton"));
    m_ack->setToolTip(tr("Acknowledge the selected alerts (A)"));
    m_resolve->setObjectName(QStringLiteral("resolveButton"));
    m_resolve->setToolTip(tr("Resolve the selected alerts (R)"));
    auto *ackAll = new QPushButton(tr("Ack all"));
    ackAll->setObjectName(QStringLiteral("ackAllButton"));
    ackAll->setToolTip(tr("Acknowledge every open alert the filters show"));
    auto *silenceButton = new QPushButton(tr("&Silence…"));
    silenceButton->setObjectName(QStringLiteral("silenceButton"));
    silenceButton->setToolTip(tr("Silence alerts like the selected one (S)"));
    connect(m_ack, &QPushButton::clicked, this, [this] { act("ack"); });
    connect(m_resolve, &QPushButton::clicked, this, [this] { act("resolve"); });
    connect(ackAll, &QPushButton::clicked, this, &AlertsPane::acknowledgeAll);
    connect(silenceButton, &QPushButton::clicked, this, &AlertsPane::silence);
    const auto shortcut = [this](const QKeySequence &keys, auto slot) {
        auto *action = new QAction(this);
        action->setShortcut(keys);
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        connect(action, &QAction::triggered, this, slot);
        addAction(action);
    };
    shortcut(QKeySequence(Qt::Key_A), [this] { act("ack"); });
    shortcut(QKeySequence(Qt::Key_R), [this] { act("resolve"); });
    shortcut(QKeySequence(Qt::Key_S), [this] { silence(); });

    m_table->setObjectName(QStringLiteral("alertsTable"));
    m_table->setModel(m_proxy);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(models::AlertsModel::AgeColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(false);
    m_table->horizontalHeader()->setSectionResizeMode(models::AlertsModel::TitleColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(models::AlertsModel::SeverityColumn, 80);
    m_table->setColumnWidth(models::AlertsModel::StateColumn, 130);
    m_table->setColumnWidth(models::AlertsModel::SourceColumn, 110);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this](const QModelIndex &current) {
        if (current.isValid())
            Q_EMIT alertSelected(current.data(models::EventRole).value<core::Alert>().alertId);
    });

    m_message->setObjectName(QStringLiteral("alertsMessage"));
    auto *controls = new QHBoxLayout;
    controls->addWidget(m_source);
    controls->addWidget(m_severity);
    controls->addWidget(m_state);
    controls->addStretch(1);
    controls->addWidget(m_ack);
    controls->addWidget(m_resolve);
    controls->addWidget(ackAll);
    controls->addWidget(silenceButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_message);

    connect(engine, &services::Engine::alertsChanged, this, [this](const QList<core::Alert> &alerts) {
        m_model->upsert(alerts);
        for (const QString &source : m_model->sources()) {
            if (m_source->findData(source) < 0)
                m_source->addItem(source, source);
        }
    });
    auto *clock = new QTimer(this); // ages tick
    clock->setInterval(5000);
    connect(clock, &QTimer::timeout, this, [this] { m_model->setNow(QDateTime::currentMSecsSinceEpoch()); });
    clock->start();
    m_model->setNow(QDateTime::currentMSecsSinceEpoch());
    applyFilter();
    refresh();
}

void AlertsPane::refresh()
{
    m_engine->localCall("GET", QStringLiteral("/v1/alerts?limit=1000"), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return showResult(tr("Could not load alerts: %1").arg(QString::fromUtf8(body)), true);
        QList<core::Alert> alerts;
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(QLatin1String("alerts")).toArray())
            alerts.append(alertFromJson(v.toObject()));
        m_model->upsert(alerts);
        for (const QString &source : m_model->sources()) {
            if (m_source->findData(source) < 0)
                m_source->addItem(source, source);
        }
    });
}

void AlertsPane::applyFilter()
{
    core::AlertFilter filter;
    filter.source = m_source->currentData().toString();
    const int severity = m_severity->currentData().toInt();
    if (severity >= 0)
        filter.severity = core::Severity(severity);
    const int state = m_state->currentData().toInt();
    if (state >= 0)
        filter.state = core::AlertState(state);
    filter.includeResolved = state == -2;
    m_proxy->setAlertFilter(filter);
}

QList<core::Alert> AlertsPane::selectedAlerts() const
{
    QList<core::Alert> alerts;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        alerts.append(index.data(models::EventRole).value<core::Alert>());
    return alerts;
}

void AlertsPane::showResult(const QString &text, bool error)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #ff6b6b;") : QString());
}

void AlertsPane::act(const QByteArray &action)
{
    const QList<core::Alert> alerts = selectedAlerts();
    if (alerts.isEmpty())
        return showResult(tr("Select one or more alerts first."), true);
    auto remaining = std::make_shared<int>(int(alerts.size()));
    auto failures = std::make_shared<QStringList>();
    for (const core::Alert &alert : alerts) {
        m_engine->localCall("POST", QStringLiteral("/v1/alerts/%1/%2").arg(alert.alertId, QString::fromLatin1(action)), {}, this,
                            [this, remaining, failures, action, title = alert.title](int status, const QByteArray &body) {
                                if (status != 200)
                                    failures->append(tr("%1: %2").arg(title, QJsonDocument::fromJson(body).object().value(QLatin1String("error")).toString()));
                                if (--*remaining > 0)
                                    return;
                                if (failures->isEmpty())
                                    showResult(action == "ack" ? tr("Acknowledged.") : tr("Resolved."), false);
                                else
                                    showResult(failures->join(QLatin1String("; ")), true);
                            });
    }
}

void AlertsPane::acknowledgeAll()
{
    QJsonObject filter;
    if (!m_source->currentData().toString().isEmpty())
        filter.insert(QStringLiteral("source"), m_source->currentData().toString());
    if (m_severity->currentData().toInt() >= 0)
        filter.insert(QStringLiteral("severity"), core::severityName(core::Severity(m_severity->currentData().toInt())));
    m_engine->localCall("POST", QStringLiteral("/v1/alerts/ackAll"), QJsonDocument(filter).toJson(QJsonDocument::Compact), this,
                        [this](int status, const QByteArray &body) {
                            if (status != 200)
                                return showResult(tr("Ack all failed: %1").arg(QString::fromUtf8(body)), true);
                            showResult(tr("Acknowledged %1 alerts.").arg(QJsonDocument::fromJson(body).object().value(QLatin1String("acked")).toArray().size()), false);
                        });
}

void AlertsPane::silence()
{
    const QList<core::Alert> alerts = selectedAlerts();
    auto *dialog = new SilenceDialog(alerts.isEmpty() ? core::Alert{} : alerts.first(), this);
    connect(dialog, &SilenceDialog::submitted, this, [this, dialog](const QByteArray &document) {
        m_engine->localCall("POST", QStringLiteral("/v1/silences"), document, dialog, [this, dialog](int status, const QByteArray &body) {
            if (status != 201)
                return dialog->showProblems(QJsonDocument::fromJson(body).object());
            showResult(tr("Silence created."), false);
            dialog->accept();
        });
    });
    dialog->open();
}

} // namespace gui
