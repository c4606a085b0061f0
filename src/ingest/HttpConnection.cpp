#include "ingest/HttpConnection.h"

#include "ingest/HttpServer.h"

#include <QUrl>

namespace ingest {

namespace {

HttpConnection *self(http_parser *parser)
{
    return static_cast<HttpConnection *>(parser->data);
}

const QByteArray headTerminator("\r\n\r\n");

} // namespace

HttpConnection::HttpConnection(quint64 id, QTcpSocket *socket, HttpServer *server)
    : QObject(server)
    , m_id(id)
    , m_socket(socket)
    , m_server(server)
    , m_limits(server->limits())
{
    socket->setParent(this);
    // Bounded read buffer: when the handler is busy, the kernel's window fills and the client
    // waits instead of this process buffering without limit.
    socket->setReadBufferSize(qMax<qint64>(256 * 1024, m_limits.maxHeaderBytes + 1));
    m_settings.on_url = &HttpConnection::onUrl;
    m_settings.on_header_field = &HttpConnection::onHeaderField;
    m_settings.on_header_value = &HttpConnection::onHeaderValue;
    m_settings.on_headers_complete = &HttpConnection::onHeadersComplete;
    m_settings.on_body = &HttpConnection::onBody;
    m_settings.on_message_complete = &HttpConnection::onMessageComplete;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &HttpConnection::onTimeout);
    connect(socket, &QTcpSocket::readyRead, this, &HttpConnection::processInput);
    connect(socket, &QTcpSocket::bytesWritten, this, &HttpConnection::processInput);
    connect(socket, &QTcpSocket::disconnected, this, &HttpConnection::finish);
    resetMessage();
    m_timer.start(m_limits.idleTimeoutMs);
    if (socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

HttpConnection::~HttpConnection()
{
    if (m_bodyReserved)
        m_server->releaseBodyBytes(m_bodyReserved);
}

void HttpConnection::resetMessage()
{
    http_parser_init(&m_parser, HTTP_REQUEST);
    m_parser.data = this;
    m_request = HttpRequest();
    m_headerField.clear();
    m_headerValue.clear();
    m_lastWasValue = false;
    m_messageComplete = false;
    m_bodyTooLarge = false;
    m_budgetExceeded = false;
    if (m_bodyReserved) {
        m_server->releaseBodyBytes(m_bodyReserved);
        m_bodyReserved = 0;
    }
    m_phase = Phase::Head;
}

void HttpConnection::processInput()
{
    if (m_inProcessInput || !m_socket || m_detached)
        return;
    m_inProcessInput = true;
    while (!m_closing && !m_awaitingResponse && m_socket && !m_detached) {
        // A client that sends requests but does not read the answers gets no more answers.
        if (m_socket->bytesToWrite() > m_limits.maxResponseBacklogBytes)
            break;
        if (m_phase == Phase::Head && !readHead())
            break;
        if (m_phase == Phase::Body && !readBody())
            break;
        if (m_phase == Phase::Dispatched) {
            m_awaitingResponse = true;
            m_keepAlive = m_request.keepAlive;
            m_timer.stop();
            m_server->dispatch(this, std::move(m_request));
        }
    }
    m_inProcessInput = false;
}

bool HttpConnection::readHead()
{
    const bool fromSocket = m_pending.isEmpty();
    QByteArray data;
    if (fromSocket) {
        if (m_socket->bytesAvailable() == 0)
            return false;
        data = m_socket->peek(qMin<qint64>(m_socket->bytesAvailable(), m_limits.maxHeaderBytes + 4));
    } else {
        if (m_socket->bytesAvailable() > 0 && m_pending.size() < m_limits.maxHeaderBytes + 4)
            m_pending.append(m_socket->read(m_limits.maxHeaderBytes + 4 - m_pending.size()));
        data = m_pending;
    }
    // Tolerate the blank lines some clients leave between keep-alive requests (RFC 9112 2.2).
    qsizetype start = 0;
    while (start + 1 < data.size() && data[start] == '\r' && data[start + 1] == '\n')
        start += 2;
    const qsizetype end = data.indexOf(headTerminator, start);
    if (end < 0) {
        if (data.size() - start > m_limits.maxHeaderBytes)
            fail(431, tr("request header is larger than %1 bytes").arg(m_limits.maxHeaderBytes));
        else if (!m_timer.isActive() || m_timer.interval() != m_limits.requestTimeoutMs)
            m_timer.start(m_limits.requestTimeoutMs); // a head has begun: it must finish in time
        return false;
    }
    const qsizetype headLength = end + headTerminator.size();
    if (headLength - start > m_limits.maxHeaderBytes) {
        fail(431, tr("request header is larger than %1 bytes").arg(m_limits.maxHeaderBytes));
        return false;
    }
    const size_t parsed = http_parser_execute(&m_parser, &m_settings, data.constData() + start, size_t(headLength - start));
    const auto error = HTTP_PARSER_ERRNO(&m_parser);
    if (error != HPE_OK && error != HPE_PAUSED) {
        fail(400, tr("malformed HTTP request: %1").arg(QString::fromLatin1(http_errno_description(error))));
        return false;
    }
    Q_UNUSED(parsed)
    m_request.upgrade = m_parser.upgrade;
    if (m_request.upgrade) {
        // Leave the head unread: QWebSocketServer reads the handshake itself. Anything but a
        // WebSocket upgrade on its own connection is refused by the handler.
        if (!fromSocket || start != 0)
            m_request.upgrade = false;
        m_phase = Phase::Dispatched;
        return true;
    }
    if (fromSocket)
        m_socket->skip(headLength);
    else
        m_pending.remove(0, headLength);

    if (m_bodyTooLarge) {
        fail(413, tr("request body is larger than %1 bytes").arg(m_limits.maxBodyBytes));
        return false;
    }
    if (m_messageComplete) {
        m_phase = Phase::Dispatched;
        return true;
    }
    if (m_request.header("expect").compare("100-continue", Qt::CaseInsensitive) == 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_phase = Phase::Body;
    m_timer.start(m_limits.requestTimeoutMs);
    return true;
}

bool HttpConnection::readBody()
{
    QByteArray data;
    if (!m_pending.isEmpty()) {
        data.swap(m_pending);
    } else {
        if (m_socket->bytesAvailable() == 0)
            return false;
        data = m_socket->read(256 * 1024);
    }
    const size_t parsed = http_parser_execute(&m_parser, &m_settings, data.constData(), size_t(data.size()));
    const auto error = HTTP_PARSER_ERRNO(&m_parser);
    if (m_budgetExceeded) {
        HttpResponse busy = HttpResponse::error(503, tr("the server is receiving too much data at once; retry shortly"));
        busy.addHeader("Retry-After", "1");
        busy.closeConnection = true;
        m_keepAlive = false;
        m_awaitingResponse = true;
        m_server->noteResponse(503);
        respond(busy);
        return false;
    }
    if (m_bodyTooLarge) {
        fail(413, tr("request body is larger than %1 bytes").arg(m_limits.maxBodyBytes));
        return false;
    }
    if (error != HPE_OK && error != HPE_PAUSED) {
        fail(400, tr("malformed HTTP request body: %1").arg(QString::fromLatin1(http_errno_description(error))));
        return false;
    }
    if (parsed < size_t(data.size()))
        m_pending = data.mid(qsizetype(parsed));
    if (m_messageComplete) {
        m_phase = Phase::Dispatched;
        return true;
    }
    m_timer.start(m_limits.requestTimeoutMs);
    return true;
}

void HttpConnection::respond(const HttpResponse &response)
{
    if (!m_awaitingResponse || !m_socket || m_detached)
        return;
    m_awaitingResponse = false;
    const bool keepAlive = m_keepAlive && !response.closeConnection && !m_closing;
    m_socket->write(serializeResponse(response, keepAlive));
    resetMessage();
    if (!keepAlive) {
        m_closing = true;
        m_socket->disconnectFromHost(); // after the answer is flushed
        return;
    }
    m_timer.start(m_limits.idleTimeoutMs);
    if (!m_inProcessInput)
        QMetaObject::invokeMethod(this, &HttpConnection::processInput, Qt::QueuedConnection);
}

void HttpConnection::fail(int status, const QString &message)
{
    HttpResponse response = HttpResponse::error(status, message);
    response.closeConnection = true;
    m_keepAlive = false;
    m_awaitingResponse = true;
    m_server->noteResponse(status);
    respond(response);
}

QTcpSocket *HttpConnection::takeSocketForUpgrade()
{
    if (!m_request.upgrade || !m_socket)
        return nullptr;
    m_detached = true;
    m_timer.stop();
    QTcpSocket *socket = m_socket;
    socket->disconnect(this);
    socket->setParent(nullptr);
    socket->setReadBufferSize(0);
    m_socket.clear();
    m_awaitingResponse = false;
    QMetaObject::invokeMethod(this, &HttpConnection::finish, Qt::QueuedConnection);
    return socket;
}

void HttpConnection::closeNow()
{
    m_closing = true;
    if (m_socket) {
        m_socket->flush(); // answers already written (the final 202s) still go out
        m_socket->abort();
    }
    finish();
}

void HttpConnection::onTimeout()
{
    if (m_awaitingResponse || !m_socket)
        return;
    const bool partial = m_phase == Phase::Body || m_socket->bytesAvailable() > 0 || !m_pending.isEmpty();
    if (partial) {
        fail(408, tr("the request did not arrive within %1 ms").arg(m_limits.requestTimeoutMs));
    } else {
        m_closing = true;
        m_socket->disconnectFromHost();
    }
}

void HttpConnection::finish()
{
    if (m_socket && m_socket->state() != QAbstractSocket::UnconnectedState && !m_detached)
        return; // still flushing; disconnected() brings us back
    Q_EMIT finished(m_id);
}

int HttpConnection::onUrl(http_parser *parser, const char *at, size_t length)
{
    self(parser)->m_request.target.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderField(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (c->m_lastWasValue) {
        QByteArray &slot = c->m_request.headers[c->m_headerField.toLower()];
        slot = slot.isEmpty() ? c->m_headerValue : slot + ", " + c->m_headerValue;
        c->m_headerField.clear();
        c->m_headerValue.clear();
        c->m_lastWasValue = false;
    }
    c->m_headerField.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onHeaderValue(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    c->m_headerValue.append(at, qsizetype(length));
    c->m_lastWasValue = true;
    return 0;
}

int HttpConnection::onHeadersComplete(http_parser *parser)
{
    HttpConnection *c = self(parser);
    if (c->m_lastWasValue) {
        QByteArray &slot = c->m_request.headers[c->m_headerField.toLower()];
        slot = slot.isEmpty() ? c->m_headerValue : slot + ", " + c->m_headerValue;
    }
    HttpRequest &request = c->m_request;
    request.method = http_method_str(http_method(parser->method));
    request.keepAlive = http_should_keep_alive(parser) != 0;
    const QUrl url = QUrl::fromEncoded(request.target);
    request.path = url.path();
    request.query = QUrlQuery(url);
    if (!(parser->flags & F_CHUNKED) && parser->content_length != ULLONG_MAX
        && parser->content_length > quint64(c->m_limits.maxBodyBytes)) {
        c->m_bodyTooLarge = true;
        http_parser_pause(parser, 1);
    }
    return 0;
}

int HttpConnection::onBody(http_parser *parser, const char *at, size_t length)
{
    HttpConnection *c = self(parser);
    if (c->m_request.body.size() + qsizetype(length) > c->m_limits.maxBodyBytes) {
        c->m_bodyTooLarge = true;
        return 1;
    }
    if (!c->m_server->reserveBodyBytes(qsizetype(length))) {
        c->m_budgetExceeded = true;
        return 1;
    }
    c->m_bodyReserved += qsizetype(length);
    c->m_request.body.append(at, qsizetype(length));
    return 0;
}

int HttpConnection::onMessageComplete(http_parser *parser)
{
    HttpConnection *c = self(parser);
    c->m_messageComplete = true;
    // Stop here: the bytes after this message belong to the next request.
    http_parser_pause(parser, 1);
    return 0;
}

} // namespace ingest
