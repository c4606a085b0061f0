#include "gui/RulesPane.h"

#include "gui/ImportPreviewDialog.h"
#include "gui/RuleEditorDialog.h"
#include "models/RulesModel.h"
#include "rules/RuleJson.h"
#include "services/Engine.h"

#include <QDragEnterEvent>
#include <QDropEvent>
#include <QFile>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMimeData>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace gui {

RulesPane::RulesPane(services::Engine *engine, QWidget *parent)
    : QWidget(parent)
    , m_engine(engine)
    , m_model(new models::RulesModel(this))
    , m_table(new QTableView)
    , m_message(new QLabel)
    , m_undo(new QPushButton(tr("Undo")))
{
    setObjectName(QStringLiteral("rulesPane"));
    setAcceptDrops(true);
    auto *newButton = new QPushButton(tr("&New…"));
    newButton->setObjectName(QStringLiteral("newRuleButton"));
    auto *editButton = new QPushButton(tr("&Edit…"));
    editButton->setObjectName(QStringLiteral("editRuleButton"));
    auto *deleteButton = new QPushButton(tr("&Delete"));
    deleteButton->setObjectName(QStringLiteral("deleteRuleButton"));
    auto *importButton = new QPushButton(tr("&Import…"));
    importButton->setObjectName(QStringLiteral("importRulesButton"));
    auto *exportButton = new QPushButton(tr("E&xport…"));
    exportButton->setObjectName(QStringLiteral("exportRulesButton"));
    connect(newButton, &QPushButton::clicked, this, [this] { edit(std::nullopt); });
    connect(editButton, &QPushButton::clicked, this, [this] {
        const auto selected = selectedRules();
        if (selected.isEmpty())
            return showMessage(tr("Select a rule to edit."), true);
        edit(selected.first());
    });
    connect(deleteButton, &QPushButton::clicked, this, &RulesPane::deleteSelected);
    connect(importButton, &QPushButton::clicked, this, &RulesPane::importFiles);
    connect(exportButton, &QPushButton::clicked, this, &RulesPane::exportAll);
    m_undo->setObjectName(QStringLiteral("undoDeleteButton"));
    m_undo->hide();
    connect(m_undo, &QPushButton::clicked, this, &RulesPane::undoDelete);
    m_message->setObjectName(QStringLiteral("rulesMessage"));

    m_table->setObjectName(QStringLiteral("rulesTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setDragEnabled(true);
    m_table->setDragDropMode(QAbstractItemView::DragOnly);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setSectionResizeMode(models::RulesModel::DetectorColumn, QHeaderView::Stretch);
    m_table->setColumnWidth(models::RulesModel::EnabledColumn, 36);
    m_table->setColumnWidth(models::RulesModel::IdColumn, 170);
    m_table->setColumnWidth(models::RulesModel::NameColumn, 170);
    m_table->setColumnWidth(models::RulesModel::SeverityColumn, 80);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        if (index.column() != models::RulesModel::EnabledColumn)
            edit(m_model->ruleAt(index.row()));
    });
    connect(m_model, &models::RulesModel::enableRequested, this, &RulesPane::setEnabled);

    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {newButton, editButton, deleteButton})
        buttons->addWidget(b);
    buttons->addStretch(1);
    buttons->addWidget(importButton);
    buttons->addWidget(exportButton);
    auto *status = new QHBoxLayout;
    status->addWidget(m_message, 1);
    status->addWidget(m_undo);
    auto *hint = new QLabel(tr("Drop .json rule files here to import; drag rules out to save them."));
    hint->setStyleSheet(QStringLiteral("color: #6c7686;"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(buttons);
    layout->addWidget(m_table, 1);
    layout->addLayout(status);
    layout->addWidget(hint);
    reload();
}

void RulesPane::reload()
{
    m_engine->localCall("GET", QStringLiteral("/v1/alerts/policies"), {}, this, [this](int status, const QByteArray &body) {
        if (status != 200)
            return showMessage(tr("Could not load rules: %1").arg(QString::fromUtf8(body)), true);
        QList<rules::Rule> list;
        for (const QJsonValue &v : QJsonDocument::fromJson(body).object().value(QLatin1String("rules")).toArray()) {
            QList<rules::RuleProblem> problems;
            if (const auto rule = rules::parseRule(v.toObject(), &problems))
                list.append(*rule);
        }
        m_model->setRules(list);
    });
}

QList<rules::Rule> RulesPane::selectedRules() const
{
    QList<rules::Rule> list;
    for (const QModelIndex &index : m_table->selectionModel()->selectedRows())
        list.append(m_model->ruleAt(index.row()));
    return list;
}

void RulesPane::showMessage(const QString &text, bool error, bool offerUndo)
{
    m_message->setText(text);
    m_message->setStyleSheet(error ? QStringLiteral("color: #ff6b6b;") : QString());
    m_undo->setVisible(offerUndo);
}

void RulesPane::edit(const std::optional<rules::Rule> &rule)
{
    auto *dialog = new RuleEditorDialog(rule, this);
    connect(dialog, &RuleEditorDialog::saveRequested, this, [this, dialog](const QByteArray &document) {
        const QByteArray method = dialog->isNew() ? "POST" : "PUT";
        const QString target = dialog->isNew() ? QStringLiteral("/v1/alerts/policies") : QStringLiteral("/v1/alerts/policies/%1").arg(dialog->ruleId());
        m_engine->localCall(method, target, document, dialog, [this, dialog](int status, const QByteArray &body) {
            if (status / 100 != 2)
                return dialog->showServerError(body);
            showMessage(tr("Saved rule %1.").arg(QJsonDocument::fromJson(body).object().value(QLatin1String("id")).toString()), false);
            dialog->accept();
            reload();
        });
    });
    dialog->open();
}

void RulesPane::setEnabled(const QString &ruleId, bool enabled)
{
    const QByteArray body = enabled ? QByteArrayLiteral("{\"enabled\": true}") : QByteArrayLiteral("{\"enabled\": false}");
    m_engine->localCall("PUT", QStringLiteral("/v1/alerts/policies/%1").arg(ruleId), body, this, [this, ruleId, enabled](int status, const QByteArray &response) {
        if (status != 200)
            return showMessage(tr("Could not change %1: %2").arg(ruleId, QString::fromUtf8(response)), true);
        showMessage(enabled ? tr("Enabled %1.").arg(ruleId) : tr("Disabled %1.").arg(ruleId), false);
        reload();
    });
}

void RulesPane::deleteSelected()
{
    const QList<rules::Rule> selected = selectedRules();
    if (selected.isEmpty())
        return showMessage(tr("Select the rules to delete."), true);
    m_deleted = selected;
    auto remaining = std::make_shared<int>(int(selected.size()));
    for (const rules::Rule &rule : selected) {
        m_engine->localCall("DELETE", QStringLiteral("/v1/alerts/policies/%1").arg(rule.id), {}, this, [this, remaining](int, const QByteArray &) {
            if (--*remaining > 0)
                return;
            showMessage(tr("Deleted %n rule(s).", nullptr, int(m_deleted.size())), false, true);
            reload();
        });
    }
}

void RulesPane::undoDelete()
{
    if (m_deleted.isEmpty())
        return;
    m_engine->localCall("POST", QStringLiteral("/v1/alerts/policies/import?mode=merge"), models::RulesModel::exportDocument(m_deleted), this,
                        [this](int status, const QByteArray &body) {
                            if (status != 200)
                                return showMessage(tr("Undo failed: %1").arg(QString::fromUtf8(body)), true);
                            showMessage(tr("Restored %n rule(s).", nullptr, int(m_deleted.size())), false);
                            m_deleted.clear();
                            reload();
                        });
}

QStringList RulesPane::jsonFiles(const QMimeData *mime)
{
    QStringList files;
    for (const QUrl &url : mime->urls()) {
        if (url.isLocalFile() && url.toLocalFile().endsWith(QLatin1String(".json"), Qt::CaseInsensitive))
            files.append(url.toLocalFile());
    }
    return files;
}

void RulesPane::dragEnterEvent(QDragEnterEvent *event)
{
    if (!jsonFiles(event->mimeData()).isEmpty() && event->source() != m_table)
        event->acceptProposedAction();
}

void RulesPane::dropEvent(QDropEvent *event)
{
    const QStringList files = jsonFiles(event->mimeData());
    if (files.isEmpty())
        return;
    event->acceptProposedAction();
    previewImport(files);
}

ImportPreviewDialog *RulesPane::previewImport(const QStringList &files)
{
    auto *dialog = new ImportPreviewDialog(files, m_model->rules(), this);
    connect(dialog, &ImportPreviewDialog::applyRequested, this, [this, dialog](const QByteArray &document) {
        m_engine->localCall("POST", QStringLiteral("/v1/alerts/policies/import?mode=merge"), document, dialog,
                            [this, dialog](int status, const QByteArray &body) {
                                if (status != 200)
                                    return dialog->showServerError(body);
                                const QJsonObject o = QJsonDocument::fromJson(body).object();
                                showMessage(tr("Imported: %1 created, %2 updated, %3 unchanged.")
                                                .arg(o.value(QLatin1String("created")).toArray().size())
                                                .arg(o.value(QLatin1String("updated")).toArray().size())
                                                .arg(o.value(QLatin1String("unchanged")).toArray().size()),
                                            false);
                                dialog->accept();
                                reload();
                            });
    });
    dialog->open();
    return dialog;
}

void RulesPane::importFiles()
{
    const QStringList files = QFileDialog::getOpenFileNames(this, tr("Import rules"), {}, tr("Rule files (*.json)"));
    if (!files.isEmpty())
        previewImport(files);
}

void RulesPane::exportTo(const QString &path, const QList<rules::Rule> &list)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate))
        return showMessage(tr("Cannot write %1: %2").arg(path, file.errorString()), true);
    file.write(models::RulesModel::exportDocument(list));
    showMessage(tr("Exported %1 rules to %2.").arg(list.size()).arg(path), false);
}

void RulesPane::exportAll()
{
    const QString path = QFileDialog::getSaveFileName(this, tr("Export rules"), QStringLiteral("sentinel-rules.json"), tr("Rule files (*.json)"));
    if (!path.isEmpty())
        exportTo(path, selectedRules().isEmpty() ? m_model->rules() : selectedRules());
}

} // namespace gui
