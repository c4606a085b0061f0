#pragma once

#include "core/EventRecord.h"

#include <QAbstractTableModel>

namespace models {

// The newest events, newest first, capped so memory stays flat however long the feed runs.
// Fed whole batches (one beginInsertRows per batch); paused, it holds arrivals and shows them
// on resume. Lives on the GUI thread.
class LiveFeedModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, SeverityColumn, SourceColumn, TypeColumn, SummaryColumn, ColumnCount };

    explicit LiveFeedModel(qsizetype capacity = 5000, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    void appendBatch(const core::EventList &events);
    void setPaused(bool paused);
    bool isPaused() const { return m_paused; }
    qsizetype heldCount() const { return m_held.size(); }
    qsizetype capacity() const { return m_capacity; }
    const core::EventRecord &eventAt(int row) const { return m_rows[row].event; }

    // One line for the table: payload.message when there is one, else the compact payload.
    static QString summarize(const core::EventRecord &event);

Q_SIGNALS:
    void heldCountChanged(qsizetype held);

private:
    struct Row
    {
        core::EventRecord event;
        mutable QString summary;
        mutable bool summarized = false;
    };
    void insertNewest(const core::EventList &events);

    qsizetype m_capacity;
    QList<Row> m_rows; // index 0 is the newest
    core::EventList m_held;
    bool m_paused = false;
};

} // namespace models
