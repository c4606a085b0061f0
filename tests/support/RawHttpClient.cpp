#include "RawHttpClient.h"

#include <QDeadlineTimer>
#include <QList>

namespace testsupport {

RawHttpClient::RawHttpClient(quint16 port)
{
    m_socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    m_socket.waitForConnected(5000);
}

void RawHttpClient::sendRaw(const QByteArray &bytes)
{
    m_socket.write(bytes);
    m_socket.waitForBytesWritten(5000);
}

RawResponse RawHttpClient::readResponse(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    RawResponse response;
    qsizetype headEnd = -1;
    while ((headEnd = m_buffer.indexOf("\r\n\r\n")) < 0) {
        if (deadline.hasExpired() || (!m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime()))) && m_socket.bytesAvailable() == 0)) {
            if (m_socket.state() != QAbstractSocket::ConnectedState || deadline.hasExpired())
                return response;
        }
        m_buffer.append(m_socket.readAll());
    }
    const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
    const QList<QByteArray> statusLine = lines.value(0).trimmed().split(' ');
    response.status = statusLine.value(1).toInt();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines[i].indexOf(':');
        if (colon > 0)
            response.headers.insert(lines[i].left(colon).trimmed().toLower(), lines[i].mid(colon + 1).trimmed());
    }
    m_buffer.remove(0, headEnd + 4);
    const qsizetype length = response.headers.value("content-length").toLongLong();
    while (m_buffer.size() < length && !deadline.hasExpired()) {
        m_socket.waitForReadyRead(int(qMax<qint64>(1, deadline.remainingTime())));
        m_buffer.append(m_socket.readAll());
    }
    response.body = m_buffer.left(length);
    m_buffer.remove(0, length);
    return response;
}

RawResponse RawHttpClient::request(const QByteArray &method, const QByteArray &target, const QByteArray &body,
                                   const QList<QPair<QByteArray, QByteArray>> &headers)
{
    QByteArray out = method + ' ' + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n";
    for (const auto &header : headers)
        out += header.first + ": " + header.second + "\r\n";
    if (!body.isEmpty() || method == "POST" || method == "PUT")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    sendRaw(out);
    return readResponse();
}

bool RawHttpClient::waitForDisconnect(int timeoutMs)
{
    if (m_socket.state() == QAbstractSocket::UnconnectedState)
        return true;
    return m_socket.waitForDisconnected(timeoutMs);
}

} // namespace testsupport
