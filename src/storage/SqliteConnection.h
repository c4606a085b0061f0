#pragma once

#include "storage/StoreError.h"

#include <QSqlDatabase>
#include <QString>
#include <QVariantList>
#include <functional>

class QSqlQuery;

struct sqlite3;

namespace storage {

inline constexpr int schemaVersion = 5;

// One named QSQLITE connection, owned by the thread that opened it (Qt Sql's rule), removed
// from Qt's registry when this object dies.
class SqliteConnection final
{
public:
    enum class Mode { ReadWrite, ReadOnly };

    SqliteConnection() = default;
    ~SqliteConnection();
    Q_DISABLE_COPY_MOVE(SqliteConnection)

    // Opens (creating when needed) the database, sets WAL and the durability level, and brings
    // the schema up to date. Refuses a database written by a newer Sentinel or one that is not
    // a database at all.
    StoreError open(const QString &path, const QString &connectionName, Mode mode = Mode::ReadWrite);
    void close();

    QSqlDatabase database() const { return QSqlDatabase::database(m_name, false); }
    // The driver's own handle, for the one hot path where Qt Sql's per-row QVariant binding costs
    // a third of the throughput (see README "Storage").
    sqlite3 *handle() const;
    bool isOpen() const { return !m_name.isEmpty(); }

private:
    StoreError configure(Mode mode);
    StoreError migrate();

    QString m_name;
    QString m_path;
};

// Runs one statement; on failure returns the driver's message prefixed by what was attempted.
StoreError execSql(const QSqlDatabase &db, const QString &sql);
// The driver's message for a failed query.
StoreError queryError(const QSqlQuery &query);
// Binds `values` to the prepared `query` in order and runs it.
StoreError execBound(QSqlQuery &query, const QVariantList &values);
// Runs `work` in one transaction: committed when it returns no error, rolled back when it does.
StoreError inTransaction(QSqlDatabase db, const std::function<StoreError()> &work);

} // namespace storage
