#include "models/AlertsModel.h"

#include "models/ModelRoles.h"
#include "models/SeverityStyle.h"

#include <QCoreApplication>
#include <QFont>

namespace models {

int AlertsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_alerts.size());
}

int AlertsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

namespace {

QString age(qint64 ms)
{
    const qint64 s = std::max<qint64>(0, ms / 1000);
    if (s < 60)
        return QCoreApplication::translate("models::AlertsModel", "%1 s").arg(s);
    if (s < 3600)
        return QCoreApplication::translate("models::AlertsModel", "%1 min").arg(s / 60);
    if (s < 86400)
        return QCoreApplication::translate("models::AlertsModel", "%1 h %2 min").arg(s / 3600).arg(s % 3600 / 60);
    return QCoreApplication::translate("models::AlertsModel", "%1 d").arg(s / 86400);
}

} // namespace

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_alerts.size())
        return {};
    const core::Alert &a = m_alerts[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeverityColumn: return core::severityName(a.severity);
        case StateColumn: {
            QString state = core::alertStateName(a.state);
            if (a.silencedUntilMs > m_nowMs)
                state += tr(" (silenced)");
            if (a.flapping)
                state += tr(" (flapping)");
            return state;
        }
        case SourceColumn: return a.source;
        case TitleColumn: return a.title;
        case AgeColumn: return age(m_nowMs - a.createdAtMs);
        case OccurrencesColumn: return QString::number(a.occurrences);
        }
        break;
    case Qt::ForegroundRole:
        if (a.state == core::AlertState::Resolved)
            return QColor(0x6c, 0x76, 0x86);
        if (index.column() == SeverityColumn || a.severity == core::Severity::Critical)
            return severityColor(a.severity);
        break;
    case Qt::FontRole:
        if (a.state == core::AlertState::Open && a.severity >= core::Severity::Error) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == OccurrencesColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case RawRole:
        switch (index.column()) {
        case SeverityColumn: return int(a.severity);
        case StateColumn: return int(a.state);
        case SourceColumn: return a.source;
        case TitleColumn: return a.title;
        case AgeColumn: return a.createdAtMs;
        case OccurrencesColumn: return a.occurrences;
        }
        break;
    case SeverityRole: return int(a.severity);
    case EventRole: return QVariant::fromValue(a);
    default: break;
    }
    return {};
}

QVariant AlertsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeverityColumn: return tr("Severity");
    case StateColumn: return tr("State");
    case SourceColumn: return tr("Service");
    case TitleColumn: return tr("Title");
    case AgeColumn: return tr("Age");
    case OccurrencesColumn: return tr("Count");
    }
    return {};
}

void AlertsModel::upsert(const QList<core::Alert> &alerts)
{
    QList<core::Alert> fresh;
    int firstChanged = INT_MAX, lastChanged = -1;
    for (const core::Alert &alert : alerts) {
        const auto it = m_rowById.constFind(alert.alertId);
        if (it == m_rowById.cend()) {
            fresh.append(alert);
            continue;
        }
        m_alerts[*it] = alert;
        firstChanged = std::min(firstChanged, *it);
        lastChanged = std::max(lastChanged, *it);
    }
    if (lastChanged >= 0)
        Q_EMIT dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (fresh.isEmpty())
        return;
    std::sort(fresh.begin(), fresh.end(), [](const auto &a, const auto &b) { return a.createdAtMs > b.createdAtMs; });
    beginInsertRows({}, 0, int(fresh.size() - 1));
    m_alerts = fresh + m_alerts;
    endInsertRows();
    if (m_alerts.size() > maxAlerts) {
        beginRemoveRows({}, int(maxAlerts), int(m_alerts.size() - 1));
        m_alerts.resize(maxAlerts);
        endRemoveRows();
    }
    m_rowById.clear();
    for (int row = 0; row < m_alerts.size(); ++row)
        m_rowById.insert(m_alerts[row].alertId, row);
}

void AlertsModel::setNow(qint64 nowMs)
{
    m_nowMs = nowMs;
    if (!m_alerts.isEmpty())
        Q_EMIT dataChanged(index(0, StateColumn), index(int(m_alerts.size() - 1), AgeColumn));
}

QStringList AlertsModel::sources() const
{
    QStringList out;
    for (const core::Alert &a : m_alerts) {
        if (!out.contains(a.source))
            out.append(a.source);
    }
    out.sort();
    return out;
}

void AlertFilterProxyModel::setAlertFilter(const core::AlertFilter &filter)
{
    m_filter = filter;
    invalidateRowsFilter();
}

bool AlertFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    return m_filter.matches(sourceModel()->index(sourceRow, 0, sourceParent).data(EventRole).value<core::Alert>());
}

} // namespace models
