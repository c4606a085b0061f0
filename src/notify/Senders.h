#pragma once

#include "notify/Messages.h"

#include <QObject>
#include <functional>

class QNetworkAccessManager;

namespace notify {

// How one delivery attempt ended.
struct DeliveryResult
{
    bool ok = false;
    bool permanent = false;  // retrying cannot help (a 4xx other than 408 and 429)
    int status = 0;          // the HTTP status, 0 without a response; SMTP: curl's code
    qint64 retryAfterMs = 0; // what the receiver asked for (429, 503)
    QString error;           // for the operator: what went wrong, in one line
    QByteArray excerpt;      // the start of the response body
};

// Sends HTTP messages with the thread's QNetworkAccessManager; create it on the thread that
// sends. Redirects are not followed (a webhook that moved should say so, not be guessed at).
class HttpSender final : public QObject
{
    Q_OBJECT

public:
    explicit HttpSender(QObject *parent = nullptr);
    void send(const HttpMessage &message, int timeoutMs, std::function<void(const DeliveryResult &)> done);

private:
    QNetworkAccessManager *m_network;
};

struct SmtpSettings
{
    QString url;      // smtp://host:port or smtps://host:port
    QString from;
    QStringList to;
    QString username;
    QString password;
    bool startTls = true; // required when the URL is smtp:// and the server offers it
};

// Sends one e-mail with libcurl's SMTP client. Blocks: call it off the event-loop thread.
DeliveryResult sendMail(const SmtpSettings &settings, const QByteArray &message, int timeoutMs);

// Retry-After as milliseconds: delta-seconds or an HTTP date; 0 when absent or unreadable.
qint64 parseRetryAfter(const QByteArray &value, qint64 nowMs);

} // namespace notify
