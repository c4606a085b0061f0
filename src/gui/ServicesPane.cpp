#include "gui/ServicesPane.h"

#include "models/ModelRoles.h"
#include "models/ServicesModel.h"

#include <QHeaderView>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace gui {

ServicesPane::ServicesPane(QWidget *parent)
    : QWidget(parent)
    , m_model(new models::ServicesModel(this))
    , m_table(new QTableView)
{
    setObjectName(QStringLiteral("servicesPane"));
    auto *sorted = new QSortFilterProxyModel(this);
    sorted->setSourceModel(m_model);
    sorted->setSortRole(models::RawRole);
    m_table->setObjectName(QStringLiteral("servicesTable"));
    m_table->setModel(sorted);
    m_table->setSortingEnabled(true);
    // Worst first: the row that needs attention is at the top.
    m_table->sortByColumn(models::ServicesModel::StatusColumn, Qt::DescendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(models::ServicesModel::ServiceColumn, 110);
    m_table->setColumnWidth(models::ServicesModel::StatusColumn, 120);
    m_table->setColumnWidth(models::ServicesModel::LastSeenColumn, 80);
    m_table->setColumnWidth(models::ServicesModel::RateColumn, 80);
    setMinimumWidth(520);
    connect(m_table, &QTableView::doubleClicked, this, [this](const QModelIndex &index) {
        Q_EMIT serviceActivated(index.siblingAtColumn(models::ServicesModel::ServiceColumn).data(models::RawRole).toString());
    });
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table);
}

void ServicesPane::setSummaries(const QList<core::ServiceSummary> &summaries, qint64 nowMs)
{
    m_model->setSummaries(summaries, nowMs);
}

} // namespace gui
