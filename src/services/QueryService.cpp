#include "services/QueryService.h"

#include "storage/EventStoreReader.h"

namespace services {

// Lives on the reader thread; opens its connection there on first use.
class QueryWorker final : public QObject
{
public:
    explicit QueryWorker(QString path)
        : m_path(std::move(path))
    {
    }

    storage::EventStoreReader *reader(QString *error)
    {
        if (!m_open) {
            const storage::StoreError e =
                m_reader.open(m_path, QStringLiteral("sentinel-reader-%1").arg(quintptr(this)));
            if (e.isError()) {
                *error = e.message;
                return nullptr;
            }
            m_open = true;
        }
        return &m_reader;
    }
    void close()
    {
        m_reader.close();
        m_open = false;
    }

private:
    QString m_path;
    storage::EventStoreReader m_reader;
    bool m_open = false;
};

QueryService::QueryService(const QString &databasePath, QObject *parent)
    : QObject(parent)
    , m_worker(new QueryWorker(databasePath))
{
    m_thread.setObjectName(QStringLiteral("sentinel-reader"));
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
}

QueryService::~QueryService()
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    m_thread.quit();
    m_thread.wait();
}

void QueryService::query(const core::EventQuery &request,
                         std::function<void(const core::EventPage &, const QString &)> done)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, request, done] {
        QString error;
        core::EventPage page;
        if (storage::EventStoreReader *reader = worker->reader(&error)) {
            if (const storage::StoreError e = reader->query(request, &page); e.isError())
                error = e.message;
        }
        done(page, error);
    }, Qt::QueuedConnection);
}

void QueryService::activitySince(qint64 sinceMs, std::function<void(const core::ServiceActivity &)> done)
{
    QMetaObject::invokeMethod(m_worker, [worker = m_worker, sinceMs, done] {
        QString error;
        core::ServiceActivity activity;
        if (storage::EventStoreReader *reader = worker->reader(&error))
            reader->activitySince(sinceMs, &activity);
        done(activity);
    }, Qt::QueuedConnection);
}

} // namespace services
