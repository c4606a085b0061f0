#include "gui/NotificationSettingsDialog.h"

#include "gui/ChannelDialog.h"
#include "gui/JsonHighlighter.h"
#include "gui/Theme.h"
#include "services/Engine.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QUrl>
#include <QVBoxLayout>

namespace gui {

namespace {

QString errorOf(const QByteArray &body)
{
    const QJsonObject o = QJsonDocument::fromJson(body).object();
    QStringList lines{o.value(QLatin1String("error")).toString()};
    for (const QJsonValue &d : o.value(QLatin1String("details")).toArray())
        lines.append(d.isString() ? d.toString() : d.toObject().value(QLatin1String("path")).toString() + QStringLiteral(": ") + d.toObject().value(QLatin1String("problem")).toString());
    return lines.join(QLatin1Char('\n'));
}

QPushButton *button(const QString &text, const QString &objectName)
{
    auto *b = new QPushButton(text);
    b->setObjectName(objectName);
    return b;
}

QTableWidget *table(const QString &objectName, const QStringList &headers)
{
    auto *t = new QTableWidget(0, int(headers.size()));
    t->setObjectName(objectName);
    t->setHorizontalHeaderLabels(headers);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->setEditTriggers(QAbstractItemView::NoEditTriggers);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}


QString encoded(const QString &name)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(name));
}

} // namespace

NamedJsonTab::NamedJsonTab(services::Engine *engine, QString collectionPath, QString listKey, QString example, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_path(std::move(collectionPath))
    , m_key(std::move(listKey))
    , m_example(std::move(example))
    , m_list(new QListWidget)
    , m_name(new QLineEdit)
    , m_editor(new QPlainTextEdit)
    , m_problems(makeProblemLabel(m_key + QStringLiteral("Problems")))
{
    m_list->setObjectName(m_key + QStringLiteral("List"));
    m_name->setObjectName(m_key + QStringLiteral("Name"));
    m_editor->setObjectName(m_key + QStringLiteral("Editor"));
    m_name->setPlaceholderText(tr("name"));
    new JsonHighlighter(m_editor->document());
    m_editor->setPlainText(m_example);
    auto *save = button(tr("&Save"), m_key + QStringLiteral("Save"));
    auto *remove = button(tr("&Delete"), m_key + QStringLiteral("Delete"));
    auto *fresh = button(tr("&New"), m_key + QStringLiteral("New"));
    connect(save, &QPushButton::clicked, this, &NamedJsonTab::save);
    connect(remove, &QPushButton::clicked, this, &NamedJsonTab::remove);
    connect(fresh, &QPushButton::clicked, this, [this] {
        m_list->clearSelection();
        m_name->clear();
        m_name->setReadOnly(false);
        m_editor->setPlainText(m_example);
    });
    connect(m_list, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row < 0 || row >= m_items.size())
            return;
        QJsonObject item = m_items[row];
        const QString name = item.take(QStringLiteral("name")).toString();
        m_name->setText(name);
        m_name->setReadOnly(true);
        m_editor->setPlainText(QString::fromUtf8(QJsonDocument(item).toJson(QJsonDocument::Indented)));
        m_problems->clear();
        Q_EMIT selected(name);
    });
    auto *editorSide = new QWidget;
    auto *editorLayout = new QVBoxLayout(editorSide);
    editorLayout->setContentsMargins(0, 0, 0, 0);
    editorLayout->addWidget(m_name);
    editorLayout->addWidget(m_editor, 1);
    editorLayout->addWidget(m_problems);
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(fresh);
    buttons->addWidget(save);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    editorLayout->addLayout(buttons);
    auto *split = new QSplitter;
    split->addWidget(m_list);
    split->addWidget(editorSide);
    split->setSizes({160, 440});
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split);
}

void NamedJsonTab::refresh()
{
    m_engine->localCall("GET", m_path, {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return;
        const QString current = m_name->text();
        m_items.clear();
        m_list->clear();
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(m_key).toArray()) {
            m_items.append(v.toObject());
            m_list->addItem(v.toObject().value(QLatin1String("name")).toString());
        }
        const auto found = m_list->findItems(current, Qt::MatchExactly);
        if (!found.isEmpty())
            m_list->setCurrentItem(found.first());
    });
}

void NamedJsonTab::save()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        m_problems->setText(tr("Give it a name."));
        return;
    }
    m_engine->localCall("PUT", m_path + QLatin1Char('/') + encoded(name), m_editor->toPlainText().toUtf8(), this, [this](int status, const QByteArray &body) {
        if (status == 200 || status == 201) {
            m_problems->clear();
            refresh();
        } else {
            m_problems->setText(errorOf(body));
        }
    });
}

void NamedJsonTab::remove()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty() || !m_name->isReadOnly())
        return;
    m_engine->localCall("DELETE", m_path + QLatin1Char('/') + encoded(name), {}, this, [this](int status, const QByteArray &body) {
        m_problems->setText(status == 204 ? QString() : errorOf(body));
        refresh();
    });
}

NotificationSettingsDialog::NotificationSettingsDialog(services::Engine *engine, QWidget *parent)
    : QDialog(parent)
    , m_engine(engine)
    , m_tabs(new QTabWidget)
    , m_channels(table(QStringLiteral("channelsTable"), {tr("Channel"), tr("Kind"), tr("State"), tr("Queued"), tr("Last error")}))
    , m_routing(new QPlainTextEdit)
    , m_routingProblems(makeProblemLabel(QStringLiteral("routingProblems")))
    , m_escalations(new NamedJsonTab(engine, QStringLiteral("/v1/notify/escalations"), QStringLiteral("escalations"),
                                     QStringLiteral("{\n  \"match\": {\"severity\": [\"CRITICAL\"]},\n  \"steps\": [\n    {\"after\": \"0m\", \"targets\": [\"channel:ops-slack\"]},\n"
                                                    "    {\"after\": \"10m\", \"targets\": [\"schedule:primary\"]}\n  ],\n  \"repeat\": 2\n}\n")))
    , m_schedules(new NamedJsonTab(engine, QStringLiteral("/v1/notify/schedules"), QStringLiteral("schedules"),
                                   QStringLiteral("{\n  \"timezone\": \"Europe/Berlin\",\n  \"rotations\": [{\"name\": \"primary\", \"kind\": \"weekly\", "
                                                  "\"start\": \"2026-11-02\", \"handoff\": \"09:00\",\n    \"members\": [{\"name\": \"alice\", \"channels\": "
                                                  "[\"alice-slack\"]}]}],\n  \"overrides\": []\n}\n")))
    , m_week(table(QStringLiteral("onCallWeek"), {}))
    , m_dead(table(QStringLiteral("deadLetters"), {tr("Created"), tr("Channel"), tr("Notification"), tr("Attempts"), tr("Last error")}))
    , m_status(new QLabel)
{
    setObjectName(QStringLiteral("notificationSettings"));
    setWindowTitle(tr("Notifications"));
    m_status->setObjectName(QStringLiteral("notificationStatus"));
    m_status->setWordWrap(true);

    // Channels
    auto *channels = new QWidget;
    auto *channelButtons = new QHBoxLayout;
    auto *add = button(tr("&Add…"), QStringLiteral("addChannel"));
    auto *edit = button(tr("&Edit…"), QStringLiteral("editChannel"));
    auto *remove = button(tr("&Delete"), QStringLiteral("deleteChannel"));
    auto *test = button(tr("Send &test alert"), QStringLiteral("sendTestAlert"));
    connect(add, &QPushButton::clicked, this, [this] { editChannel(true); });
    connect(edit, &QPushButton::clicked, this, [this] { editChannel(false); });
    connect(m_channels, &QTableWidget::cellDoubleClicked, this, [this] { editChannel(false); });
    connect(remove, &QPushButton::clicked, this, &NotificationSettingsDialog::deleteChannel);
    connect(test, &QPushButton::clicked, this, &NotificationSettingsDialog::sendTestAlert);
    for (QPushButton *b : {add, edit, remove})
        channelButtons->addWidget(b);
    channelButtons->addStretch(1);
    channelButtons->addWidget(test);
    auto *channelLayout = new QVBoxLayout(channels);
    channelLayout->addWidget(m_channels);
    channelLayout->addLayout(channelButtons);
    m_channels->setColumnWidth(0, 130);
    m_channels->setColumnWidth(1, 80);
    m_channels->setColumnWidth(2, 100);
    m_channels->setColumnWidth(3, 60);
    m_tabs->addTab(channels, tr("Channels"));

    // Routing
    auto *routing = new QWidget;
    m_routing->setObjectName(QStringLiteral("routingEditor"));
    new JsonHighlighter(m_routing->document());
    auto *saveRouting = button(tr("&Save routing"), QStringLiteral("saveRouting"));
    connect(saveRouting, &QPushButton::clicked, this, &NotificationSettingsDialog::saveRouting);
    auto *routingLayout = new QVBoxLayout(routing);
    routingLayout->addWidget(new QLabel(tr("Routes are tried in order; without routes CRITICAL goes to every Slack and PagerDuty channel and "
                                           "the rest to Slack. group_wait gathers a storm into one message.")));
    routingLayout->addWidget(m_routing, 1);
    routingLayout->addWidget(m_routingProblems);
    routingLayout->addWidget(saveRouting, 0, Qt::AlignLeft);
    m_tabs->addTab(routing, tr("Routing"));

    m_tabs->addTab(m_escalations, tr("Escalations"));

    // Schedules with the week ahead
    auto *schedules = new QWidget;
    auto *scheduleLayout = new QVBoxLayout(schedules);
    scheduleLayout->addWidget(m_schedules, 2);
    scheduleLayout->addWidget(new QLabel(tr("On call at noon (UTC) over the next seven days:")));
    scheduleLayout->addWidget(m_week, 1);
    connect(m_schedules, &NamedJsonTab::selected, this, &NotificationSettingsDialog::showWeek);
    m_tabs->addTab(schedules, tr("Schedules"));

    // Dead letters
    auto *dead = new QWidget;
    auto *retry = button(tr("&Retry"), QStringLiteral("retryDeadLetter"));
    connect(retry, &QPushButton::clicked, this, &NotificationSettingsDialog::retryDeadLetter);
    auto *deadLayout = new QVBoxLayout(dead);
    deadLayout->addWidget(new QLabel(tr("Notifications that failed every retry. Fix the channel, then retry them.")));
    deadLayout->addWidget(m_dead, 1);
    deadLayout->addWidget(retry, 0, Qt::AlignLeft);
    m_tabs->addTab(dead, tr("Dead letters"));

    auto *close = button(tr("Close"), QStringLiteral("closeNotifications"));
    connect(close, &QPushButton::clicked, this, &QDialog::accept);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_status, 1);
    bottom->addWidget(close);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tabs, 1);
    layout->addLayout(bottom);
    resize(900, 620);
    refresh();
}

void NotificationSettingsDialog::setStatus(const QString &text)
{
    m_status->setText(text);
}

void NotificationSettingsDialog::refresh()
{
    loadChannels();
    loadRouting();
    m_escalations->refresh();
    m_schedules->refresh();
    loadDeadLetters();
}

void NotificationSettingsDialog::loadChannels()
{
    m_engine->localCall("GET", QStringLiteral("/v1/notify/channels"), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return setStatus(errorOf(body));
        m_channelItems.clear();
        m_channels->setRowCount(0);
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(QLatin1String("channels")).toArray()) {
            const QJsonObject c = v.toObject();
            const QJsonObject health = c.value(QLatin1String("health")).toObject();
            const int row = m_channels->rowCount();
            m_channels->insertRow(row);
            const QString state = health.value(QLatin1String("state")).toString();
            const QStringList cells{c.value(QLatin1String("name")).toString(), c.value(QLatin1String("kind")).toString(),
                                    state == QLatin1String("circuit_open") ? tr("circuit open") : state,
                                    QString::number(health.value(QLatin1String("outbox_depth")).toInteger()),
                                    health.value(QLatin1String("last_error")).toString()};
            for (int column = 0; column < cells.size(); ++column)
                m_channels->setItem(row, column, new QTableWidgetItem(cells[column]));
            if (state != QLatin1String("ok"))
                m_channels->item(row, 2)->setForeground(QColor(0xff, 0x6b, 0x6b));
            m_channelItems.append(c);
        }
    });
}

void NotificationSettingsDialog::editChannel(bool create)
{
    const int row = m_channels->currentRow();
    if (!create && (row < 0 || row >= m_channelItems.size()))
        return setStatus(tr("Select a channel to edit."));
    auto *dialog = new ChannelDialog(m_engine, create ? QJsonObject() : m_channelItems[row], this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this] {
        setStatus(tr("Channel saved."));
        loadChannels();
    });
    dialog->open();
}

void NotificationSettingsDialog::deleteChannel()
{
    const int row = m_channels->currentRow();
    if (row < 0 || row >= m_channelItems.size())
        return;
    const QString name = m_channelItems[row].value(QLatin1String("name")).toString();
    m_engine->localCall("DELETE", QStringLiteral("/v1/notify/channels/") + encoded(name), {}, this, [this, name](int status, const QByteArray &body) {
        setStatus(status == 204 ? tr("Deleted %1 and its secret.").arg(name) : errorOf(body));
        loadChannels();
    });
}

void NotificationSettingsDialog::sendTestAlert()
{
    // The selected channel, or wherever the routing sends a CRITICAL alert.
    QJsonObject request;
    const int row = m_channels->currentRow();
    if (row >= 0 && row < m_channelItems.size())
        request.insert(QStringLiteral("channels"), QJsonArray{m_channelItems[row].value(QLatin1String("name"))});
    m_engine->localCall("POST", QStringLiteral("/api/test/alert"), QJsonDocument(request).toJson(QJsonDocument::Compact), this, [this](int status, const QByteArray &body) {
        if (status != 202)
            return setStatus(errorOf(body));
        QStringList channels;
        for (const QJsonValue &n : QJsonDocument::fromJson(body).object().value(QLatin1String("notifications")).toArray())
            channels.append(n.toObject().value(QLatin1String("channel")).toString());
        setStatus(tr("Test alert queued for %1.").arg(channels.join(QStringLiteral(", "))));
    });
}

void NotificationSettingsDialog::loadRouting()
{
    m_engine->localCall("GET", QStringLiteral("/v1/notify/routing"), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return;
        QJsonObject routing = QJsonDocument::fromJson(body).object();
        routing.remove(QStringLiteral("configured"));
        m_routing->setPlainText(QString::fromUtf8(QJsonDocument(routing).toJson(QJsonDocument::Indented)));
    });
}

void NotificationSettingsDialog::saveRouting()
{
    m_engine->localCall("PUT", QStringLiteral("/v1/notify/routing"), m_routing->toPlainText().toUtf8(), this, [this](int status, const QByteArray &body) {
        m_routingProblems->setText(status == 200 ? QString() : errorOf(body));
        if (status == 200)
            setStatus(tr("Routing saved."));
    });
}

void NotificationSettingsDialog::showWeek(const QString &schedule)
{
    m_week->clear();
    m_week->setColumnCount(7);
    m_week->setRowCount(0);
    const QDate today = QDate::currentDate();
    QStringList days;
    for (int d = 0; d < 7; ++d)
        days.append(today.addDays(d).toString(QStringLiteral("ddd d MMM")));
    m_week->setHorizontalHeaderLabels(days);
    for (int d = 0; d < 7; ++d) {
        const QDateTime noon(today.addDays(d), QTime(12, 0), Qt::UTC);
        const QString at = QString::fromLatin1(QUrl::toPercentEncoding(noon.toString(Qt::ISODate)));
        m_engine->localCall("GET", QStringLiteral("/v1/notify/schedules/%1/oncall?at=%2").arg(encoded(schedule), at), {}, this,
                            [this, d](int status, const QByteArray &body) {
                                if (status != 200)
                                    return;
                                const QJsonArray shifts = QJsonDocument::fromJson(body).object().value(QLatin1String("oncall")).toArray();
                                if (m_week->rowCount() < shifts.size()) {
                                    m_week->setRowCount(int(shifts.size()));
                                    QStringList rotations;
                                    for (const QJsonValue &s : shifts)
                                        rotations.append(s.toObject().value(QLatin1String("rotation")).toString());
                                    m_week->setVerticalHeaderLabels(rotations);
                                    m_week->verticalHeader()->show();
                                }
                                for (int r = 0; r < shifts.size(); ++r) {
                                    const QJsonObject shift = shifts[r].toObject();
                                    QString who = shift.value(QLatin1String("member")).toObject().value(QLatin1String("name")).toString();
                                    if (shift.value(QLatin1String("override")).toBool())
                                        who += tr(" (override)");
                                    auto *item = new QTableWidgetItem(who);
                                    item->setToolTip(tr("%1 until %2").arg(shift.value(QLatin1String("starts_at")).toString(), shift.value(QLatin1String("ends_at")).toString()));
                                    m_week->setItem(r, d, item);
                                }
                            });
    }
}

void NotificationSettingsDialog::loadDeadLetters()
{
    m_engine->localCall("GET", QStringLiteral("/v1/notify/outbox?state=dead"), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return;
        m_dead->setRowCount(0);
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(QLatin1String("notifications")).toArray()) {
            const QJsonObject n = v.toObject();
            const int row = m_dead->rowCount();
            m_dead->insertRow(row);
            const QStringList cells{n.value(QLatin1String("created_at")).toString().left(19).replace(QLatin1Char('T'), QLatin1Char(' ')),
                                    n.value(QLatin1String("channel")).toString(), n.value(QLatin1String("title")).toString(),
                                    QString::number(n.value(QLatin1String("attempts")).toInt()), n.value(QLatin1String("last_error")).toString()};
            for (int column = 0; column < cells.size(); ++column)
                m_dead->setItem(row, column, new QTableWidgetItem(cells[column]));
            m_dead->item(row, 0)->setData(Qt::UserRole, n.value(QLatin1String("id")).toString());
        }
        m_dead->resizeColumnsToContents();
    });
}

void NotificationSettingsDialog::retryDeadLetter()
{
    const int row = m_dead->currentRow();
    if (row < 0)
        return setStatus(tr("Select a dead letter to retry."));
    const QString id = m_dead->item(row, 0)->data(Qt::UserRole).toString();
    m_engine->localCall("POST", QStringLiteral("/v1/notify/outbox/%1/retry").arg(id), {}, this, [this](int status, const QByteArray &body) {
        setStatus(status == 202 ? tr("Sent again; it is back in the outbox.") : errorOf(body));
        loadDeadLetters();
    });
}

} // namespace gui
