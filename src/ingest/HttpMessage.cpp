#include "ingest/HttpMessage.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>

namespace ingest {

HttpResponse HttpResponse::json(int status, const QJsonObject &object)
{
    return json(status, QJsonDocument(object).toJson(QJsonDocument::Compact));
}

HttpResponse HttpResponse::json(int status, const QByteArray &compactJson)
{
    HttpResponse response;
    response.status = status;
    response.body = compactJson;
    return response;
}

HttpResponse HttpResponse::error(int status, const QString &message, const QJsonArray &details)
{
    return json(status, QJsonObject{{QStringLiteral("error"), message}, {QStringLiteral("details"), details}});
}

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 411: return "Length Required";
    case 413: return "Content Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 503: return "Service Unavailable";
    case 505: return "HTTP Version Not Supported";
    default: return "Unknown";
    }
}

QByteArray serializeResponse(const HttpResponse &response, bool keepAlive)
{
    // An HTTP-date in English whatever the locale, per RFC 9110; formatted once a second per thread.
    thread_local qint64 dateSecond = -1;
    thread_local QByteArray date;
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    if (now != dateSecond) {
        dateSecond = now;
        date = QLocale::c().toString(QDateTime::fromSecsSinceEpoch(now, Qt::UTC), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
    }
    QByteArray out;
    out.reserve(192 + response.body.size());
    out.append("HTTP/1.1 ").append(QByteArray::number(response.status)).append(' ').append(reasonPhrase(response.status));
    out.append("\r\nServer: Sentinel/" SENTINEL_VERSION "\r\nDate: ").append(date);
    if (!response.body.isEmpty() || response.status >= 200)
        out.append("\r\nContent-Type: ").append(response.contentType);
    out.append("\r\nContent-Length: ").append(QByteArray::number(response.body.size()));
    for (const auto &header : response.headers)
        out.append("\r\n").append(header.first).append(": ").append(header.second);
    out.append(keepAlive && !response.closeConnection ? "\r\nConnection: keep-alive\r\n\r\n" : "\r\nConnection: close\r\n\r\n");
    out.append(response.body);
    return out;
}

} // namespace ingest
