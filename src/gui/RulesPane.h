#pragma once

#include "rules/Rule.h"

#include <QWidget>

class QLabel;
class QMimeData;
class QPushButton;
class QTableView;

namespace models {
class RulesModel;
}

namespace services {
class Engine;
}

namespace gui {

class ImportPreviewDialog;

// Rules & Policies: the rules with an enable toggle per row; New / Edit in a JSON editor with
// live validation; Delete with Undo; drop .json files to import them (after a preview); drag
// rows out to save them as a .json file. GUI thread.
class RulesPane final : public QWidget
{
    Q_OBJECT

public:
    explicit RulesPane(services::Engine *engine, QWidget *parent = nullptr);

    models::RulesModel *model() const { return m_model; }
    void reload();
    // Opens the import preview for these files (drops, File > Import).
    ImportPreviewDialog *previewImport(const QStringList &files);
    void exportTo(const QString &path, const QList<rules::Rule> &rules);
    static QStringList jsonFiles(const QMimeData *mime);

public Q_SLOTS:
    void importFiles();
    void exportAll();

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void edit(const std::optional<rules::Rule> &rule);
    void deleteSelected();
    void undoDelete();
    void setEnabled(const QString &ruleId, bool enabled);
    void showMessage(const QString &text, bool error, bool offerUndo = false);
    QList<rules::Rule> selectedRules() const;

    services::Engine *m_engine;
    models::RulesModel *m_model;
    QTableView *m_table;
    QLabel *m_message;
    QPushButton *m_undo;
    QList<rules::Rule> m_deleted; // what Undo brings back
};

} // namespace gui
