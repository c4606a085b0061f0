#pragma once

#include "core/ServiceActivity.h"

#include <QAbstractTableModel>

namespace models {

// One row per service: last seen, events per minute, worst severity in the last 15 minutes.
// Replaced wholesale once a second from the engine's snapshot. Lives on the GUI thread.
class ServicesModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { ServiceColumn, StatusColumn, LastSeenColumn, RateColumn, EventsColumn, ColumnCount };

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void setSummaries(const QList<core::ServiceSummary> &summaries, qint64 nowMs);
    QStringList sources() const;

private:
    QList<core::ServiceSummary> m_rows;
    qint64 m_nowMs = 0;
};

} // namespace models
