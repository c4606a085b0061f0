#pragma once

#include "core/Interfaces.h"
#include "core/ServiceActivity.h"

#include <QObject>
#include <QThread>
#include <memory>

namespace services {

class QueryWorker;

// Runs store reads on a thread of its own with its own connection, so neither ingestion nor the
// GUI ever waits for a query. Thread-safe entry points; callbacks run on the reader thread.
class QueryService final : public QObject, public core::EventReader
{
    Q_OBJECT

public:
    explicit QueryService(const QString &databasePath, QObject *parent = nullptr);
    ~QueryService() override;

    void query(const core::EventQuery &query,
               std::function<void(const core::EventPage &, const QString &error)> done) override;
    void activitySince(qint64 sinceMs, std::function<void(const core::ServiceActivity &)> done);

private:
    QThread m_thread;
    QueryWorker *m_worker;
};

} // namespace services
