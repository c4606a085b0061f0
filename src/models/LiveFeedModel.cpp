#include "models/LiveFeedModel.h"

#include "core/Rfc3339.h"
#include "models/ModelRoles.h"
#include "models/SeverityStyle.h"

#include <QDateTime>
#include <QFont>
#include <QJsonDocument>
#include <QJsonObject>

namespace models {

LiveFeedModel::LiveFeedModel(qsizetype capacity, QObject *parent)
    : QAbstractTableModel(parent)
    , m_capacity(capacity)
{
}

int LiveFeedModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int LiveFeedModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString LiveFeedModel::summarize(const core::EventRecord &event)
{
    const QJsonObject payload = QJsonDocument::fromJson(event.payloadJson).object();
    const QJsonValue message = payload.value(QLatin1String("message"));
    QString text = message.isString() ? message.toString() : QString::fromUtf8(event.payloadJson);
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    if (text.size() > 240)
        text = text.left(239) + QChar(0x2026);
    return text;
}

QVariant LiveFeedModel::data(const QModelIndex &index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const Row &row = m_rows[index.row()];
    const core::EventRecord &event = row.event;
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return QDateTime::fromMSecsSinceEpoch(event.timestampMs).toString(QStringLiteral("HH:mm:ss.zzz"));
        case SeverityColumn: return core::severityName(event.severity);
        case SourceColumn: return event.source;
        case TypeColumn: return event.type;
        case SummaryColumn:
            if (!row.summarized) {
                row.summary = summarize(event);
                row.summarized = true;
            }
            return row.summary;
        }
        break;
    case Qt::ToolTipRole:
        if (index.column() == TimeColumn)
            return core::formatRfc3339(event.timestampMs);
        break;
    case Qt::ForegroundRole:
        if (index.column() == SeverityColumn || event.severity >= core::Severity::Error)
            return severityColor(event.severity);
        break;
    case Qt::FontRole:
        if (event.severity == core::Severity::Critical) {
            QFont bold;
            bold.setBold(true);
            return bold;
        }
        break;
    case RawRole:
        switch (index.column()) {
        case TimeColumn: return event.timestampMs;
        case SeverityColumn: return int(event.severity);
        case SourceColumn: return event.source;
        case TypeColumn: return event.type;
        case SummaryColumn: return QString::fromUtf8(event.payloadJson);
        }
        break;
    case EventRole: return QVariant::fromValue(event);
    case SeverityRole: return int(event.severity);
    default: break;
    }
    return {};
}

QVariant LiveFeedModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn: return tr("Time");
    case SeverityColumn: return tr("Severity");
    case SourceColumn: return tr("Source");
    case TypeColumn: return tr("Type");
    case SummaryColumn: return tr("Summary");
    }
    return {};
}

void LiveFeedModel::appendBatch(const core::EventList &events)
{
    if (events.isEmpty())
        return;
    if (m_paused) {
        m_held.append(events);
        if (m_held.size() > m_capacity)
            m_held.remove(0, m_held.size() - m_capacity);
        Q_EMIT heldCountChanged(m_held.size());
        return;
    }
    insertNewest(events);
}

void LiveFeedModel::insertNewest(const core::EventList &events)
{
    // Batches arrive oldest first; the table shows newest first. Only the newest `capacity`
    // of a batch can ever be shown.
    const qsizetype incoming = qMin(events.size(), m_capacity);
    const qsizetype overflow = m_rows.size() + incoming - m_capacity;
    if (overflow > 0) {
        beginRemoveRows({}, int(m_rows.size() - overflow), int(m_rows.size() - 1));
        m_rows.resize(m_rows.size() - overflow);
        endRemoveRows();
    }
    QList<Row> fresh;
    fresh.reserve(incoming);
    for (qsizetype i = events.size() - 1; i >= events.size() - incoming; --i)
        fresh.append(Row{events[i], {}, false});
    beginInsertRows({}, 0, int(incoming - 1));
    m_rows = fresh + m_rows;
    endInsertRows();
}

void LiveFeedModel::setPaused(bool paused)
{
    if (paused == m_paused)
        return;
    m_paused = paused;
    if (!paused && !m_held.isEmpty()) {
        const core::EventList held = std::exchange(m_held, {});
        insertNewest(held);
        Q_EMIT heldCountChanged(0);
    }
}

} // namespace models
