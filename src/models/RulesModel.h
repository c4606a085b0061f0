#pragma once

#include "rules/Rule.h"

#include <QAbstractTableModel>

namespace models {

// The rules, sorted by id, with an enable check box per row. Toggling asks (enableRequested);
// the model changes when the engine confirms by a reload. GUI thread.
class RulesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { EnabledColumn, IdColumn, NameColumn, SeverityColumn, DetectorColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    bool setData(const QModelIndex &index, const QVariant &value, int role) override;
    QStringList mimeTypes() const override;
    QMimeData *mimeData(const QModelIndexList &indexes) const override;
    Qt::DropActions supportedDragActions() const override { return Qt::CopyAction; }

    void setRules(const QList<rules::Rule> &rules);
    const rules::Rule &ruleAt(int row) const { return m_rules[row]; }
    const QList<rules::Rule> &rules() const { return m_rules; }
    // The export document for some rules: {"version": 1, "rules": [...]}.
    static QByteArray exportDocument(const QList<rules::Rule> &rules);

Q_SIGNALS:
    void enableRequested(const QString &ruleId, bool enabled);

private:
    QList<rules::Rule> m_rules;
};

} // namespace models
