#include "notify/Senders.h"

#include <QDateTime>
#include <QLocale>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <curl/curl.h>
#include <cstring>

namespace notify {

qint64 parseRetryAfter(const QByteArray &value, qint64 nowMs)
{
    bool isNumber = false;
    const qint64 seconds = value.trimmed().toLongLong(&isNumber);
    if (isNumber)
        return std::max<qint64>(0, seconds) * 1000;
    const QDateTime at = QLocale::c().toDateTime(QString::fromLatin1(value.trimmed()), QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
    if (!at.isValid())
        return 0;
    return std::max<qint64>(0, QDateTime(at.date(), at.time(), Qt::UTC).toMSecsSinceEpoch() - nowMs);
}

HttpSender::HttpSender(QObject *parent)
    : QObject(parent)
    , m_network(new QNetworkAccessManager(this))
{
    m_network->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
}

void HttpSender::send(const HttpMessage &message, int timeoutMs, std::function<void(const DeliveryResult &)> done)
{
    QNetworkRequest request(message.url);
    request.setTransferTimeout(timeoutMs);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Sentinel/" SENTINEL_VERSION));
    for (const auto &[name, value] : message.headers)
        request.setRawHeader(name, value);
    QNetworkReply *reply = m_network->sendCustomRequest(request, message.method, message.body);
    connect(reply, &QNetworkReply::finished, this, [reply, done = std::move(done)] {
        reply->deleteLater();
        DeliveryResult result;
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.excerpt = reply->read(512);
        if (result.status == 429 || result.status == 503)
            result.retryAfterMs = parseRetryAfter(reply->rawHeader("Retry-After"), QDateTime::currentMSecsSinceEpoch());
        if (result.status >= 200 && result.status < 300) {
            result.ok = true;
        } else if (result.status == 0) {
            result.error = reply->errorString();
        } else {
            result.error = QStringLiteral("HTTP %1 from %2").arg(result.status).arg(reply->url().host());
            if (!result.excerpt.isEmpty())
                result.error += QStringLiteral(": ") + QString::fromUtf8(result.excerpt.left(200)).simplified();
            result.permanent = result.status >= 400 && result.status < 500 && result.status != 408 && result.status != 429;
        }
        done(result);
    });
}

namespace {

struct Upload
{
    const QByteArray *data;
    qsizetype offset = 0;
};

size_t readMessage(char *buffer, size_t size, size_t count, void *user)
{
    auto *upload = static_cast<Upload *>(user);
    const size_t n = std::min<size_t>(size * count, size_t(upload->data->size() - upload->offset));
    std::memcpy(buffer, upload->data->constData() + upload->offset, n);
    upload->offset += qsizetype(n);
    return n;
}

} // namespace

DeliveryResult sendMail(const SmtpSettings &settings, const QByteArray &message, int timeoutMs)
{
    DeliveryResult result;
    CURL *curl = curl_easy_init();
    if (!curl) {
        result.error = QStringLiteral("libcurl could not start");
        return result;
    }
    const QByteArray url = settings.url.toUtf8();
    const QByteArray from = "<" + settings.from.toUtf8() + ">";
    const QByteArray username = settings.username.toUtf8();
    const QByteArray password = settings.password.toUtf8();
    curl_slist *recipients = nullptr;
    QList<QByteArray> keep; // curl_slist copies, but keep the bytes alive until then anyway
    for (const QString &to : settings.to) {
        keep.append("<" + to.toUtf8() + ">");
        recipients = curl_slist_append(recipients, keep.last().constData());
    }
    Upload upload{&message};
    char errorBuffer[CURL_ERROR_SIZE] = {};
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, recipients);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readMessage);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(timeoutMs));
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_ERRORBUFFER, errorBuffer);
    if (settings.url.startsWith(QLatin1String("smtp://")) && settings.startTls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_TRY));
    if (!username.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, username.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    const CURLcode code = curl_easy_perform(curl);
    long response = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &response);
    curl_slist_free_all(recipients);
    curl_easy_cleanup(curl);
    result.status = int(response);
    result.ok = code == CURLE_OK;
    if (!result.ok) {
        result.error = QStringLiteral("SMTP: %1").arg(QString::fromUtf8(errorBuffer[0] ? errorBuffer : curl_easy_strerror(code)));
        // A refused login or recipient will be refused again; a dead server may come back.
        result.permanent = code == CURLE_LOGIN_DENIED || code == CURLE_SEND_FAIL_REWIND || (response >= 500 && response < 600);
    }
    return result;
}

} // namespace notify
