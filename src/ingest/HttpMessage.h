#pragma once

#include <QByteArray>
#include <QHash>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QUrlQuery>

namespace ingest {

struct HttpRequest
{
    QByteArray method;
    QByteArray target;              // as sent: path and query
    QString path;                   // percent-decoded path
    QUrlQuery query;
    QHash<QByteArray, QByteArray> headers; // names lower-cased; repeated headers joined with ", "
    QByteArray body;
    bool keepAlive = true;
    bool upgrade = false;

    QByteArray header(const QByteArray &lowerCaseName) const { return headers.value(lowerCaseName); }
};

struct HttpResponse
{
    int status = 200;
    QByteArray contentType = "application/json";
    QByteArray body;
    QList<QPair<QByteArray, QByteArray>> headers;
    bool closeConnection = false;

    void addHeader(const QByteArray &name, const QByteArray &value) { headers.append(qMakePair(name, value)); }

    static HttpResponse json(int status, const QJsonObject &object);
    static HttpResponse json(int status, const QByteArray &compactJson);
    // The error shape of the whole API: {"error": "...", "details": [...]}.
    static HttpResponse error(int status, const QString &message, const QJsonArray &details = {});
};

QByteArray reasonPhrase(int status);
QByteArray serializeResponse(const HttpResponse &response, bool keepAlive);

} // namespace ingest
