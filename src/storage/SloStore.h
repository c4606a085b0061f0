#pragma once

#include "storage/StoreError.h"

#include <QByteArray>
#include <QHash>
#include <QMap>
#include <QList>
#include <QPair>
#include <QSqlDatabase>

namespace storage {

struct MinuteCounts
{
    qint64 minuteMs = 0;
    qint64 good = 0;
    qint64 valid = 0;
};

// SLO definitions (as JSON) and their per-minute rollups, on a connection owned by the caller.
class SloStore final
{
public:
    explicit SloStore(QSqlDatabase db)
        : m_db(std::move(db))
    {
    }

    StoreError saveSlo(const QString &id, const QByteArray &definition, qint64 nowMs);
    StoreError deleteSlo(const QString &id); // and its rollups
    QList<QPair<QString, QByteArray>> loadSlos(StoreError *error);

    // Adds counts to their minutes (one transaction for the whole list).
    StoreError addMinutes(const QString &sloId, const QList<MinuteCounts> &minutes);
    // The same for many SLOs at once: one transaction for a whole batch of events.
    StoreError addMinutes(const QHash<QString, QMap<qint64, MinuteCounts>> &bySlo);
    QList<MinuteCounts> loadMinutes(const QString &sloId, qint64 sinceMs, StoreError *error);
    StoreError pruneMinutes(const QString &sloId, qint64 beforeMs);

private:
    QSqlDatabase m_db;
};

} // namespace storage
