#include "ingest/HttpServer.h"

#include "ingest/HttpConnection.h"

#include <QTcpSocket>

namespace ingest {

HttpServer::HttpServer(const ServerLimits &limits, QObject *parent)
    : QTcpServer(parent)
    , m_limits(limits)
{
    setMaxPendingConnections(256);
}

HttpServer::~HttpServer()
{
    closeAll();
}

void HttpServer::incomingConnection(qintptr socketDescriptor)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        delete socket;
        return;
    }
    socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
    if (m_connections.size() >= m_limits.maxConnections) {
        HttpResponse busy = HttpResponse::error(503, tr("too many connections (limit %1); retry shortly").arg(m_limits.maxConnections));
        busy.addHeader("Retry-After", "1");
        socket->write(serializeResponse(busy, false));
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        socket->disconnectFromHost();
        noteResponse(503);
        return;
    }
    const quint64 id = m_nextId++;
    auto *connection = new HttpConnection(id, socket, this);
    m_connections.insert(id, connection);
    connect(connection, &HttpConnection::finished, this, [this](quint64 finishedId) {
        if (HttpConnection *c = m_connections.take(finishedId))
            c->deleteLater();
    });
}

void HttpServer::dispatch(HttpConnection *connection, HttpRequest &&request)
{
    if (m_handler)
        m_handler(connection, std::move(request));
    else
        connection->respond(HttpResponse::error(503, tr("the server is starting")));
}

bool HttpServer::reserveBodyBytes(qsizetype bytes)
{
    if (m_bodyBytesInFlight + bytes > m_limits.maxBodyBytesInFlight)
        return false;
    m_bodyBytesInFlight += bytes;
    return true;
}

void HttpServer::noteResponse(int status)
{
    if (m_statusObserver)
        m_statusObserver(status);
}

void HttpServer::stopAccepting()
{
    close();
}

void HttpServer::closeAll()
{
    close();
    const auto connections = m_connections;
    m_connections.clear();
    for (HttpConnection *connection : connections) {
        connection->disconnect(this);
        connection->closeNow();
        delete connection;
    }
}

} // namespace ingest
