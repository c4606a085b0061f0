#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonDocument>
#include <QTcpSocket>

namespace testsupport {

struct RawResponse
{
    int status = 0;
    QHash<QByteArray, QByteArray> headers; // lower-case names
    QByteArray body;
    QJsonDocument json() const { return QJsonDocument::fromJson(body); }
};

// A deliberately low-level HTTP/1.1 client over one keep-alive socket, so tests control the
// exact bytes: chunked bodies, Expect: 100-continue, pipelining, slow senders.
class RawHttpClient final
{
public:
    explicit RawHttpClient(quint16 port);
    bool isConnected() const { return m_socket.state() == QAbstractSocket::ConnectedState; }

    void sendRaw(const QByteArray &bytes);
    // Reads one response (status line, headers, Content-Length body). status 0 on timeout/close.
    RawResponse readResponse(int timeoutMs = 10000);
    RawResponse request(const QByteArray &method, const QByteArray &target, const QByteArray &body = {},
                        const QList<QPair<QByteArray, QByteArray>> &headers = {});
    bool waitForDisconnect(int timeoutMs = 5000);

private:
    QTcpSocket m_socket;
    QByteArray m_buffer;
};

} // namespace testsupport
