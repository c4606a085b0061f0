#include "ingest/LiveStreamHub.h"

#include "core/EventJson.h"

#include <QWebSocket>

namespace ingest {

LiveStreamHub::LiveStreamHub(qint64 highWaterBytes, QObject *parent)
    : QObject(parent)
    , m_highWater(highWaterBytes)
{
}

LiveStreamHub::~LiveStreamHub()
{
    closeAll();
}

LiveStreamHub::Client *LiveStreamHub::find(QWebSocket *socket)
{
    for (Client &client : m_clients) {
        if (client.socket == socket)
            return &client;
    }
    return nullptr;
}

void LiveStreamHub::addClient(QWebSocket *socket, const core::EventFilter &filter)
{
    socket->setParent(this);
    m_clients.append({socket, filter, 0});
    connect(socket, &QWebSocket::disconnected, this, [this, socket] {
        m_clients.removeIf([socket](const Client &c) { return c.socket == socket; });
        socket->deleteLater();
        Q_EMIT clientCountChanged(clientCount());
    });
    connect(socket, &QWebSocket::bytesWritten, this, [this, socket] {
        if (Client *client = find(socket))
            flushDropped(*client);
    });
    Q_EMIT clientCountChanged(clientCount());
}

void LiveStreamHub::flushDropped(Client &client)
{
    // Resume below half the high-water mark so a client hovering at the limit is not flooded
    // with notices.
    if (client.dropped == 0 || client.socket->bytesToWrite() > m_highWater / 2)
        return;
    client.socket->sendTextMessage(QStringLiteral("{\"dropped\":%1}").arg(client.dropped));
    client.dropped = 0;
}

void LiveStreamHub::publish(const core::EventBatch &batch)
{
    if (m_clients.isEmpty() || !batch)
        return;
    QByteArray json;
    for (Client &client : m_clients) {
        flushDropped(client);
        for (const core::EventRecord &event : *batch) {
            if (!client.filter.matches(event))
                continue;
            if (client.dropped > 0 || client.socket->bytesToWrite() > m_highWater) {
                ++client.dropped;
                continue;
            }
            json.clear();
            core::appendEventJson(event, json);
            client.socket->sendTextMessage(QString::fromUtf8(json));
        }
    }
}

void LiveStreamHub::closeAll()
{
    const auto clients = m_clients;
    m_clients.clear();
    for (const Client &client : clients) {
        client.socket->disconnect(this);
        client.socket->close(QWebSocketProtocol::CloseCodeGoingAway, QStringLiteral("server shutting down"));
        client.socket->deleteLater();
    }
}

} // namespace ingest
