#pragma once

#include "ingest/HttpMessage.h"
#include "ingest/ServerLimits.h"

#include <QHash>
#include <QHostAddress>
#include <QTcpServer>
#include <functional>

namespace ingest {

class HttpConnection;

// Accepts TCP connections and turns them into HttpConnections. Lives on the server thread and
// must be created there. The handler is called for every complete request, in order per
// connection, and must eventually call HttpConnection::respond() (or take the socket).
class HttpServer final : public QTcpServer
{
    Q_OBJECT

public:
    using Handler = std::function<void(HttpConnection *, HttpRequest &&)>;
    // Told of the answers the HTTP layer gives by itself (malformed requests, limits, timeouts).
    using StatusObserver = std::function<void(int status)>;

    explicit HttpServer(const ServerLimits &limits, QObject *parent = nullptr);
    ~HttpServer() override;

    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void setStatusObserver(StatusObserver observer) { m_statusObserver = std::move(observer); }
    const ServerLimits &limits() const { return m_limits; }

    HttpConnection *connectionById(quint64 id) const { return m_connections.value(id); }
    int connectionCount() const { return int(m_connections.size()); }
    // Stop accepting; existing connections finish their current request.
    void stopAccepting();
    void closeAll();

    // Called by connections.
    void dispatch(HttpConnection *connection, HttpRequest &&request);
    bool reserveBodyBytes(qsizetype bytes);
    void releaseBodyBytes(qsizetype bytes) { m_bodyBytesInFlight -= bytes; }
    void noteResponse(int status);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    ServerLimits m_limits;
    Handler m_handler;
    StatusObserver m_statusObserver;
    QHash<quint64, HttpConnection *> m_connections;
    quint64 m_nextId = 1;
    qsizetype m_bodyBytesInFlight = 0;
};

} // namespace ingest
