#pragma once

#include "rules/Rule.h"

#include <QDialog>

class QLabel;
class QPushButton;
class QTreeWidget;

namespace gui {

// What importing some files would do, rule by rule (created / updated / unchanged / invalid with
// its problems), before anything changes. Apply imports the valid rules (merge). GUI thread.
class ImportPreviewDialog final : public QDialog
{
    Q_OBJECT

public:
    ImportPreviewDialog(const QStringList &files, const QList<rules::Rule> &current, QWidget *parent = nullptr);

    int count(const QString &status) const;
    QByteArray document() const { return m_document; } // the valid rules as an import document
    void showServerError(const QByteArray &errorBody);

Q_SIGNALS:
    void applyRequested(const QByteArray &document);

private:
    QTreeWidget *m_tree;
    QLabel *m_summary;
    QPushButton *m_apply;
    QByteArray m_document;
};

} // namespace gui
