#pragma once

#include "ingest/ApiServer.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <optional>

namespace services {

QByteArray compactJson(const QJsonObject &object);

// The request body as JSON; answers 400 itself (and returns nothing) when it is missing or not
// JSON. An empty body is an empty object when `emptyIsObject`.
std::optional<QJsonValue> requestJson(const ingest::HttpRequest &request, const ingest::ApiServer::Respond &respond, bool emptyIsObject = false);

// 400 with every problem as {"path", "problem"} in details. Works for every module's problem
// type (rules, SLOs, silences, notification settings): they all have a path and a problem.
template<typename Problems>
ingest::HttpResponse invalidResponse(const QString &message, const Problems &problems)
{
    QJsonArray details;
    for (const auto &p : problems)
        details.append(QJsonObject{{QStringLiteral("path"), p.path}, {QStringLiteral("problem"), p.problem}});
    return ingest::HttpResponse::error(400, message, details);
}

// Adds METHOD PATTERN behind SCOPE whose handler runs on `service`'s thread (the HTTP thread only
// hands the call over); while `(service->*isRunning)()` is false the call answers 503.
template<typename Service>
void addServiceRoute(ingest::ApiServer *api, Service *service, const char *method, const char *pattern, const QString &scope,
                     void (Service::*handler)(const ingest::ApiServer::RouteCall &, const ingest::ApiServer::Respond &),
                     bool (Service::*isRunning)() const, const QString &notRunning)
{
    api->addRoute(method, QLatin1String(pattern), scope, [=](ingest::ApiServer::RouteCall call, ingest::ApiServer::Respond respond) {
        QMetaObject::invokeMethod(
            service,
            [=, call = std::move(call), respond = std::move(respond)] {
                if (!(service->*isRunning)())
                    return respond(ingest::HttpResponse::error(503, notRunning));
                (service->*handler)(call, respond);
            },
            Qt::QueuedConnection);
    });
}

// The same for a single problem.
ingest::HttpResponse invalidResponse(const QString &message, const QString &path, const QString &problem);

} // namespace services
