#include "HttpReceiver.h"

#include "ingest/HttpConnection.h"
#include "ingest/HttpServer.h"

#include <QDateTime>
#include <QJsonDocument>

namespace testsupport {

QJsonObject HttpReceiver::Received::json() const
{
    return QJsonDocument::fromJson(body).object();
}

HttpReceiver::HttpReceiver() = default;
HttpReceiver::~HttpReceiver() = default;

bool HttpReceiver::start()
{
    m_server = std::make_unique<ingest::HttpServer>(ingest::ServerLimits{});
    m_server->setHandler([this](ingest::HttpConnection *connection, ingest::HttpRequest &&request) {
        received.append({request.method, request.path, request.headers, request.body, QDateTime::currentMSecsSinceEpoch()});
        ingest::HttpResponse response;
        response.contentType = "text/plain";
        if (m_failuresLeft > 0) {
            --m_failuresLeft;
            ++refusedWhileFailing;
            response.status = m_failStatus;
            response.body = "injected failure";
            if (!m_retryAfter.isEmpty())
                response.addHeader("Retry-After", m_retryAfter);
        } else {
            response.status = 200;
            response.body = "ok";
        }
        connection->respond(response);
    });
    if (!m_server->listen(QHostAddress::LocalHost, m_port))
        return false;
    m_port = m_server->serverPort();
    return true;
}

QString HttpReceiver::url(const QString &path) const
{
    return QStringLiteral("http://127.0.0.1:%1%2").arg(m_port).arg(path);
}

void HttpReceiver::failNext(int count, int status, const QByteArray &retryAfter)
{
    m_failuresLeft = count;
    m_failStatus = status;
    m_retryAfter = retryAfter;
}

bool HttpReceiver::setDown(bool down)
{
    if (down) {
        m_server->closeAll();
        m_server->close();
        return true;
    }
    return m_server->listen(QHostAddress::LocalHost, m_port);
}

} // namespace testsupport
