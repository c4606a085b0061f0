#include "services/RouteSupport.h"

#include <QJsonDocument>

namespace services {

QByteArray compactJson(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

std::optional<QJsonValue> requestJson(const ingest::HttpRequest &request, const ingest::ApiServer::Respond &respond, bool emptyIsObject)
{
    if (request.body.trimmed().isEmpty()) {
        if (emptyIsObject)
            return QJsonValue(QJsonObject());
        respond(ingest::HttpResponse::error(400, QStringLiteral("a JSON body is required")));
        return std::nullopt;
    }
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(request.body, &error);
    if (document.isNull()) {
        respond(ingest::HttpResponse::error(400, QStringLiteral("invalid JSON: %1 at offset %2").arg(error.errorString()).arg(error.offset)));
        return std::nullopt;
    }
    return document.isObject() ? QJsonValue(document.object()) : QJsonValue(document.array());
}

ingest::HttpResponse invalidResponse(const QString &message, const QString &path, const QString &problem)
{
    return ingest::HttpResponse::error(400, message, {QJsonObject{{QStringLiteral("path"), path}, {QStringLiteral("problem"), problem}}});
}

} // namespace services
