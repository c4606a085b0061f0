#pragma once

#include "ingest/HttpMessage.h"

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <memory>

namespace ingest {
class HttpServer;
}

namespace testsupport {

// A real HTTP server on 127.0.0.1 standing in for Slack, PagerDuty or a webhook receiver: it
// records every request and answers 200, or the failures it was told to give. It can go down
// (connections refused) and come back on the same port. Serves on the test's thread.
class HttpReceiver final : public QObject
{
    Q_OBJECT

public:
    struct Received
    {
        QByteArray method;
        QString path;
        QHash<QByteArray, QByteArray> headers;
        QByteArray body;
        qint64 atMs = 0;
        QJsonObject json() const;
    };

    HttpReceiver();
    ~HttpReceiver() override;

    bool start(); // on a free port
    quint16 port() const { return m_port; }
    QString url(const QString &path) const;
    // The next `count` requests are answered with `status` (and Retry-After when given).
    void failNext(int count, int status, const QByteArray &retryAfter = {});
    // Down: the port refuses connections. Up: listening again on the same port.
    bool setDown(bool down);

    QList<Received> received;
    int refusedWhileFailing = 0; // requests answered with an injected failure

private:
    std::unique_ptr<ingest::HttpServer> m_server;
    quint16 m_port = 0;
    int m_failuresLeft = 0;
    int m_failStatus = 500;
    QByteArray m_retryAfter;
};

} // namespace testsupport
