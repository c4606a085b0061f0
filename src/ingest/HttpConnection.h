#pragma once

#include "ingest/HttpMessage.h"
#include "ingest/ServerLimits.h"

#include <QObject>
#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <functional>
#include <http_parser.h>

namespace ingest {

class HttpServer;

// One keep-alive HTTP/1.1 connection. Lives on the server thread.
//
// Requests are handled strictly one at a time, in order (pipelined requests wait in the socket),
// and reading pauses while a response is outstanding or the client is not reading its answers,
// so TCP flow control, not memory, absorbs a fast client. A request head is only peeked until it
// is complete, so a WebSocket upgrade can hand the untouched socket to QWebSocketServer.
class HttpConnection final : public QObject
{
    Q_OBJECT

public:
    HttpConnection(quint64 id, QTcpSocket *socket, HttpServer *server);
    ~HttpConnection() override;

    quint64 id() const { return m_id; }
    bool isAwaitingResponse() const { return m_awaitingResponse; }

    // Sends the answer to the current request and goes on with the next one.
    void respond(const HttpResponse &response);
    // For a WebSocket upgrade: gives up the socket, with the upgrade request still unread in it.
    // Returns null when the request cannot be handed over (bytes already consumed).
    QTcpSocket *takeSocketForUpgrade();
    void closeNow();

Q_SIGNALS:
    void finished(quint64 id);

private:
    enum class Phase { Head, Body, Dispatched };

    void processInput();
    bool readHead();
    bool readBody();
    void fail(int status, const QString &message);
    void resetMessage();
    void onTimeout();
    void finish();

    static int onUrl(http_parser *parser, const char *at, size_t length);
    static int onHeaderField(http_parser *parser, const char *at, size_t length);
    static int onHeaderValue(http_parser *parser, const char *at, size_t length);
    static int onHeadersComplete(http_parser *parser);
    static int onBody(http_parser *parser, const char *at, size_t length);
    static int onMessageComplete(http_parser *parser);

    const quint64 m_id;
    QPointer<QTcpSocket> m_socket;
    HttpServer *m_server;
    const ServerLimits &m_limits;
    QTimer m_timer;

    http_parser m_parser{};
    http_parser_settings m_settings{};
    Phase m_phase = Phase::Head;
    HttpRequest m_request;
    QByteArray m_pending;       // bytes read from the socket but belonging to the next message
    QByteArray m_headerField;
    QByteArray m_headerValue;
    bool m_lastWasValue = false;
    bool m_messageComplete = false;
    bool m_bodyTooLarge = false;
    bool m_budgetExceeded = false;
    qsizetype m_bodyReserved = 0;
    bool m_awaitingResponse = false;
    bool m_keepAlive = true;
    bool m_inProcessInput = false;
    bool m_closing = false;
    bool m_detached = false;
};

} // namespace ingest
