#include "models/SlosModel.h"

#include "models/ModelRoles.h"
#include "models/SeverityStyle.h"

#include <QColor>

namespace models {

int SlosModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_slos.size());
}

int SlosModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

double SlosModel::fastestBurn(const QJsonObject &slo)
{
    double fastest = 0;
    const QJsonObject rates = slo.value(QLatin1String("status")).toObject().value(QLatin1String("burn_rates")).toObject();
    for (auto it = rates.begin(); it != rates.end(); ++it)
        fastest = std::max(fastest, it.value().toDouble());
    return fastest;
}

QVariant SlosModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_slos.size())
        return {};
    const QJsonObject &slo = m_slos[index.row()];
    const QJsonObject status = slo.value(QLatin1String("status")).toObject();
    const double remaining = status.value(QLatin1String("error_budget")).toObject().value(QLatin1String("remaining")).toDouble(1);
    if (role == BudgetRemainingRole)
        return remaining;
    if (role == SloJsonRole)
        return slo;
    if (role == Qt::DisplayRole) {
        switch (index.column()) {
        case NameColumn: return slo.value(QLatin1String("name")).toString();
        case ServiceColumn: return slo.value(QLatin1String("service")).toString();
        case SliColumn: return QStringLiteral("%1 %").arg(status.value(QLatin1String("sli")).toDouble(1) * 100, 0, 'f', 3);
        case ObjectiveColumn: return QStringLiteral("%1 %").arg(slo.value(QLatin1String("objective")).toDouble() * 100, 0, 'f', 2);
        case BudgetColumn: return QStringLiteral("%1 %").arg(remaining * 100, 0, 'f', 1);
        case BurnColumn: return QString::number(fastestBurn(slo), 'f', 2);
        case ExhaustionColumn: return m_predictions.value(slo.value(QLatin1String("id")).toString(), tr("—"));
        }
    }
    if (role == Qt::ForegroundRole && index.column() == BurnColumn) {
        const double burn = fastestBurn(slo);
        if (burn > 6)
            return severityColor(core::Severity::Critical);
        if (burn > 1)
            return severityColor(core::Severity::Warn);
    }
    if (role == RawRole) {
        switch (index.column()) {
        case BudgetColumn: return remaining;
        case BurnColumn: return fastestBurn(slo);
        default: return data(index, Qt::DisplayRole);
        }
    }
    return {};
}

QVariant SlosModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn: return tr("SLO");
    case ServiceColumn: return tr("Service");
    case SliColumn: return tr("SLI");
    case ObjectiveColumn: return tr("Objective");
    case BudgetColumn: return tr("Budget left");
    case BurnColumn: return tr("Fastest burn");
    case ExhaustionColumn: return tr("Budget runs out");
    }
    return {};
}

void SlosModel::setSlos(const QList<QJsonObject> &slos)
{
    bool same = slos.size() == m_slos.size();
    for (qsizetype i = 0; same && i < slos.size(); ++i)
        same = slos[i].value(QLatin1String("id")) == m_slos[i].value(QLatin1String("id"));
    if (!same) {
        beginResetModel();
        m_slos = slos;
        endResetModel();
        return;
    }
    m_slos = slos;
    if (!m_slos.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_slos.size() - 1), ColumnCount - 1));
}

void SlosModel::setPrediction(const QString &sloId, const QString &text)
{
    m_predictions.insert(sloId, text);
    const int row = rowOf(sloId);
    if (row >= 0)
        Q_EMIT dataChanged(index(row, ExhaustionColumn), index(row, ExhaustionColumn));
}

int SlosModel::rowOf(const QString &sloId) const
{
    for (int row = 0; row < m_slos.size(); ++row) {
        if (m_slos[row].value(QLatin1String("id")).toString() == sloId)
            return row;
    }
    return -1;
}

} // namespace models
