#pragma once

#include "core/Alert.h"
#include "core/AlertFilter.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QSortFilterProxyModel>

namespace models {

// Alerts by id, newest first: upserted from the engine's change sets. Resolved alerts stay
// (the filter decides whether they show) up to a cap. GUI thread.
class AlertsModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { SeverityColumn, StateColumn, SourceColumn, TitleColumn, AgeColumn, OccurrencesColumn, ColumnCount };
    static constexpr qsizetype maxAlerts = 5000;

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // New alerts are inserted in one step at the top; known ones change in place.
    void upsert(const QList<core::Alert> &alerts);
    void setNow(qint64 nowMs); // ages are relative to this
    const core::Alert &alertAt(int row) const { return m_alerts[row]; }
    QStringList sources() const;

private:
    QList<core::Alert> m_alerts; // newest first
    QHash<QString, int> m_rowById;
    qint64 m_nowMs = 0;
};

// Filters an AlertsModel with core::AlertFilter.
class AlertFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;
    void setAlertFilter(const core::AlertFilter &filter);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    core::AlertFilter m_filter;
};

} // namespace models
