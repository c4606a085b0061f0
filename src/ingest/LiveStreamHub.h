#pragma once

#include "core/EventFilter.h"
#include "core/EventRecord.h"

#include <QList>
#include <QObject>

class QWebSocket;

namespace ingest {

// Fans committed events out to WebSocket subscribers, one JSON text message per event. A client
// that reads slower than events arrive is not buffered without bound: past a high-water mark its
// events are counted instead of queued, and once it drains it receives {"dropped": N}.
// Lives on the server thread.
class LiveStreamHub final : public QObject
{
    Q_OBJECT

public:
    explicit LiveStreamHub(qint64 highWaterBytes, QObject *parent = nullptr);
    ~LiveStreamHub() override;

    void addClient(QWebSocket *socket, const core::EventFilter &filter);
    void publish(const core::EventBatch &batch);
    int clientCount() const { return int(m_clients.size()); }
    void closeAll();

Q_SIGNALS:
    void clientCountChanged(int count);

private:
    struct Client
    {
        QWebSocket *socket = nullptr;
        core::EventFilter filter;
        qint64 dropped = 0;
    };
    void flushDropped(Client &client);
    Client *find(QWebSocket *socket);

    qint64 m_highWater;
    QList<Client> m_clients;
};

} // namespace ingest
