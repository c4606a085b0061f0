#pragma once

#include <QAbstractTableModel>
#include <QJsonObject>

namespace models {

// One row per SLO with its status, as GET /api/slo answers it. GUI thread.
class SlosModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, ServiceColumn, SliColumn, ObjectiveColumn, BudgetColumn, BurnColumn, ExhaustionColumn, ColumnCount };
    enum Role { BudgetRemainingRole = Qt::UserRole + 20, SloJsonRole };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // Replaces the rows, keeping row identity when the set of SLOs is unchanged.
    void setSlos(const QList<QJsonObject> &slos);
    void setPrediction(const QString &sloId, const QString &text);
    QJsonObject sloAt(int row) const { return m_slos.value(row); }
    int rowOf(const QString &sloId) const;

    static double fastestBurn(const QJsonObject &slo);

private:
    QList<QJsonObject> m_slos;
    QHash<QString, QString> m_predictions;
};

} // namespace models
