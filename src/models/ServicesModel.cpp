#include "models/ServicesModel.h"

#include "models/ModelRoles.h"
#include "models/SeverityStyle.h"

#include <QDateTime>

namespace models {

int ServicesModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ServicesModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ServicesModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const core::ServiceSummary &row = m_rows[index.row()];
    const qint64 silentSeconds = (m_nowMs - row.lastSeenMs) / 1000;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case ServiceColumn: return row.source;
        case StatusColumn:
            if (silentSeconds > 60)
                return tr("SILENT");
            return row.worstSeverity ? core::severityName(*row.worstSeverity) : tr("quiet");
        case LastSeenColumn:
            if (silentSeconds < 2)
                return tr("now");
            if (silentSeconds < 120)
                return tr("%1 s ago").arg(silentSeconds);
            return QDateTime::fromMSecsSinceEpoch(row.lastSeenMs).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case RateColumn: return QString::number(row.eventsPerMinute, 'f', 0);
        case EventsColumn: return QString::number(row.eventsLast15Min);
        }
        break;
    case Qt::ForegroundRole:
        if (index.column() == StatusColumn) {
            if (silentSeconds > 60)
                return severityColor(core::Severity::Critical);
            if (row.worstSeverity)
                return severityColor(*row.worstSeverity);
        }
        break;
    case Qt::TextAlignmentRole:
        if (index.column() == RateColumn || index.column() == EventsColumn)
            return int(Qt::AlignRight | Qt::AlignVCenter);
        break;
    case RawRole:
        switch (index.column()) {
        case ServiceColumn: return row.source;
        // Silence ranks above CRITICAL: a service that stopped talking is the worst news.
        case StatusColumn: return silentSeconds > 60 ? core::severityCount : row.worstSeverity ? int(*row.worstSeverity) : -1;
        case LastSeenColumn: return row.lastSeenMs;
        case RateColumn: return row.eventsPerMinute;
        case EventsColumn: return row.eventsLast15Min;
        }
        break;
    default: break;
    }
    return {};
}

QVariant ServicesModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case ServiceColumn: return tr("Service");
    case StatusColumn: return tr("Worst (15 min)");
    case LastSeenColumn: return tr("Last seen");
    case RateColumn: return tr("Events/min");
    case EventsColumn: return tr("Last 15 min");
    }
    return {};
}

void ServicesModel::setSummaries(const QList<core::ServiceSummary> &summaries, qint64 nowMs)
{
    m_nowMs = nowMs;
    bool sameServices = summaries.size() == m_rows.size();
    for (qsizetype i = 0; sameServices && i < summaries.size(); ++i)
        sameServices = summaries[i].source == m_rows[i].source;
    if (!sameServices) {
        beginResetModel();
        m_rows = summaries;
        endResetModel();
        return;
    }
    m_rows = summaries;
    if (!m_rows.isEmpty())
        Q_EMIT dataChanged(index(0, 0), index(int(m_rows.size() - 1), ColumnCount - 1));
}

QStringList ServicesModel::sources() const
{
    QStringList result;
    for (const auto &row : m_rows)
        result.append(row.source);
    return result;
}

} // namespace models
