#include "models/EventFilterProxyModel.h"

#include "models/ModelRoles.h"

namespace models {

void EventFilterProxyModel::setEventFilter(const core::EventFilter &filter)
{
    m_filter = filter;
    invalidateRowsFilter();
}

bool EventFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    if (m_filter.isEmpty())
        return true;
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    return m_filter.matches(index.data(EventRole).value<core::EventRecord>());
}

} // namespace models
