#pragma once

#include "core/EventFilter.h"

#include <QSortFilterProxyModel>

namespace models {

// Filters any model that answers EventRole with core::EventFilter, the same predicate the live
// stream uses. Lives on the GUI thread.
class EventFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void setEventFilter(const core::EventFilter &filter);
    const core::EventFilter &eventFilter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    core::EventFilter m_filter;
};

} // namespace models
